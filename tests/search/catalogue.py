"""A small but realistic OCOP catalogue for relevance tests and the search benchmark.

Names, places and descriptions follow real OCOP specialties; communes are real units
after the 2025 reform (Hà Giang is now part of Tuyên Quang, so "Hà Giang" lives on only
in descriptions, as on real listings). Traps are on purpose: "bơ"/"bò", "cá"/"cà",
"bạc hà" (mint) / "Bắc Hà" (a place), "bản" / "bạc", a suspended seller, a hidden and an
out-of-stock product with tempting names.
"""

# ruff: noqa: E501  (a data table: one product per line reads best)
from __future__ import annotations

import datetime
from decimal import Decimal

from tests.factories import (
    OcopCertificateFactory,
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    commune,
)

# "@ slug | shop name | kind | commune | province | status" starts a seller; the lines
# below it are its products: "title | description | price in đồng | OCOP stars or 0 | stock".
TABLE = """
@ phan-the-do | Chè Shan Tuyết Phan Thế Độ | household | Vĩnh Tuy | Tuyên Quang | approved
Chè Shan Tuyết búp Tân Lập – hộp 100 g | Búp chè một tôm hai lá hái trên đồi chè của gia đình, sao lửa và vò tay ngay trong ngày. | 150000 | 4 | 60
Hồng trà Shan Tuyết – hộp 100 g | Búp Shan Tuyết làm héo, vò rồi để lên men tự nhiên. Nước màu hổ phách. | 180000 | 3 | 40
Chè Shan Tuyết Tân Lập – gói 500 g | Cùng loại chè búp như hộp 100 g, đóng túi hút chân không cho gia đình. | 550000 | 0 | 25
@ htx-hoang-su-phi | HTX Chè cổ thụ Hoàng Su Phì | cooperative | Hoàng Su Phì | Tuyên Quang | approved
Trà Shan Tuyết cổ thụ Hoàng Su Phì – túi 200 g | Búp trà hái từ những cây chè cổ thụ trên núi Chiêu Lầu Thi, vùng chè Hà Giang cũ. | 320000 | 5 | 30
Bạch trà Shan Tuyết Phìn Hồ – hộp 50 g | Chỉ hái búp non phủ lông tơ trắng, làm héo tự nhiên rồi sấy nhẹ. | 250000 | 0 | 15
@ htx-chuoi-viba | HTX Chuối Viba Liên Sơn | cooperative | Liên Sơn | Phú Thọ | approved
Chuối Viba Liên Sơn – nải | Mỗi nải 1,5–2 kg, cắt khi chuối đã già và để chín tự nhiên. | 45000 | 3 | 80
Chuối Viba sấy dẻo – gói 250 g | Chuối chín cắt lát, sấy ở nhiệt độ thấp, không thêm đường. | 50000 | 0 | 70
@ htx-nam-thuong | HTX Rau an toàn Nam Thượng | cooperative | Hợp Kim | Phú Thọ | approved
Bí xanh thơm Nam Thượng | Bí xanh giống địa phương, quả nhỏ, nấu canh có mùi thơm nhẹ. | 18000 | 3 | 120
Dưa chuột Nam Thượng | Dưa chuột hái sáng sớm, quả thẳng, giòn, ít hạt. | 20000 | 0 | 100
Bí ngòi xanh Nam Thượng | Bí ngòi hái khi quả dài 20–25 cm, vỏ mỏng, ruột đặc. | 28000 | 0 | 60
@ ong-dong-van | Nhà ong Sùng Mí Páo | household | Đồng Văn | Tuyên Quang | approved
Mật ong bạc hà Đồng Văn – chai 500 ml | Ong nuôi giữa những nương hoa bạc hà trên cao nguyên đá. Mật sánh, thơm mùi hoa. | 350000 | 4 | 30
@ ong-lim-mong | Nhà ong bản Lìm Mông | household | Sìn Hồ | Lai Châu | approved
Mật ong bản Lìm Mông – chai 500 ml | Mật ong thu từ những đàn ong nội của bà con người Mông trong bản. | 280000 | 0 | 20
@ ong-tien-yen | HTX Ong rừng Tiên Yên | cooperative | Tiên Yên | Quảng Ninh | approved
Mật ong rừng Tiên Yên – chai 1 lít | Mật ong khai thác từ tổ ong rừng tự nhiên ở vùng núi Tiên Yên. | 420000 | 3 | 12
Mật ong rừng Tiên Yên – hũ 250 ml | Hũ nhỏ cùng loại mật ong rừng, đã bán hết vụ này. | 120000 | 3 | 0
@ htx-binh-lieu | HTX Miến dong Bình Liêu | cooperative | Bình Liêu | Quảng Ninh | approved
Miến dong Bình Liêu – gói 500 g | Sợi miến làm từ tinh bột củ dong riềng trồng trên đồi Bình Liêu, phơi nắng tự nhiên. | 60000 | 4 | 90
@ mien-na-ri | Cơ sở miến Hoàng Thị Lan | household | Na Rì | Thái Nguyên | approved
Miến dong Na Rì – gói 1 kg | Miến dong làm thủ công, sợi dai, không dùng hóa chất tẩy trắng. | 95000 | 3 | 50
@ nuoc-mam-phu-quoc | HTX Nước mắm Phú Quốc | cooperative | Phú Quốc | An Giang | approved
Nước mắm Phú Quốc 40 độ đạm – chai 500 ml | Nước mắm nhĩ ủ chượp cá cơm trong thùng gỗ hơn 12 tháng. | 120000 | 4 | 200
@ vuon-y-son | Vườn bơ Y Sơn | household | Buôn Đôn | Đắk Lắk | approved
Bơ sáp Buôn Đôn – thùng 5 kg | Bơ sáp dẻo, cơm vàng, hái khi quả già và để chín tự nhiên. | 250000 | 0 | 40
Cà phê Robusta Buôn Đôn – gói 500 g | Hạt chín đỏ hái tay, rang mộc, xay theo yêu cầu. | 160000 | 3 | 70
@ htx-tan-cuong | HTX Chè Tân Cương | cooperative | Tân Cương | Thái Nguyên | approved
Chè Tân Cương Thái Nguyên – hộp 200 g | Chè móc câu sao sấy thủ công, cánh nhỏ xoăn, nước xanh, vị chát dịu hậu ngọt. | 200000 | 4 | 80
@ nha-san-moc-chau | Nhà sàn Mộc Châu | household | Mộc Châu | Sơn La | approved
Mận hậu Mộc Châu – thùng 3 kg | Mận hậu chín đỏ hái trên cao nguyên, giòn, chua ngọt. | 150000 | 0 | 40
Chè Ô long Mộc Châu – gói 200 g | Chè Ô long trồng trên đồi chè cao nguyên, hương hoa nhẹ. | 240000 | 3 | 35
@ htx-muong-khuong | HTX Nông sản Mường Khương | cooperative | Mường Khương | Lào Cai | approved
Gạo Séng Cù Mường Khương – túi 5 kg | Gạo Séng Cù hạt dài, dẻo và thơm, trồng trên ruộng bậc thang. | 150000 | 3 | 100
Tương ớt Mường Khương – chai 500 ml | Tương ớt lên men theo cách của người Nùng, cay nồng. | 60000 | 4 | 90
@ ruou-bac-ha | Lò rượu Bắc Hà | household | Bắc Hà | Lào Cai | approved
Rượu ngô men lá Bắc Hà – can 2 lít | Rượu ngô nấu bằng men lá truyền thống của người Mông. | 180000 | 0 | 30
Mận tam hoa Bắc Hà – thùng 3 kg | Mận tam hoa giòn ngọt, vỏ phủ phấn trắng. | 140000 | 0 | 50
@ htx-toi-ly-son | HTX Tỏi Lý Sơn | cooperative | Lý Sơn | Quảng Ngãi | approved
Tỏi cô đơn Lý Sơn – túi 500 g | Tỏi một nhánh trồng trên cát núi lửa của đảo. | 220000 | 4 | 60
Hành tím Lý Sơn – túi 1 kg | Hành tím củ nhỏ, thơm, trồng trên đảo. | 70000 | 0 | 80
@ cam-cao-phong | Vườn cam Cao Phong | household | Cao Phong | Phú Thọ | approved
Cam Cao Phong – thùng 5 kg | Cam chín cây, vỏ mỏng, mọng nước. | 175000 | 3 | 70
@ che-ta-xua | Chè Tà Xùa Giàng A Chu | household | Tà Xùa | Sơn La | approved
Chè Shan Tuyết cổ thụ Tà Xùa – túi 200 g | Búp chè từ cây chè cổ thụ trên đỉnh núi, mây phủ quanh năm. | 300000 | 4 | 25
@ hai-san-van-don | HTX Hải sản Vân Đồn | cooperative | Vân Đồn | Quảng Ninh | approved
Sá sùng khô Vân Đồn – túi 100 g | Sá sùng đào trên bãi triều, phơi khô, dùng nấu nước dùng phở. | 450000 | 4 | 20
@ kho-nam-can | Cơ sở khô Năm Căn | household | Năm Căn | Cà Mau | approved
Cá khô bổi Năm Căn – túi 500 g | Cá đồng làm sạch, phơi nắng hai ngày, chiên hay nướng đều ngon. | 190000 | 0 | 40
Tôm khô Năm Căn – túi 500 g | Tôm đất luộc rồi phơi khô, thịt ngọt. | 480000 | 3 | 30
@ trang-trai-ba-vi | Trang trại Ba Vì | household | Ba Vì | Hà Nội | approved
Thịt bò khô Ba Vì – túi 300 g | Thịt bắp tẩm gia vị, sấy khô, xé sợi. | 210000 | 0 | 50
Sữa chua nếp cẩm Ba Vì – hộp 6 cốc | Sữa tươi của trang trại lên men cùng nếp cẩm. | 60000 | 0 | 40
@ tho-cam-mai-chau | HTX Thổ cẩm Mai Châu | cooperative | Mai Châu | Phú Thọ | approved
Khăn thổ cẩm Mai Châu | Khăn dệt tay từ sợi bông nhuộm màu tự nhiên của người Thái. | 150000 | 0 | 30
Túi thổ cẩm Mai Châu | Túi đeo vai may từ vải dệt tay. | 250000 | 3 | 25
@ duong-phen-quang-ngai | Cơ sở đường phèn Ba Vì | household | Ba Vì | Quảng Ngãi | approved
Đường phèn Quảng Ngãi – hũ 500 g | Đường phèn kết tinh tự nhiên từ nước mía, nấu theo cách cổ truyền. | 50000 | 3 | 100
@ banh-pia-vinh-chau | Lò bánh pía Tân Huê Viên | household | Vĩnh Châu | Cần Thơ | approved
Bánh pía sầu riêng trứng muối Sóc Trăng – hộp 4 cái | Vỏ bánh nhiều lớp cán tay, nhân đậu xanh sầu riêng và trứng muối. | 85000 | 4 | 60
Gạo ST25 Sóc Trăng – túi 5 kg | Gạo thơm ST25 trồng luân canh tôm lúa, cơm dẻo, để nguội vẫn mềm. | 190000 | 4 | 120
@ keo-dua-mo-cay | Cơ sở kẹo dừa Thanh Long | household | Mỏ Cày | Vĩnh Long | approved
Kẹo dừa sữa Bến Tre – hộp 500 g | Nấu từ nước cốt dừa tươi, mạch nha và đường, cắt tay gói giấy bóng. | 55000 | 3 | 80
@ nho-phan-rang | HTX Nho Thái An | cooperative | Phan Rang | Khánh Hòa | approved
Nho đỏ Ninh Thuận – hộp 2 kg | Nho đỏ trồng trên đất cát nắng gió, chùm nhỏ, vị ngọt đậm. | 130000 | 3 | 40
@ vai-luc-ngan | HTX Vải thiều Lục Ngạn | cooperative | Lục Ngạn | Bắc Ninh | approved
Vải thiều Lục Ngạn – thùng 5 kg | Vải chín cây, cùi dày, hạt nhỏ, hái buổi sáng đóng thùng trong ngày. | 200000 | 4 | 50
@ buoi-dien | Vườn bưởi Diễn cụ Phúc | household | Phú Diễn | Hà Nội | approved
Bưởi Diễn – quả 1,2 kg | Bưởi Diễn để qua Tết càng ngọt, tép ráo, vỏ vàng. | 60000 | 3 | 90
@ nhan-hung-yen | HTX Nhãn lồng Phố Hiến | cooperative | Phố Hiến | Hưng Yên | approved
Nhãn lồng Hưng Yên – hộp 2 kg | Nhãn cùi dày, giòn, ngọt sắc, hạt nhỏ. | 120000 | 4 | 45
@ mam-go-cong | Cơ sở mắm tôm chà Gò Công | household | Gò Công | Đồng Tháp | approved
Mắm tôm chà Gò Công – hũ 500 g | Tôm đất giã nhuyễn với muối, ủ nắng, màu đỏ gạch. | 95000 | 3 | 40
@ sam-ngoc-linh | HTX Sâm Ngọc Linh Trà Linh | cooperative | Trà Linh | Đà Nẵng | approved
Sâm Ngọc Linh tươi – củ 10 g | Củ sâm trồng dưới tán rừng trên núi Ngọc Linh, từ năm năm tuổi. | 500000 | 4 | 10
@ dieu-binh-phuoc | Cơ sở điều Bình Phước | household | Đồng Xoài | Đồng Nai | approved
Hạt điều rang muối Bình Phước – hũ 500 g | Hạt điều loại một rang củi còn vỏ lụa, giòn, béo. | 210000 | 4 | 70
@ tieu-phu-quoc | Vườn tiêu Hàm Ninh | household | Phú Quốc | An Giang | approved
Tiêu đen Phú Quốc – hũ 200 g | Hạt tiêu chín cây phơi nắng, cay thơm. | 90000 | 3 | 60
@ cha-muc-ha-long | Cơ sở chả mực Hạ Long | household | Hạ Long | Quảng Ninh | approved
Chả mực giã tay Hạ Long – túi 500 g | Mực tươi giã tay trong cối đá, viên rồi rán vàng. | 380000 | 4 | 35
@ com-lang-vong | Cốm làng Vòng bà Hạnh | household | Cầu Giấy | Hà Nội | approved
Cốm làng Vòng – gói 200 g | Lúa nếp non rang rồi giã, gói lá sen. | 70000 | 0 | 30
@ nem-chua-thanh-hoa | Nem chua bà Lâm | household | Hạc Thành | Thanh Hóa | approved
Nem chua Thanh Hóa – chục 10 cái | Thịt lợn thái sợi trộn bì, gói lá chuối, lên men ba ngày. | 60000 | 3 | 100
@ mang-ba-be | HTX Nông lâm sản Ba Bể | cooperative | Ba Bể | Thái Nguyên | approved
Măng khô Ba Bể – túi 500 g | Măng nứa rừng luộc, phơi khói bếp, ngâm nở giòn. | 150000 | 3 | 40
@ bep-co-tu | Nhà bếp Cô Tư | household | Chợ Lách | Vĩnh Long | approved
Cà pháo muối xổi – hũ 1 kg | Cà pháo muối giòn, ăn kèm thịt kho. | 55000 | 0 | 30
@ che-bi-dinh-chi | Chè Shan Tuyết thượng hạng | household | Vĩnh Tuy | Tuyên Quang | suspended
Chè Shan Tuyết thượng hạng – hộp 100 g | Chè Shan Tuyết búp, hàng tuyển. | 99000 | 0 | 50
"""


