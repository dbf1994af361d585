"""What the demo contains: real communes and OCOP specialties, invented shops and people.

Villages, communes and products are real; the people are invented, except Mr Phan Thế Độ
of Tân Lập village (Vĩnh Tuy commune, Tuyên Quang), whose Shan Tuyết tea and livestream
sales were reported by Báo Tuyên Quang in January 2026. Communes are named as they are
since the 1 July 2025 reform (34 provinces, no districts) and are looked up in the loaded
administrative units by (name, province): a missing one stops the load.

OCOP decision numbers are illustrative, not real decisions. Certificate dates are given
in months before the day the demo is loaded, so the demo keeps the same mix of valid,
expired and pending certificates whenever it is loaded. This module is only data, which
is why it is longer than the other modules.
"""

# Demo-only: printed by load_demo for people trying the demo, never used in production.
from marketplace.operations.guards import DEMO_PASSWORD  # noqa: E402,F401 (the published one)

SITE_URL = "http://127.0.0.1:8000/"

PRODUCT_CLASS = {"name": "Đặc sản OCOP", "slug": "dac-san-ocop"}

# key: name, description, picture colours, OCOP product group
CATEGORIES = {
    "tea": (
        "Chè & đồ uống",
        "Chè Shan Tuyết, chè trung du và đồ uống từ vùng chè.",
        "#2f6b3a",
        "beverage",
    ),
    "rice": (
        "Gạo & ngũ cốc",
        "Gạo đặc sản vùng cao và đồng bằng, xay theo từng đợt.",
        "#b8901f",
        "food",
    ),
    "produce": (
        "Rau củ quả",
        "Rau, quả tươi hái theo mùa, giao trong vài ngày.",
        "#5d8f2b",
        "food",
    ),
    "forest": (
        "Mật ong & đặc sản rừng",
        "Mật ong, măng, nấm và lâm sản ngoài gỗ.",
        "#a8611c",
        "food",
    ),
    "craft": ("Thủ công & thổ cẩm", "Vải, khăn, túi dệt tay trên khung cửi.", "#8e2c48", "textile"),
    "spice": (
        "Gia vị & nước chấm",
        "Nước mắm, hạt tiêu và gia vị làm theo lối truyền thống.",
        "#7a3b1d",
        "food",
    ),
    "dried": (
        "Đồ khô & quà quê",
        "Trái cây sấy, bánh và quà làm từ nông sản địa phương.",
        "#c46a1a",
        "food",
    ),
}

PROVINCE_DECISION = "QĐ-UBND"  # 3–4★: the province's People's Committee
NATIONAL_DECISION = "QĐ-BNNMT"  # 5★: the Ministry of Agriculture and Environment

# Demo accounts (all share DEMO_PASSWORD). "seller" owns the first shop below.
ACCOUNTS = [
    {
        "role": "operator",
        "label": "Quản trị sàn",
        "email": "admin@cholang.vn",
        "name": "Quản trị Chợ Làng",
        "superuser": True,
    },
    {
        "role": "commune_staff",
        "label": "Cán bộ xã Vĩnh Tuy",
        "phone": "0912 000 002",
        "email": "canbo.vinhtuy@cholang.vn",
        "name": "Hoàng Thị Lan",
        "title": "Chuyên viên Trung tâm Phục vụ hành chính công xã",
        "commune": ("Vĩnh Tuy", "Tuyên Quang"),
    },
    {
        "role": "seller",
        "label": "Người bán (Chè Shan Tuyết Phan Thế Độ)",
        "phone": "0912 000 001",
        "name": "Phan Thế Độ",
    },
    {
        "role": "helper",
        "label": "Tổ công nghệ số cộng đồng",
        "phone": "0912 000 003",
        "name": "Nguyễn Minh Tuấn",
        "helps": "che-shan-tuyet-phan-the-do",
    },
    {
        "role": "buyer",
        "label": "Người mua",
        "phone": "0912 000 004",
        "email": "nguoimua@cholang.vn",
        "name": "Trần Thu Hà",
    },
]


def _p(
    upc,
    title,
    category,
    unit,
    price,
    stock,
    description,
    *,
    season="",
    motif="pack",
    accent="#e0b050",
    ocop=None,
    images=1,
    origin=None,
):
    """One product row; ``ocop`` is (stars, decision number, months ago[, status])."""
    return {
        "upc": upc,
        "title": title,
        "category": category,
        "unit": unit,
        "price": price,
        "stock": stock,
        "description": description,
        "season": season,
        "motif": motif,
        "accent": accent,
        "ocop": ocop,
        "images": images,
        "origin": origin,
    }


