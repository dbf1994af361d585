"""Demo of the commune's side: applications in every state, helpers, expiry, a suspension.

Everything goes through the same services the pages use (applying, commune decisions,
consent, helper actions), so the queues, the audit log and the notifications look exactly
as they would after real use. Places and villages come from the communes in the demo
(Vĩnh Tuy's villages Tân Lập and Tân Thành, Việt Lâm's Nam Quang); the people are
invented. Safe to run again: what exists is left as it is.
"""

from __future__ import annotations

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import services as catalog_services
from catalog.models import add_months
from catalog.tasks import make_image_renditions
from marketplace.audit import services as audit
from marketplace.audit.models import AuditEvent
from marketplace.users.phone import normalise_phone
from sellers import helpers, services
from sellers.access import SellerContext
from sellers.models import CommuneStaff, HelperConsent, Seller

from . import data
from .catalog_demo import demo_code
from .products import ensure_categories, ensure_product_class, load_seller_products
from .shops import DemoDataError, ensure_user, resolve_commune

Product = get_model("catalogue", "Product")
OcopCertificate = get_model("catalogue", "OcopCertificate")
StockRecord = get_model("partner", "StockRecord")

VINH_TUY = ("Vĩnh Tuy", "Tuyên Quang")
HELPED_SHOP = "che-shan-tuyet-phan-the-do"  # the demo helper's shop (data.ACCOUNTS)

# state: draft (saved, not sent) / applied / changes_requested / rejected / suspended.
APPLICANTS = [
    {
        "state": "draft",
        "days_ago": 1,
        "kind": "household",
        "display_name": "Măng khô bà Triệu Thị Mai",
        "representative_name": "Triệu Thị Mai",
        "phone": "0912 200 031",
        "commune": VINH_TUY,
        "address": "Thôn Tân Thành",
        "produces": "Măng vầu phơi khô, mộc nhĩ rừng hái theo mùa mưa.",
        # A draft: the bank account is still to be filled in.
    },
    {
        "state": "applied",
        "days_ago": 3,
        "kind": "household",
        "display_name": "Chè xanh Nông Văn Hải",
        "representative_name": "Nông Văn Hải",
        "phone": "0912 200 032",
        "commune": VINH_TUY,
        "address": "Thôn Tân Lập",
        "produces": "Chè xanh Shan Tuyết sao tay, khoảng 300 kg chè búp khô mỗi năm.",
        "bank": ("970405", "8800205123456", "NONG VAN HAI"),
    },
    {
        "state": "changes_requested",
        "days_ago": 6,
        "kind": "cooperative",
        "display_name": "HTX Miến dong Tân Thành",
        "representative_name": "Hoàng Thị Nhung",
        "phone": "0912 200 033",
        "commune": VINH_TUY,
        "address": "Thôn Tân Thành",
        "produces": "Miến dong làm thủ công từ củ dong riềng trồng trên đồi, phơi nắng.",
        "bank": ("970405", "8800205654321", "HTX MIEN DONG TAN THANH"),
        "reason": (
            "Ảnh giấy chứng nhận đăng ký hợp tác xã bị mờ, không đọc được mã số. "
            "Xin chụp lại rõ nét cả hai mặt rồi gửi lại hồ sơ."
        ),
    },
    {
        "state": "rejected",
        "days_ago": 9,
        "kind": "enterprise",
        "display_name": "Tạp hoá Hoàng Long",
        "representative_name": "Vũ Hoàng Long",
        "phone": "0912 200 034",
        "commune": VINH_TUY,
        "address": "Chợ trung tâm xã",
        "produces": "Bánh kẹo, nước ngọt và hàng tạp hoá nhập từ thành phố.",
        "bank": ("970418", "21510000987654", "VU HOANG LONG"),
        "reason": (
            "Chợ Làng chỉ nhận hàng do hộ, hợp tác xã hoặc doanh nghiệp sản xuất tại địa "
            "phương. Hàng tạp hoá nhập từ nơi khác không thuộc diện này."
        ),
    },
    {
        "state": "suspended",
        "days_ago": 120,
        "kind": "household",
        "display_name": "Mật ong Phan Văn Tình",
        "representative_name": "Phan Văn Tình",
        "phone": "0912 200 035",
        "commune": VINH_TUY,
        "address": "Thôn Tân Lập",
        "produces": "Mật ong hoa rừng, nuôi 40 đàn ong nội ở ven rừng Tân Lập.",
        "bank": ("970405", "8800205777888", "PHAN VAN TINH"),
        "reason": (
            "Tạm ngừng bán: nhiều người mua phản ánh mật ong có dấu hiệu pha đường. Cửa hàng "
            "mở lại khi có kết quả kiểm nghiệm mẫu của Trung tâm Kiểm nghiệm tỉnh."
        ),
        "products": [
            data._p(
                "CL-PVT-MATONG",
                "Mật ong hoa rừng Tân Lập – chai 500 ml",
                "forest",
                "chai",
                220000,
                25,
                "Mật ong của đàn ong nội đặt ven rừng Tân Lập, quay mật vào cuối mùa hoa.",
                season="Tháng 3–5",
                motif="jar",
                accent="#d99a2b",
            )
        ],
    },
]

