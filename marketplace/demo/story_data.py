"""Stories for the demo's Wagtail pages: four producers and three products.

Mr Phan Thế Độ's words follow what he told Báo Tuyên Quang (January 2026); the other
people and their words are invented for the demo.
"""

HOME_INTRO = (
    "<p>Chè Shan Tuyết từ đồi chè Tân Lập, chuối Viba Liên Sơn, mật ong bạc hà cao nguyên "
    "đá… mua tận tay người làm ra, giao về tận nhà. Mỗi sản phẩm ghi rõ xã xuất xứ, mùa vụ "
    "và hạng sao OCOP còn hiệu lực.</p>"
)

INDEX = {
    "slug": "cau-chuyen",
    "title": "Câu chuyện làng nghề",
    "intro": (
        "<p>Người trồng chè, nuôi ong, dệt vải kể về làng mình, về mùa vụ và cách họ làm "
        "ra từng sản phẩm.</p>"
    ),
}

PRODUCER_STORIES = [
    {
        "slug": "phan-the-do-che-shan-tuyet-tan-lap",
        "title": "Ông Phan Thế Độ và đồi chè Shan Tuyết Tân Lập",
        "seller": "che-shan-tuyet-phan-the-do",
        "village": "Thôn Tân Lập",
        "summary": (
            "Hơn 30 năm làm chè Shan Tuyết, ông Độ giờ tự livestream để kể cho khách nghe "
            "chè được chăm, hái và sao thế nào."
        ),
        "cover": ("tea", "#2f6b3a", "#7fb069"),
        "body": [
            ("heading", "Ba mươi năm với cây chè"),
            (
                "paragraph",
                "<p>Gia đình ông Phan Thế Độ ở thôn Tân Lập, xã Vĩnh Tuy làm chè Shan Tuyết đã "
                "hơn ba mươi năm. Trước kia chè chủ yếu bán cho khách quen; người ở xa muốn mua "
                "phải nhờ người quen gửi xe.</p>",
            ),
            (
                "quote",
                {
                    "text": "Bây giờ tôi trực tiếp bán hàng trực tuyến trên Facebook và TikTok. "
                    "Qua đó, câu chuyện về thương hiệu, về cách chăm sóc, thu hái, chế "
                    "biến và thưởng thức chè được nhiều khách hàng biết đến hơn.",
                    "attribution": "Ông Phan Thế Độ, thôn Tân Lập",
                },
            ),
            ("heading", "Từ tổ công nghệ số đến gian hàng trực tuyến"),
            (
                "paragraph",
                "<p>Xã Vĩnh Tuy có 28 tổ công nghệ số cộng đồng ở các thôn, hướng dẫn bà con "
                "dùng VNeID, dịch vụ công trực tuyến và thanh toán không tiền mặt. Trên Chợ "
                "Làng, một thành viên của tổ được ông Độ ủy quyền giúp cập nhật sản phẩm; mọi "
                "thay đổi đều ghi rõ ai làm.</p>",
            ),
            (
                "facts",
                [
                    ("Nơi trồng", "Thôn Tân Lập, xã Vĩnh Tuy, Tuyên Quang"),
                    ("Giống chè", "Shan Tuyết"),
                    ("Kinh nghiệm", "Hơn 30 năm làm chè"),
                    ("Cách bán", "Livestream Facebook, TikTok và Chợ Làng"),
                ],
            ),
        ],
    },
    {
        "slug": "chuoi-viba-lien-son",
        "title": "Chuối Viba: nải chuối đi từ Liên Sơn lên sàn",
        "seller": "htx-chuoi-viba-lien-son",
        "village": "Các xóm trồng chuối",
        "summary": (
            "Từ một xã thí điểm chuyển đổi số năm 2021, chuối Viba của Liên Sơn đã tìm "
            "được người mua ở xa qua các sàn thương mại điện tử."
        ),
        "cover": ("banana", "#5d8f2b", "#f0c232"),
        "body": [
            ("heading", "Một xã thí điểm"),
            (
                "paragraph",
                "<p>Từ tháng 7/2021, Liên Sơn (huyện Lương Sơn, tỉnh Hòa Bình cũ) là một trong "
                "hai xã thí điểm mô hình chuyển đổi số cấp xã của tỉnh. Chuối Viba, sản phẩm "
                "OCOP của xã, được đưa lên các sàn Voso và Postmart.</p>",
            ),
            (
                "quote",
                {
                    "text": "Trước đây thương lái trả giá nào biết giá ấy. Giờ khách đặt trước, "
                    "mình cắt chuối đúng độ già rồi mới gửi đi.",
                    "attribution": "Anh Bùi Văn Thắng, đại diện hợp tác xã",
                },
            ),
            ("heading", "Chín tự nhiên"),
            (
                "paragraph",
                "<p>Hợp tác xã chỉ cắt buồng khi chuối đã già, để chín tự nhiên, không dùng "
                "thuốc giấm. Nải đến tay người mua còn hơi xanh và chín dần trong vài ngày.</p>",
            ),
            (
                "facts",
                [
                    ("Nơi trồng", "Xã Liên Sơn, Phú Thọ"),
                    ("Sản phẩm", "Chuối tươi, chuối sấy dẻo, bột chuối xanh"),
                    ("Thu hoạch", "Quanh năm"),
                ],
            ),
        ],
    },
    {
        "slug": "mat-ong-bac-ha-meo-vac",
        "title": "Mùa hoa bạc hà trên cao nguyên đá",
        "seller": "htx-ong-mat-bac-ha-meo-vac",
        "village": "Các bản nuôi ong",
        "summary": (
            "Cuối thu, hoa bạc hà dại nở trắng sườn núi đá. Người Mông ở Mèo Vạc chỉ quay "
            "mật bạc hà một lần trong năm."
        ),
        "cover": ("jar", "#8a7a5c", "#e2a21c"),
        "body": [
            ("heading", "Ong nội, hoa dại"),
            (
                "paragraph",
                "<p>Các hộ trong hợp tác xã nuôi giống ong nội trong thùng gỗ đặt quanh nhà và "
                "nương ngô. Từ tháng 10 đến tháng 12, ong lấy mật hoa bạc hà mọc dại trên cao "
                "nguyên đá Đồng Văn.</p>",
            ),
            (
                "quote",
                {
                    "text": "Năm nào rét sớm thì hoa ít, mật ít. Mình không ép ong, được bao "
                    "nhiêu bán bấy nhiêu.",
                    "attribution": "Anh Sùng Mí Dình, chủ nhiệm hợp tác xã",
                },
            ),
            ("heading", "Vì sao mật kết tinh"),
            (
                "paragraph",
                "<p>Mật bạc hà có thể đông lại thành hạt khi trời lạnh. Đó là hiện tượng tự nhiên; "
                "ngâm lọ mật trong nước ấm, mật sẽ lỏng trở lại.</p>",
            ),
            (
                "facts",
                [
                    ("Nơi nuôi ong", "Xã Mèo Vạc, Tuyên Quang"),
                    ("Mùa hoa", "Tháng 10 – tháng 12"),
                    ("Số lần quay mật", "Một lần mỗi năm"),
                ],
            ),
        ],
    },
    {
        "slug": "tho-cam-thai-mai-chau",
        "title": "Khung cửi dưới gầm nhà sàn Mai Châu",
        "seller": "htx-det-tho-cam-mai-chau",
        "village": "Bản Lác",
        "summary": (
            "Phụ nữ Thái trắng ở Mai Châu vẫn dệt thổ cẩm bằng khung cửi gỗ, mỗi tấm khăn "
            "mất chừng một ngày."
        ),
        "cover": ("fabric", "#8e2c48", "#d9a441"),
        "body": [
            ("heading", "Hoa văn giữ từ đời bà"),
            (
                "paragraph",
                "<p>Những mẫu hoa văn hình thoi, hình răng cưa được các bà, các mẹ truyền lại. "
                "Hợp tác xã chụp ảnh và đánh số từng mẫu để thợ trẻ dệt lại cho đúng.</p>",
            ),
            (
                "quote",
                {
                    "text": "Khách hỏi sao khăn mỗi chiếc một màu hơi khác. Vì sợi nhuộm theo mẻ, "
                    "dệt bằng tay, không chiếc nào giống hệt chiếc nào.",
                    "attribution": "Chị Hà Thị Nguyệt, Bản Lác",
                },
            ),
            (
                "facts",
                [
                    ("Nơi dệt", "Bản Lác, xã Mai Châu, Phú Thọ"),
                    ("Chất liệu", "Sợi bông"),
                    ("Thời gian dệt", "Khoảng một ngày cho một chiếc khăn"),
                ],
            ),
        ],
    },
]