def _parse(table: str) -> list:
    sellers = []
    for line in filter(None, (raw.strip() for raw in table.splitlines())):
        if line.startswith("@ "):
            slug, name, kind, commune_name, province, status = line[2:].split(" | ")
            sellers.append((slug, name, kind, (commune_name, province), status, []))
        else:
            title, description, price, stars, stock = line.split(" | ")
            sellers[-1][5].append((title, description, int(price), int(stars), int(stock)))
    return sellers


# (slug, shop name, kind, (commune, province), status, [(title, description, price, stars, stock)])
SELLERS = _parse(TABLE)
# Public but never approved, and approved but hidden: must never be found.
HIDDEN_TITLE = "Chè Shan Tuyết chưa duyệt – hộp 100 g"


def load_catalogue() -> dict:
    """Create the catalogue; returns products by title."""
    products = {}
    issued = datetime.date.today() - datetime.timedelta(days=120)
    for slug, name, kind, (commune_name, province), status, items in SELLERS:
        seller = SellerFactory(
            slug=slug,
            display_name=name,
            kind=kind,
            commune=commune(commune_name, province),
            status=status,
        )
        for title, description, price, stars, stock in items:
            product = ProductFactory(title=title, description=description, seller=seller)
            StockRecordFactory(product=product, price=Decimal(price), num_in_stock=stock)
            if stars:
                level = "national" if stars == 5 else "province"
                OcopCertificateFactory(product=product, stars=stars, level=level, issued_on=issued)
            products[title] = product
    hidden = ProductFactory(title=HIDDEN_TITLE, seller=products[SELLERS[0][5][0][0]].seller)
    hidden.is_public = False
    hidden.save()
    StockRecordFactory(product=hidden)
    products[HIDDEN_TITLE] = hidden
    return products