# A second community tech helper, linked in person at the commune office; the seller
# later withdrew consent, so the shop's list shows an ended consent too.
IN_PERSON_HELPER = {"name": "Hoàng Văn Khánh", "phone": "0912 200 041"}

# A verified certificate close to expiry, to show the reminders and the expiry sweep.
EXPIRING = {"upc": "CL-VLM-MOCNHI", "decision": "1204/QĐ-UBND", "stars": 3, "days_left": 45}


@dataclass
class ApplicationsSummary:
    by_status: dict
    helper_events: int
    expiring_certificates: int

    def __str__(self) -> str:
        states = ", ".join(f"{count} {status}" for status, count in sorted(self.by_status.items()))
        return (
            f"Commune side: applicants {states}; {self.expiring_certificates} certificate "
            f"expiring within 60 days; {self.helper_events} helper events added this run."
        )


def _staff_of(commune) -> object:
    staff = CommuneStaff.objects.filter(commune=commune).select_related("user").order_by("pk")
    if not staff:
        raise DemoDataError(f"The demo has no commune staff for {commune}")
    return staff[0].user


def _application_data(spec: dict) -> dict:
    bin_, number, holder = spec.get("bank", ("", "", ""))
    return {
        "kind": spec["kind"],
        "display_name": spec["display_name"],
        "representative_name": spec["representative_name"],
        "phone": normalise_phone(spec["phone"]),
        "commune": resolve_commune(*spec["commune"]),
        "address": spec["address"],
        "produces": spec["produces"],
        "bank_bin": bin_,
        "bank_account_number": number,
        "bank_account_holder": holder,
    }


DECISIONS = {
    "changes_requested": ("request_changes",),
    "rejected": ("reject",),
    "suspended": ("approve", "suspend"),
}


@transaction.atomic
def _ensure_applicant(spec: dict, staff) -> Seller:
    user = ensure_user(full_name=spec["representative_name"], phone=spec["phone"])
    seller = services.application_of(user)
    if seller is not None:
        return seller
    seller = services.save_application(
        user=user, data=_application_data(spec), submit=spec["state"] != "draft"
    )
    sent = timezone.now() - datetime.timedelta(days=spec["days_ago"])
    Seller.objects.filter(pk=seller.pk).update(
        submitted_at=sent if seller.submitted_at else None, created_at=sent
    )
    for decision in DECISIONS.get(spec["state"], ()):
        if decision == "suspend":
            _stock_shop(spec, seller)
        seller = services.decide(
            actor=staff, seller=seller, decision=decision, reason=spec.get("reason", "")
        )
    return seller


def _stock_shop(spec: dict, seller: Seller) -> None:
    """The suspended shop sold before: its product stays listed but hidden from buyers."""
    seller.refresh_from_db()
    load_seller_products(spec, seller, ensure_product_class(), ensure_categories())
    for product in Product.objects.filter(seller=seller).prefetch_related("images"):
        Product.objects.filter(pk=product.pk).update(traceability_code=demo_code(product.upc))
        for image in product.images.all():
            make_image_renditions(image.pk)