PRODUCT_STORIES = [
    {
        "slug": "lam-che-shan-tuyet-bup",
        "title": "Một mẻ chè Shan Tuyết được làm thế nào",
        "product": "CL-TDO-SHAN-100",
        "summary": "Từ búp chè hái buổi sáng đến hộp chè khô: hái, làm héo, sao, vò và sấy.",
        "cover": ("tea", "#3d5f2a", "#d9b44a"),
        "body": [
            ("heading", "Hái"),
            (
                "paragraph",
                "<p>Búp một tôm hai lá được hái vào buổi sáng, khi sương đã ráo. Búp hái về "
                "được rải mỏng cho héo bớt nước.</p>",
            ),
            ("heading", "Sao và vò"),
            (
                "paragraph",
                "<p>Chè được sao trên chảo nóng cho diệt men, rồi vò tay cho cánh chè xoăn lại. "
                "Sau cùng chè được sấy khô và nhặt bỏ cẫng, lá già.</p>",
            ),
            (
                "facts",
                [
                    ("Nguyên liệu", "Búp Shan Tuyết một tôm hai lá"),
                    ("Vụ chính", "Xuân (tháng 3–4) và thu (tháng 8–10)"),
                    ("Bảo quản", "Nơi khô, tránh nắng, dùng trong 12 tháng"),
                ],
            ),
        ],
    },
    {
        "slug": "gao-st25-ruong-lua-tom",
        "title": "Lúa ST25 trên ruộng nuôi tôm",
        "product": "CL-MXN-ST25TOM",
        "summary": (
            "Mùa khô nuôi tôm, mùa mưa cấy lúa: trên ruộng lúa – tôm, cây lúa không cần "
            "thuốc trừ sâu hoá học."
        ),
        "cover": ("rice", "#2f7f6f", "#c0532a"),
        "body": [
            ("heading", "Hai vụ trên một thửa ruộng"),
            (
                "paragraph",
                "<p>Mùa khô, nước mặn vào ruộng và bà con nuôi tôm. Khi mưa đã rửa mặn, ruộng "
                "được cấy một vụ lúa ST25. Gốc rạ và phù sa lại nuôi vụ tôm sau.</p>",
            ),
            (
                "quote",
                {
                    "text": "Phun thuốc thì tôm chết, nên ruộng lúa – tôm phải làm sạch từ đầu.",
                    "attribution": "Anh Trần Văn Lộc, hợp tác xã lúa – tôm",
                },
            ),
            (
                "facts",
                [
                    ("Giống lúa", "ST25"),
                    ("Thu hoạch", "Tháng 12 – tháng 1"),
                    ("OCOP", "5 sao, cấp quốc gia"),
                ],
            ),
        ],
    },
    {
        "slug": "nhan-long-pho-hien",
        "title": "Nhãn lồng Phố Hiến: cắt buổi sáng, giao buổi chiều",
        "product": "CL-PHN-NHAN",
        "summary": "Mùa nhãn chỉ hơn một tháng; mỗi chùm được cắt theo đơn từ sáng sớm.",
        "cover": ("fruits", "#8f7a3a", "#c9a66b"),
        "body": [
            ("heading", "Mùa ngắn"),
            (
                "paragraph",
                "<p>Nhãn lồng chín vào tháng 7 và tháng 8. Ông Hải cắt cả chùm vào sáng sớm, "
                "để nguyên cành lá cho quả lâu héo, rồi đóng thùng giao trong ngày.</p>",
            ),
            (
                "quote",
                {
                    "text": "Cây nhãn nhà tôi hơn bốn mươi năm, bố tôi trồng. Quả nhỏ hơn nhãn "
                    "lai nhưng cùi dày và ngọt sắc.",
                    "attribution": "Ông Đỗ Văn Hải, vườn nhãn Phố Hiến",
                },
            ),
            (
                "facts",
                [
                    ("Nơi trồng", "Phường Phố Hiến, Hưng Yên"),
                    ("Mùa", "Tháng 7 – tháng 8"),
                    ("Giữ lạnh", "Khoảng 4 ngày"),
                ],
            ),
        ],
    },
]
