"""Relevance cases over ``catalogue.py``: what buyers type, and what must come first.

Each case is (query, titles acceptable as the first result). Queries are typed the way
phones send them: without accents, with one typo, with đ as d, words out of order,
multi-word place names, upper case, decomposed (NFD) Unicode.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SHAN_TUYET_CHE = {
    "Chè Shan Tuyết búp Tân Lập – hộp 100 g",
    "Chè Shan Tuyết Tân Lập – gói 500 g",
    "Chè Shan Tuyết cổ thụ Tà Xùa – túi 200 g",
}
SHAN_TUYET_ANY = SHAN_TUYET_CHE | {
    "Hồng trà Shan Tuyết – hộp 100 g",
    "Trà Shan Tuyết cổ thụ Hoàng Su Phì – túi 200 g",
    "Bạch trà Shan Tuyết Phìn Hồ – hộp 50 g",
}
CHUOI = {"Chuối Viba Liên Sơn – nải", "Chuối Viba sấy dẻo – gói 250 g"}
MIEN = {"Miến dong Bình Liêu – gói 500 g", "Miến dong Na Rì – gói 1 kg"}
PHAN_THE_DO = {
    "Chè Shan Tuyết búp Tân Lập – hộp 100 g",
    "Hồng trà Shan Tuyết – hộp 100 g",
    "Chè Shan Tuyết Tân Lập – gói 500 g",
}

CASES: list[tuple[str, set[str]]] = [
    ("che shan tuyet", SHAN_TUYET_CHE),
    ("Chè Shan Tuyết", SHAN_TUYET_CHE),
    (unicodedata.normalize("NFD", "chè shan tuyết"), SHAN_TUYET_CHE),
    ("chuoi", CHUOI),
    ("chuio", CHUOI),
    ("mat ong ban", {"Mật ong bản Lìm Mông – chai 500 ml"}),
    ("tra shan tuyet ha giang", {"Trà Shan Tuyết cổ thụ Hoàng Su Phì – túi 200 g"}),
    ("shan tuyte", SHAN_TUYET_ANY),
    ("mien dong", MIEN),
    ("mien dongg", MIEN),
    ("mien dong na ri", {"Miến dong Na Rì – gói 1 kg"}),
    ("binh lieu mien dong", {"Miến dong Bình Liêu – gói 500 g"}),
    ("nuoc mam phu quoc", {"Nước mắm Phú Quốc 40 độ đạm – chai 500 ml"}),
    ("nuoc mamm", {"Nước mắm Phú Quốc 40 độ đạm – chai 500 ml"}),
    ("bo sap", {"Bơ sáp Buôn Đôn – thùng 5 kg"}),
    ("bơ", {"Bơ sáp Buôn Đôn – thùng 5 kg"}),
    ("bò", {"Thịt bò khô Ba Vì – túi 300 g"}),
    ("thit bo kho", {"Thịt bò khô Ba Vì – túi 300 g"}),
    ("duong phen", {"Đường phèn Quảng Ngãi – hũ 500 g"}),
    ("đường phèn", {"Đường phèn Quảng Ngãi – hũ 500 g"}),
    ("đuong phen", {"Đường phèn Quảng Ngãi – hũ 500 g"}),
    ("ca phe", {"Cà phê Robusta Buôn Đôn – gói 500 g"}),
    ("cá khô", {"Cá khô bổi Năm Căn – túi 500 g"}),
    ("ca kho nam can", {"Cá khô bổi Năm Căn – túi 500 g"}),
    ("cà", {"Cà phê Robusta Buôn Đôn – gói 500 g", "Cà pháo muối xổi – hũ 1 kg"}),
    ("gao seng cu", {"Gạo Séng Cù Mường Khương – túi 5 kg"}),
    ("toi co don ly son", {"Tỏi cô đơn Lý Sơn – túi 500 g"}),
    ("ly son", {"Tỏi cô đơn Lý Sơn – túi 500 g", "Hành tím Lý Sơn – túi 1 kg"}),
    ("moc chau", {"Mận hậu Mộc Châu – thùng 3 kg", "Chè Ô long Mộc Châu – gói 200 g"}),
    ("cam cao phong", {"Cam Cao Phong – thùng 5 kg"}),
    ("ruou ngo bac ha", {"Rượu ngô men lá Bắc Hà – can 2 lít"}),
    ("mat ong bac ha", {"Mật ong bạc hà Đồng Văn – chai 500 ml"}),
    ("man bac ha", {"Mận tam hoa Bắc Hà – thùng 3 kg"}),
    ("tho cam mai chau", {"Khăn thổ cẩm Mai Châu", "Túi thổ cẩm Mai Châu"}),
    ("che tan cuong thai nguyen", {"Chè Tân Cương Thái Nguyên – hộp 200 g"}),
    ("sa sung van don", {"Sá sùng khô Vân Đồn – túi 100 g"}),
    ("bi xanh nam thuong", {"Bí xanh thơm Nam Thượng"}),
    ("dua chuot", {"Dưa chuột Nam Thượng"}),
    ("DƯA CHUỘT", {"Dưa chuột Nam Thượng"}),
    ("hong tra", {"Hồng trà Shan Tuyết – hộp 100 g"}),
    ("mat ong rung", {"Mật ong rừng Tiên Yên – chai 1 lít"}),
    ("tuong ot muong khuong", {"Tương ớt Mường Khương – chai 500 ml"}),
    ("phan the do", PHAN_THE_DO),
    ("hanh tim", {"Hành tím Lý Sơn – túi 1 kg"}),
    ("sua chua ba vi", {"Sữa chua nếp cẩm Ba Vì – hộp 6 cốc"}),
    ("tom kho", {"Tôm khô Năm Căn – túi 500 g"}),
    # Other provinces' OCOP products: one word, two typos, place names.
    ("banh pia", {"Bánh pía sầu riêng trứng muối Sóc Trăng – hộp 4 cái"}),
    ("pia", {"Bánh pía sầu riêng trứng muối Sóc Trăng – hộp 4 cái"}),
    ("bnah pia soc trnag", {"Bánh pía sầu riêng trứng muối Sóc Trăng – hộp 4 cái"}),
    (
        "soc trang",
        {"Bánh pía sầu riêng trứng muối Sóc Trăng – hộp 4 cái", "Gạo ST25 Sóc Trăng – túi 5 kg"},
    ),
    ("gao st25", {"Gạo ST25 Sóc Trăng – túi 5 kg"}),
    ("keo dua ben tre", {"Kẹo dừa sữa Bến Tre – hộp 500 g"}),
    ("keo dua", {"Kẹo dừa sữa Bến Tre – hộp 500 g"}),
    ("nho ninh thuan", {"Nho đỏ Ninh Thuận – hộp 2 kg"}),
    ("vai thieu luc ngan", {"Vải thiều Lục Ngạn – thùng 5 kg"}),
    ("vaii thieuu", {"Vải thiều Lục Ngạn – thùng 5 kg"}),
    ("buoi dien", {"Bưởi Diễn – quả 1,2 kg"}),
    ("nhan long hung yen", {"Nhãn lồng Hưng Yên – hộp 2 kg"}),
    ("mam tom go cong", {"Mắm tôm chà Gò Công – hũ 500 g"}),
    ("sam ngoc linh", {"Sâm Ngọc Linh tươi – củ 10 g"}),
    ("ngoc linh", {"Sâm Ngọc Linh tươi – củ 10 g"}),
    ("hat dieu", {"Hạt điều rang muối Bình Phước – hũ 500 g"}),
    ("tieu phu quoc", {"Tiêu đen Phú Quốc – hũ 200 g"}),
    ("cha muc ha long", {"Chả mực giã tay Hạ Long – túi 500 g"}),
    ("nem chua thanh hoa", {"Nem chua Thanh Hóa – chục 10 cái"}),
    ("mang kho ba be", {"Măng khô Ba Bể – túi 500 g"}),
]


@dataclass
class Outcome:
    query: str
    expected: set[str]
    got: list[str]

    @property
    def passed(self) -> bool:
        return bool(self.got) and self.got[0] in self.expected


def evaluate(search_titles) -> list[Outcome]:
    """Run every case through ``search_titles(query) -> [title, …]`` (best first)."""
    return [Outcome(query, expected, search_titles(query)) for query, expected in CASES]


def report(outcomes: list[Outcome]) -> str:
    failed = [o for o in outcomes if not o.passed]
    lines = [f"{len(outcomes) - len(failed)}/{len(outcomes)} relevance cases passed"]
    lines += [
        f"  {o.query!r}: got {o.got[:3]}, expected one of {sorted(o.expected)}" for o in failed
    ]
    return "\n".join(lines)
