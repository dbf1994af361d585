"""Names and numbers for the demo orders (made up; phone numbers in a test range)."""

# Orders per month, oldest first, over fourteen months; the last is the current month.
MONTHS = [6, 7, 9, 8, 11, 13, 12, 15, 17, 16, 20, 24, 27, 9]

# Buyers' communes come first from these cities, then from the sellers' own provinces.
CITY_PROVINCES = ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ"]

# Bank BINs (NAPAS) for the demo sellers' payout accounts: Agribank, BIDV, Vietcombank,
# VietinBank.
BANKS = ["970405", "970418", "970436", "970415"]

BUYERS = [
    ("Nguyễn Thị Chúc", "+84912345601"),
    ("Trần Văn Minh", "+84912345602"),
    ("Lê Thị Hồng", "+84912345603"),
    ("Phạm Quốc Bảo", "+84912345604"),
    ("Hoàng Thu Trang", "+84912345605"),
    ("Vũ Đức Thắng", "+84912345606"),
    ("Đặng Mai Anh", "+84912345607"),
    ("Bùi Thị Lan", "+84912345608"),
    ("Đỗ Hải Nam", "+84912345609"),
    ("Ngô Thị Thảo", "+84912345610"),
    ("Dương Văn Lực", "+84912345611"),
    ("Lý Thị Mai", "+84912345612"),
    ("Trịnh Công Sơn", "+84912345613"),
    ("Phan Ngọc Hân", "+84912345614"),
    ("Mai Xuân Trường", "+84912345615"),
    ("Hà Thị Nguyệt", "+84912345616"),
    ("Tạ Quang Huy", "+84912345617"),
    ("Chu Thị Yến", "+84912345618"),
    ("Trần Thu Hà", "+84912000004"),  # the demo buyer account: "my orders" has history
]

STREETS = ["Số 12 ngõ 34", "Thôn Đồng Tâm", "Tổ 5", "Số 8 đường Lê Lợi", "Xóm Chùa", "Ấp 3"]
REFUND_REASON = "Một hộp bị móp khi vận chuyển, hoàn tiền một hộp"