def _helper_actions(seller: Seller, helper) -> int:
    """The demo helper restocked two products after a harvest, acting for the seller."""
    if AuditEvent.objects.filter(actor=helper, on_behalf_of=seller).exists():
        return 0
    context = SellerContext(seller=seller, actor=helper, helper=helper)
    audit.record(actor=helper, verb="helper.acting_started", target=seller, on_behalf_of=seller)
    records = StockRecord.objects.filter(partner_id=seller.partner_id).order_by("product__upc")[:2]
    changes = {r.product_id: (r.price, r.num_in_stock + 30) for r in records}
    changed = catalog_services.set_prices_and_stock(context=context, changes=changes)
    return 1 + changed


def _in_person_consent(seller: Seller, staff) -> int:
    """Consent recorded by commune staff, one action, then withdrawn by the seller."""
    helper = ensure_user(full_name=IN_PERSON_HELPER["name"], phone=IN_PERSON_HELPER["phone"])
    if HelperConsent.objects.filter(helper=helper, seller=seller).exists():
        return 0
    helpers.add_team_member(actor=staff, commune=seller.commune, phone=IN_PERSON_HELPER["phone"])
    consent = helpers.record_consent_in_person(
        actor=staff, seller=seller, helper_phone=IN_PERSON_HELPER["phone"]
    )
    audit.record(actor=helper, verb="helper.acting_started", target=seller, on_behalf_of=seller)
    owner = seller.members.order_by("pk").first().user
    helpers.revoke_consent(actor=owner, consent=consent)
    return 4


def _expiring_certificate() -> int:
    """A verified certificate that expires ``days_left`` days from today, whatever the day."""
    product = Product.objects.filter(upc=EXPIRING["upc"]).first()
    if product is None:
        return 0
    expires = timezone.localdate() + datetime.timedelta(days=EXPIRING["days_left"])
    issued = add_months(expires, -OcopCertificate.VALIDITY_MONTHS)
    certificate = OcopCertificate.objects.filter(
        product=product, decision_number=EXPIRING["decision"]
    ).first()
    if certificate is None:
        certificate = OcopCertificate(product=product, decision_number=EXPIRING["decision"])
    elif certificate.issued_on == issued and certificate.status == "verified":
        return 1
    certificate.stars = EXPIRING["stars"]
    certificate.group = OcopCertificate.Group.FOOD
    certificate.level = OcopCertificate.Level.PROVINCE
    certificate.issued_on = issued
    certificate.status = OcopCertificate.Status.VERIFIED
    certificate.verified_at = certificate.verified_at or timezone.now()
    certificate.reminders_sent = []
    certificate.save()
    return 1


def _date_waiting_applications() -> None:
    """Demo shops created as "applied" directly have no sending date; the queue (oldest
    first) needs one, so they count as sent when they were created."""
    waiting = Seller.objects.filter(status=Seller.Status.APPLIED, submitted_at__isnull=True)
    for seller in waiting.only("pk", "created_at"):
        Seller.objects.filter(pk=seller.pk).update(submitted_at=seller.created_at)


@contextmanager
def _quiet_notifications():
    """The decisions text the applicants (printed by the console SMS backend); a demo load
    does not need those lines."""
    loggers = [
        logging.getLogger(name) for name in ("marketplace.notifications.sms", "celery.app.trace")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def load_applications() -> ApplicationsSummary:
    """Create what is missing; a second run changes nothing."""
    with _quiet_notifications():
        return _load()


def _load() -> ApplicationsSummary:
    staff = _staff_of(resolve_commune(*VINH_TUY))
    _date_waiting_applications()
    sellers = [_ensure_applicant(spec, staff) for spec in APPLICANTS]
    shop = Seller.objects.get(slug=HELPED_SHOP)
    helper = (
        HelperConsent.objects.filter(seller=shop, revoked_at__isnull=True)
        .select_related("helper")
        .order_by("pk")
        .first()
    )
    with transaction.atomic():
        events = _helper_actions(shop, helper.helper) if helper else 0
        events += _in_person_consent(shop, staff)
        expiring = _expiring_certificate()
    by_status: dict[str, int] = {}
    for seller in sellers:
        by_status[seller.status] = by_status.get(seller.status, 0) + 1
    return ApplicationsSummary(
        by_status=by_status, helper_events=events, expiring_certificates=expiring
    )