SELLERS = [
    {
        "slug": "che-shan-tuyet-phan-the-do",
        "kind": "household",
        "display_name": "Chè Shan Tuyết Phan Thế Độ",
        "representative": "Phan Thế Độ",
        "phone": "0912 000 001",
        "commune": ("Vĩnh Tuy", "Tuyên Quang"),
        "address": "Thôn Tân Lập",
        "description": (
            "Gia đình ông Phan Thế Độ sản xuất, chế biến chè Shan Tuyết hơn 30 năm ở thôn "
            "Tân Lập. Ông tự livestream trên Facebook và TikTok để kể về cách chăm, hái, "
            "sao chè và bán thẳng cho người uống."
        ),
        "products": [
            _p(
                "CL-TDO-SHAN-100",
                "Chè Shan Tuyết búp Tân Lập – hộp 100 g",
                "tea",
                "hop",
                150000,
                60,
                "Búp chè Shan Tuyết một tôm hai lá, hái trên đồi chè của gia đình ở thôn Tân "
                "Lập. Chè được sao lửa và vò tay ngay trong ngày hái. Nước xanh vàng, vị chát "
                "dịu, hậu ngọt.",
                season="Chè xuân tháng 3–4, chè thu tháng 8–10",
                motif="tea",
                accent="#d9b44a",
                ocop=(4, f"1862/{PROVINCE_DECISION}", 14),
                images=2,
            ),
            _p(
                "CL-TDO-HONG-100",
                "Hồng trà Shan Tuyết – hộp 100 g",
                "tea",
                "hop",
                180000,
                40,
                "Búp Shan Tuyết được làm héo, vò rồi để lên men tự nhiên trước khi sấy khô. "
                "Nước màu hổ phách, thơm mùi mật nhẹ; pha nóng hay ủ lạnh đều hợp.",
                season="Chè xuân tháng 3–4, chè thu tháng 8–10",
                motif="tea",
                accent="#b5562b",
                ocop=(3, f"1862/{PROVINCE_DECISION}", 14),
            ),
            _p(
                "CL-TDO-BACH-50",
                "Bạch trà Shan Tuyết – hộp 50 g",
                "tea",
                "hop",
                250000,
                20,
                "Chỉ hái những búp non còn phủ lông tơ trắng, làm héo tự nhiên rồi sấy nhẹ, "
                "không vò. Nước vàng nhạt, vị thanh và ngọt lâu. Mỗi năm chỉ làm được ít, "
                "vào đầu vụ xuân.",
                season="Đầu vụ xuân (tháng 3)",
                motif="tea",
                accent="#efe6c8",
                ocop=(5, f"412/{NATIONAL_DECISION}", 8),
            ),
            _p(
                "CL-TDO-SHAN-500",
                "Chè Shan Tuyết Tân Lập – gói 500 g",
                "tea",
                "goi",
                550000,
                25,
                "Cùng loại chè búp như hộp 100 g, đóng túi hút chân không cho gia đình uống "
                "hằng ngày. Bảo quản nơi khô, tránh nắng; ngon nhất trong 12 tháng.",
                season="Chè xuân tháng 3–4, chè thu tháng 8–10",
                motif="pack",
                accent="#5f8f3a",
                ocop=(4, f"1862/{PROVINCE_DECISION}", 14),
            ),
        ],
    },
    {
        "slug": "htx-chuoi-viba-lien-son",
        "kind": "cooperative",
        "display_name": "HTX Chuối Viba Liên Sơn",
        "representative": "Bùi Văn Thắng",
        "phone": "0912 100 011",
        "commune": ("Liên Sơn", "Phú Thọ"),
        "address": "Trụ sở hợp tác xã, khu trung tâm xã",
        "description": (
            "Hợp tác xã của các hộ trồng chuối ở Liên Sơn (huyện Lương Sơn, tỉnh Hòa Bình "
            "cũ). Chuối Viba là sản phẩm OCOP của xã và đã được bán trên các sàn Voso và "
            "Postmart trước khi lên Chợ Làng."
        ),
        "products": [
            _p(
                "CL-VIBA-NAI",
                "Chuối Viba Liên Sơn – nải",
                "produce",
                "nai",
                45000,
                80,
                "Mỗi nải 1,5–2 kg, cắt khi chuối đã già và để chín tự nhiên. Vỏ mỏng, ruột "
                "dẻo, ngọt đậm. Chuối tiếp tục chín trong 2–3 ngày sau khi nhận.",
                season="Quanh năm, ngon nhất tháng 9–12",
                motif="banana",
                accent="#f0c232",
                ocop=(3, f"2047/{PROVINCE_DECISION}", 18),
                images=2,
            ),
            _p(
                "CL-VIBA-SAY",
                "Chuối Viba sấy dẻo – gói 250 g",
                "dried",
                "goi",
                50000,
                70,
                "Chuối chín cắt lát, sấy ở nhiệt độ thấp, không thêm đường và chất bảo quản. "
                "Dẻo, ngọt tự nhiên; sau khi mở gói nên dùng trong một tuần.",
                motif="pack",
                accent="#c98a2b",
                ocop=(3, f"2047/{PROVINCE_DECISION}", 18),
            ),
            _p(
                "CL-VIBA-BOT",
                "Bột chuối xanh Liên Sơn – hộp 300 g",
                "dried",
                "hop",
                95000,
                30,
                "Chuối xanh gọt vỏ, thái lát, sấy khô rồi xay mịn. Dùng pha nước uống hoặc "
                "nấu cháo. Đây là thực phẩm, không phải thuốc.",
                motif="pack",
                accent="#9dbb5a",
            ),
        ],
    },
    {
        "slug": "htx-rau-an-toan-nam-thuong",
        "kind": "cooperative",
        "display_name": "HTX Rau an toàn Nam Thượng",
        "representative": "Quách Thị Hoa",
        "phone": "0912 100 012",
        "commune": ("Hợp Kim", "Phú Thọ"),
        "address": "Khu vực xã Nam Thượng cũ (huyện Kim Bôi cũ)",
        "description": (
            "Các hộ trồng bí và dưa chuột của Nam Thượng góp thành hợp tác xã, ghi nhật ký "
            "canh tác cho từng luống. Rau quả đã lên các sàn Voso và Postmart từ khi xã thí "
            "điểm chuyển đổi số năm 2021."
        ),
        "products": [
            _p(
                "CL-NTH-BIXANH",
                "Bí xanh thơm Nam Thượng",
                "produce",
                "kg",
                18000,
                120,
                "Bí xanh giống địa phương, quả nhỏ 1–2 kg, ruột đặc, nấu canh có mùi thơm "
                "nhẹ. Trồng theo quy trình rau an toàn của hợp tác xã và hái khi quả đủ già.",
                season="Tháng 4–8",
                motif="gourd",
                accent="#4f7d3a",
                ocop=(3, f"2047/{PROVINCE_DECISION}", 24),
                images=2,
            ),
            _p(
                "CL-NTH-DUACHUOT",
                "Dưa chuột Nam Thượng",
                "produce",
                "kg",
                20000,
                100,
                "Dưa chuột hái sáng sớm, quả thẳng, giòn, ít hạt. Ăn sống, trộn gỏi hay muối "
                "chua đều được; để ngăn mát giữ được khoảng 5 ngày.",
                season="Vụ xuân tháng 3–5, vụ đông tháng 10–12",
                motif="gourd",
                accent="#6fa13f",
            ),
            _p(
                "CL-NTH-BINGOI",
                "Bí ngòi xanh Nam Thượng",
                "produce",
                "kg",
                28000,
                60,
                "Bí ngòi hái khi quả dài 20–25 cm, vỏ mỏng, ruột đặc. Xào, nấu canh hay "
                "nướng đều ngon; không cần gọt vỏ.",
                season="Vụ đông, tháng 11–3",
                motif="gourd",
                accent="#3e6b2a",
            ),
        ],
    },
    {
        "slug": "htx-nong-san-bao-nhai",
        "kind": "cooperative",
        "display_name": "HTX Nông sản Bảo Nhai",
        "representative": "Hoàng Văn Thịnh",
        "phone": "0912 100 013",
        "commune": ("Bảo Nhai", "Lào Cai"),
        "address": "Trụ sở hợp tác xã, trung tâm xã Bảo Nhai",
        "description": (
            "Hợp tác xã ở xã vùng cao Bảo Nhai, nơi các tổ công nghệ số cộng đồng hướng dẫn "
            "bà con đưa nông sản lên sàn. Mận tam hoa và lúa nếp nương là hai cây chính."
        ),
        "products": [
            _p(
                "CL-BNH-MAN",
                "Mận tam hoa Bắc Hà",
                "produce",
                "kg",
                45000,
                90,
                "Mận tam hoa trồng trên đồi Bảo Nhai, vỏ phủ phấn trắng, ruột đỏ, giòn, chua "
                "ngọt. Hái khi quả chín tới và đóng thùng trong ngày.",
                season="Tháng 5–6",
                motif="fruits",
                accent="#6b2d5c",
                ocop=(3, f"3120/{PROVINCE_DECISION}", 22),
                images=2,
            ),
            _p(
                "CL-BNH-MANSAY",
                "Mận tam hoa sấy dẻo – gói 300 g",
                "dried",
                "goi",
                70000,
                40,
                "Mận chín bỏ hạt, sấy dẻo với một ít đường. Vị chua ngọt, để được lâu, hợp "
                "làm quà.",
                motif="pack",
                accent="#7d2f4f",
                ocop=(3, f"1188/{PROVINCE_DECISION}", 40, "expired"),
            ),
            _p(
                "CL-BNH-NEP",
                "Gạo nếp nương Bảo Nhai – túi 2 kg",
                "rice",
                "tui",
                90000,
                50,
                "Lúa nếp trồng trên nương, mỗi năm một vụ, không bón phân hoá học. Hạt tròn, "
                "đục; đồ xôi dẻo và thơm.",
                season="Thu hoạch tháng 9–10",
                motif="rice",
                accent="#8a6d2f",
                ocop=(3, f"3120/{PROVINCE_DECISION}", 10),
            ),
        ],
    },
    {
        "slug": "dac-san-rung-nam-quang",
        "kind": "household",
        "display_name": "Đặc sản rừng Nam Quang",
        "representative": "Lý Thị Duyên",
        "phone": "0912 100 014",
        "commune": ("Việt Lâm", "Tuyên Quang"),
        "address": "Thôn Nam Quang",
        "description": (
            "Hộ gia đình người Dao ở thôn Nam Quang nhận khoán bảo vệ rừng và thu hái măng, "
            "nấm, mộc nhĩ theo mùa. Từ khi thôn có máy tính và tổ công nghệ số, đơn hàng "
            "được nhận và in phiếu ngay tại nhà văn hoá."
        ),
        "products": [
            _p(
                "CL-VLM-MANG",
                "Măng nứa khô Việt Lâm – gói 500 g",
                "forest",
                "goi",
                120000,
                45,
                "Măng nứa lấy từ rừng nhận khoán, luộc chín rồi phơi nắng và gác bếp, không "
                "dùng lưu huỳnh. Ngâm nước vo gạo một đêm trước khi nấu.",
                season="Thu hái tháng 6–9",
                motif="pack",
                accent="#9b7a3a",
                ocop=(3, f"1530/{PROVINCE_DECISION}", 16),
                images=2,
            ),
            _p(
                "CL-VLM-MOCNHI",
                "Mộc nhĩ rừng – gói 300 g",
                "forest",
                "goi",
                90000,
                35,
                "Mộc nhĩ mọc trên thân gỗ mục, được nhặt tay và phơi khô. Tai dày, nấu vẫn "
                "giòn. Ngâm nở trước khi dùng.",
                season="Tháng 4–9",
                motif="pack",
                accent="#3b2a22",
            ),
            _p(
                "CL-VLM-NAMHUONG",
                "Nấm hương rừng – gói 200 g",
                "forest",
                "goi",
                110000,
                30,
                "Nấm hương mọc trên gỗ dẻ, hái tay và sấy khô. Mũ nhỏ, dày, thơm đậm hơn "
                "nấm trồng.",
                season="Tháng 2–4",
                motif="pack",
                accent="#6a4326",
                ocop=(3, f"1530/{PROVINCE_DECISION}", 16),
            ),
        ],
    },
    {
        "slug": "htx-nong-nghiep-cong-nghe-cao-vu-di",
        "kind": "cooperative",
        "display_name": "HTX Nông nghiệp công nghệ cao Vũ Di",
        "representative": "Nguyễn Văn Hưng",
        "phone": "0912 100 015",
        "commune": ("Vĩnh Tường", "Phú Thọ"),
        "address": "Thôn Vũ Di (xã Vũ Di cũ, huyện Vĩnh Tường cũ)",
        "description": (
            "Ở thôn Vũ Di, bảy phần mười người dân làm nông nghiệp và đang chuyển sang nhà "
            "màng, tưới nhỏ giọt. Hợp tác xã gom rau quả của các hộ, bán qua Zalo và nay "
            "qua Chợ Làng."
        ),
        "products": [
            _p(
                "CL-VDI-CHERRY",
                "Cà chua cherry nhà màng – hộp 500 g",
                "produce",
                "hop",
                45000,
                70,
                "Trồng trong nhà màng, tưới nhỏ giọt theo độ ẩm đất. Quả nhỏ, đỏ đều, ngọt; "
                "ăn sống hoặc làm salad.",
                season="Tháng 11–5",
                motif="fruits",
                accent="#d7301f",
                ocop=(3, f"2290/{PROVINCE_DECISION}", 1, "pending"),
                images=2,
            ),
            _p(
                "CL-VDI-DUALUOI",
                "Dưa lưới nhà màng Vũ Di",
                "produce",
                "kg",
                65000,
                50,
                "Dưa lưới ruột cam, mỗi quả 1,2–1,8 kg, hái khi cuống nứt chân chim. Để thêm "
                "1–2 ngày ở nhiệt độ phòng cho dậy mùi rồi mới bổ.",
                season="Tháng 4–7 và 9–11",
                motif="fruits",
                accent="#e9b35f",
                ocop=(3, f"1045/{PROVINCE_DECISION}", 6),
            ),
        ],
    },
    {
        "slug": "htx-ong-mat-bac-ha-meo-vac",
        "kind": "cooperative",
        "display_name": "HTX Ong mật bạc hà Mèo Vạc",
        "representative": "Sùng Mí Dình",
        "phone": "0912 100 016",
        "commune": ("Mèo Vạc", "Tuyên Quang"),
        "address": "Trụ sở hợp tác xã, trung tâm xã Mèo Vạc",
        "description": (
            "Các hộ người Mông nuôi ong nội trên cao nguyên đá Đồng Văn. Cuối thu, khi hoa "
            "bạc hà dại nở trắng các sườn núi, họ quay mật một lần trong năm."
        ),
        "products": [
            _p(
                "CL-MVC-MATONG500",
                "Mật ong bạc hà Mèo Vạc – chai 500 ml",
                "forest",
                "chai",
                380000,
                40,
                "Mật do đàn ong nội lấy từ hoa bạc hà dại trên cao nguyên đá. Màu vàng sáng, "
                "thơm mát. Trời lạnh mật có thể kết tinh: đó là hiện tượng tự nhiên, không "
                "phải mật giả.",
                season="Hoa bạc hà nở tháng 10–12",
                motif="bottle",
                accent="#e2a21c",
                ocop=(4, f"1766/{PROVINCE_DECISION}", 12),
                images=2,
            ),
            _p(
                "CL-MVC-MATONG250",
                "Mật ong bạc hà Mèo Vạc – hũ 250 g",
                "forest",
                "hu",
                200000,
                50,
                "Cùng mẻ mật với chai 500 ml, đóng hũ thuỷ tinh nhỏ để làm quà. Không pha "
                "đường, không cô đặc bằng nhiệt.",
                season="Hoa bạc hà nở tháng 10–12",
                motif="jar",
                accent="#e8b53a",
                ocop=(4, f"1766/{PROVINCE_DECISION}", 12),
            ),
            _p(
                "CL-MVC-TAMGIAC",
                "Bánh tam giác mạch – hộp 300 g",
                "dried",
                "hop",
                65000,
                60,
                "Bánh làm từ bột hạt tam giác mạch trồng trên nương đá, nướng giòn, ít ngọt. "
                "Hạt được thu hoạch sau mùa hoa tháng 11.",
                motif="pack",
                accent="#b06a8c",
                origin=("Đồng Văn", "Tuyên Quang"),
                ocop=(3, f"1766/{PROVINCE_DECISION}", 12),
            ),
        ],
    },
    {
        "slug": "htx-gao-seng-cu-muong-khuong",
        "kind": "cooperative",
        "display_name": "HTX Gạo Séng Cù Mường Khương",
        "representative": "Thào Seo Chính",
        "phone": "0912 100 017",
        "commune": ("Mường Khương", "Lào Cai"),
        "address": "Trụ sở hợp tác xã, trung tâm xã Mường Khương",
        "description": (
            "Hợp tác xã của các hộ trồng lúa Séng Cù trên ruộng bậc thang Mường Khương, mỗi "
            "năm một vụ, thu mua thóc của xã viên và xay xát tại chỗ."
        ),
        "products": [
            _p(
                "CL-MKG-SENGCU5",
                "Gạo Séng Cù Mường Khương – túi 5 kg",
                "rice",
                "tui",
                160000,
                80,
                "Séng Cù là giống lúa của đồng bào vùng cao Lào Cai, cấy mỗi năm một vụ. Hạt "
                "dài, cơm mềm, dẻo, để nguội không bị cứng.",
                season="Thu hoạch tháng 9–10",
                motif="rice",
                accent="#5b7f3a",
                ocop=(4, f"3120/{PROVINCE_DECISION}", 20),
                images=2,
            ),
            _p(
                "CL-MKG-SENGCU2",
                "Gạo Séng Cù – túi 2 kg",
                "rice",
                "tui",
                68000,
                100,
                "Cùng loại gạo Séng Cù, túi nhỏ cho gia đình ít người hoặc để nếm thử. Gạo xay "
                "theo từng đợt nên luôn mới.",
                season="Thu hoạch tháng 9–10",
                motif="rice",
                accent="#7a9a48",
                ocop=(4, f"3120/{PROVINCE_DECISION}", 20),
            ),
        ],
    },
    {
        "slug": "htx-lua-tom-my-xuyen",
        "kind": "cooperative",
        "display_name": "HTX Lúa – tôm Mỹ Xuyên",
        "representative": "Trần Văn Lộc",
        "phone": "0912 100 018",
        "commune": ("Mỹ Xuyên", "Cần Thơ"),
        "address": "Trụ sở hợp tác xã, phường Mỹ Xuyên",
        "description": (
            "Vùng đất quê hương của giống lúa ST25 (Sóc Trăng cũ). Xã viên nuôi tôm mùa khô "
            "và cấy một vụ lúa mùa mưa trên cùng thửa ruộng."
        ),
        "products": [
            _p(
                "CL-MXN-ST25",
                "Gạo ST25 Mỹ Xuyên – túi 5 kg",
                "rice",
                "tui",
                200000,
                120,
                "ST25 là giống lúa thơm do các kỹ sư Sóc Trăng lai tạo. Cơm trắng, dẻo, thơm "
                "nhẹ mùi lá dứa, để nguội vẫn mềm. Gạo xay theo đợt và đóng túi hút chân không.",
                season="Vụ đông xuân, thu hoạch tháng 2–3",
                motif="rice",
                accent="#2f7f6f",
                ocop=(4, f"2518/{PROVINCE_DECISION}", 26),
            ),
            _p(
                "CL-MXN-ST25TOM",
                "Gạo ST25 lúa – tôm – túi 5 kg",
                "rice",
                "tui",
                230000,
                60,
                "Lúa cấy một vụ trên ruộng nuôi tôm, khi mưa đã rửa mặn. Ruộng không phun "
                "thuốc trừ sâu hoá học vì tôm cần nước sạch. Cơm thơm, dẻo như ST25 ruộng chuyên.",
                season="Thu hoạch tháng 12–1",
                motif="rice",
                accent="#c0532a",
                ocop=(5, f"412/{NATIONAL_DECISION}", 9),
                images=2,
            ),
        ],
    },
    {
        "slug": "htx-det-tho-cam-mai-chau",
        "kind": "cooperative",
        "display_name": "HTX Dệt thổ cẩm Mai Châu",
        "representative": "Hà Thị Nguyệt",
        "phone": "0912 100 019",
        "commune": ("Mai Châu", "Phú Thọ"),
        "address": "Bản Lác",
        "description": (
            "Phụ nữ Thái trắng ở Mai Châu dệt thổ cẩm trên khung cửi gỗ dưới gầm nhà sàn. "
            "Hợp tác xã giữ các mẫu hoa văn cũ và may thành khăn, túi cho khách."
        ),
        "products": [
            _p(
                "CL-MCH-KHAN",
                "Khăn quàng thổ cẩm Thái",
                "craft",
                "cai",
                180000,
                30,
                "Dệt tay trên khung cửi gỗ bằng sợi bông, hoa văn của người Thái trắng. Mỗi "
                "chiếc mất khoảng một ngày dệt; màu có thể hơi khác ảnh vì sợi nhuộm theo mẻ.",
                motif="fabric",
                accent="#8e2c48",
                ocop=(3, f"2047/{PROVINCE_DECISION}", 28),
                images=2,
            ),
            _p(
                "CL-MCH-TUI",
                "Túi đeo thổ cẩm",
                "craft",
                "cai",
                260000,
                25,
                "Túi may từ vải thổ cẩm dệt tay, lót vải bông, có khoá kéo. Cỡ khoảng "
                "25 × 30 cm, vừa điện thoại, ví và sổ tay.",
                motif="fabric",
                accent="#2d4f7c",
                ocop=(3, f"2047/{PROVINCE_DECISION}", 28),
            ),
            _p(
                "CL-MCH-TRAIBAN",
                "Khăn trải bàn thổ cẩm 1,2 m",
                "craft",
                "cai",
                420000,
                10,
                "Khổ 1,2 × 1,2 m, ghép từ ba khổ vải dệt tay. Lần đầu nên giặt tay bằng nước "
                "lạnh để giữ màu.",
                motif="fabric",
                accent="#5c2a1e",
            ),
        ],
    },
    {
        "slug": "che-tan-cuong-hong-thai",
        "kind": "household",
        "display_name": "Chè Tân Cương Hồng Thái",
        "representative": "Nguyễn Thị Hồng",
        "phone": "0912 100 020",
        "commune": ("Tân Cương", "Thái Nguyên"),
        "address": "Vùng chè đặc sản xã Tân Cương",
        "description": (
            "Ba thế hệ trồng và sao chè trung du ở Tân Cương. Chè được sao bằng chảo gang "
            "quay tay, mỗi mẻ vài cân búp tươi."
        ),
        "products": [
            _p(
                "CL-TCG-MOCCAU",
                "Chè móc câu Tân Cương – gói 200 g",
                "tea",
                "goi",
                160000,
                80,
                "Búp chè trung du hái một tôm hai lá, sao chảo gang nên cánh chè xoăn như móc "
                "câu. Nước xanh, chát nhẹ đầu lưỡi rồi ngọt hậu, thơm mùi cốm.",
                season="Tháng 3–11",
                motif="tea",
                accent="#4d7f2f",
                ocop=(4, f"1377/{PROVINCE_DECISION}", 24),
                images=2,
            ),
            _p(
                "CL-TCG-NONTOM",
                "Chè nõn tôm Tân Cương – hộp 100 g",
                "tea",
                "hop",
                200000,
                40,
                "Chỉ hái phần nõn và một lá non. Cánh chè nhỏ, nhiều tuyết, nước vàng sáng, "
                "vị dịu hơn chè móc câu.",
                season="Tháng 3–11",
                motif="tea",
                accent="#8fb04a",
                ocop=(4, f"1377/{PROVINCE_DECISION}", 24),
            ),
        ],
    },
    {
        "slug": "htx-gao-bao-thai-cho-don",
        "kind": "cooperative",
        "display_name": "HTX Gạo Bao Thai Chợ Đồn",
        "representative": "Ma Văn Tuấn",
        "phone": "0912 100 021",
        "commune": ("Chợ Đồn", "Thái Nguyên"),
        "address": "Trụ sở hợp tác xã, trung tâm xã Chợ Đồn",
        "description": (
            "Hợp tác xã của người Tày ở Chợ Đồn (Bắc Kạn cũ), cấy giống lúa Bao Thai trên "
            "các cánh đồng ven suối."
        ),
        "products": [
            _p(
                "CL-CDN-BAOTHAI",
                "Gạo Bao Thai Chợ Đồn – túi 5 kg",
                "rice",
                "tui",
                130000,
                90,
                "Hạt nhỏ, cơm mềm, dẻo và đậm vị. Gạo xay theo từng đợt từ thóc của xã viên, "
                "không đánh bóng, không tẩm hương.",
                season="Vụ mùa, thu hoạch tháng 10",
                motif="rice",
                accent="#a0522d",
                ocop=(3, f"1530/{PROVINCE_DECISION}", 15),
                images=2,
            ),
        ],
    },
    {
        "slug": "vuon-nhan-pho-hien",
        "kind": "household",
        "display_name": "Vườn nhãn Phố Hiến",
        "representative": "Đỗ Văn Hải",
        "phone": "0912 100 022",
        "commune": ("Phố Hiến", "Hưng Yên"),
        "address": "Vườn nhãn ven đê sông Hồng",
        "description": (
            "Vườn nhãn lồng của gia đình ông Đỗ Văn Hải, có những cây hơn 40 năm tuổi. Nhãn "
            "cắt theo đơn mỗi sáng trong mùa, ngoài mùa có long nhãn sấy."
        ),
        "products": [
            _p(
                "CL-PHN-NHAN",
                "Nhãn lồng Phố Hiến",
                "produce",
                "kg",
                65000,
                150,
                "Nhãn lồng cùi dày, ráo, hạt nhỏ, ngọt sắc. Cắt cả chùm sáng sớm và giao trong "
                "1–2 ngày; để ngăn mát tủ lạnh giữ được khoảng 4 ngày.",
                season="Tháng 7–8",
                motif="fruits",
                accent="#c9a66b",
                ocop=(4, f"1095/{PROVINCE_DECISION}", 18),
                images=2,
            ),
            _p(
                "CL-PHN-LONGNHAN",
                "Long nhãn sấy – hộp 500 g",
                "dried",
                "hop",
                190000,
                40,
                "Cùi nhãn lồng bóc tay, sấy than đến khi dẻo, màu nâu cánh gián. Dùng nấu chè, "
                "hãm nước hoặc ăn trực tiếp.",
                motif="pack",
                accent="#7b4a22",
                ocop=(3, f"1095/{PROVINCE_DECISION}", 18),
            ),
        ],
    },
    {
        "slug": "nha-thung-tran-gia-phu-quoc",
        "kind": "household",
        "display_name": "Nhà thùng Trần Gia Phú Quốc",
        "representative": "Trần Văn Tư",
        "phone": "0912 100 023",
        "commune": ("Phú Quốc", "An Giang"),
        "address": "Khu phố ven biển, đặc khu Phú Quốc",
        "description": (
            "Nhà thùng nhỏ ủ nước mắm cá cơm trong thùng gỗ, cùng vườn tiêu của gia đình. "
            "Phú Quốc thuộc tỉnh Kiên Giang cũ, nay là đặc khu của tỉnh An Giang."
        ),
        "products": [
            _p(
                "CL-PQC-MAM40",
                "Nước mắm cá cơm Phú Quốc 40 độ đạm – chai 500 ml",
                "spice",
                "chai",
                120000,
                100,
                "Cá cơm tươi ướp muối, ủ trong thùng gỗ 12–15 tháng rồi rút nước nhĩ. Màu cánh "
                "gián, mặn đằm, hậu ngọt; không chất điều vị, không chất bảo quản.",
                motif="bottle",
                accent="#8a3b12",
                ocop=(4, f"2518/{PROVINCE_DECISION}", 22),
                images=2,
            ),
            _p(
                "CL-PQC-TIEUDEN",
                "Tiêu đen Phú Quốc – hũ 200 g",
                "spice",
                "hu",
                75000,
                80,
                "Hạt tiêu trồng trên đất đỏ, phơi nắng đến khi vỏ đen nhăn. Cay nồng, thơm; xay "
                "lúc dùng để giữ mùi.",
                season="Thu hoạch tháng 1–4",
                motif="jar",
                accent="#3a2a20",
                ocop=(3, f"2518/{PROVINCE_DECISION}", 22),
            ),
            _p(
                "CL-PQC-TIEUSO",
                "Tiêu sọ trắng Phú Quốc – hũ 100 g",
                "spice",
                "hu",
                70000,
                50,
                "Chọn hạt tiêu chín đỏ, ngâm bỏ vỏ rồi phơi khô thành hạt trắng. Cay dịu hơn "
                "tiêu đen, hợp với cháo, súp và món hấp.",
                season="Thu hoạch tháng 1–4",
                motif="jar",
                accent="#d8cfb8",
            ),
        ],
    },
    {
        # Pending review by Vĩnh Tuy's commune staff: no partner, nothing public.
        "slug": "vuon-cam-sanh-ly-quy",
        "kind": "household",
        "status": "applied",
        "display_name": "Vườn cam sành Lý Quý",
        "representative": "Lý Văn Quý",
        "phone": "0912 000 005",
        "commune": ("Vĩnh Tuy", "Tuyên Quang"),
        "address": "Thôn Tân Thành",
        "description": (
            "Vườn cam sành hai hecta của gia đình ông Lý Văn Quý ở thôn Tân Thành, muốn "
            "bán cam và mật ong hoa cam qua Chợ Làng."
        ),
        "products": [
            _p(
                "CL-LQY-CAM",
                "Cam sành Vĩnh Tuy",
                "produce",
                "kg",
                30000,
                300,
                "Cam sành vỏ xanh sần, múi vàng cam, mọng nước, vị chua ngọt. Hái khi quả đã "
                "chín trên cây.",
                season="Tháng 11–1",
                motif="fruits",
                accent="#e07b1f",
            ),
            _p(
                "CL-LQY-MATONG",
                "Mật ong hoa cam – hũ 500 g",
                "forest",
                "hu",
                180000,
                20,
                "Mật của đàn ong nuôi trong vườn cam vào mùa hoa tháng 2–3. Màu vàng nhạt, "
                "thơm mùi hoa cam.",
                season="Tháng 2–3",
                motif="jar",
                accent="#e8a93a",
            ),
        ],
    },
]
