"""The audit log reads as Vietnamese sentences: every verb the code records has one, and
no page of the log shows a raw code or a Python dict."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from catalog import services as catalog_services
from marketplace.audit.models import AuditEvent
from marketplace.order.models import Fulfilment
from sellers.access import SellerContext
from sellers.audit_text import sentence
from sellers.models import HelperConsent
from sellers.services import DECISIONS, decide
from tests.factories import (
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
    commune,
    sellable_product,
    team_member,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    path
    for folder in ("catalog", "marketplace", "livestream", "sellers")
    for path in (ROOT / folder).rglob("*.py")
    if "migrations" not in path.parts
]
PREFIXES = "seller|consent|helper|team|product|ocop|story|fulfilment|order|ledger|payment|cod|live"
LITERAL = re.compile(rf"""["']((?:{PREFIXES})\.[a-z_]+(?:\.denied)?)["']""")
# Verbs built with an f-string, and what they expand to.
FORMATTED = {
    'f"fulfilment.{': [f"fulfilment.{status}" for status in Fulfilment.Status.values],
    'f"ocop.{': ["ocop.verify", "ocop.reject", "ocop.revoke"],
    'f"{verb}.denied"': [f"{decision[3]}.denied" for decision in DECISIONS.values()],
}


def recorded_verbs() -> set[str]:
    verbs = set()
    for path in SOURCES:
        text = path.read_text()
        if "audit" not in text and "record(" not in text:
            continue
        verbs |= set(LITERAL.findall(text))
        for pattern, expanded in FORMATTED.items():
            if pattern in text:
                verbs |= set(expanded)
        formatted = re.findall(r'verb=f"[^"]*"', text)
        unknown = [f for f in formatted if not any(p[2:] in f for p in FORMATTED)]
        assert not unknown, f"{path}: a new formatted verb needs a sentence: {unknown}"
    return verbs


# Details a real event of each kind carries (so the sentence is checked with them).
DETAILS = {
    "product.updated": ({"price": "40000", "stock": 3}, {"price": "45000", "stock": 9}),
    "product.stock_updated": ({"price": "40000", "stock": 3}, {"price": "40000", "stock": 30}),
    "product.photos_added": ({}, {"photos": 2}),
    "ocop.declared": ({}, {"stars": 4}),
    "seller.bank_changed": (
        {"bank": "", "account": "", "holder": ""},
        {"bank": "Vietcombank", "account": "…3456", "holder": "NGUYEN VAN A"},
    ),
    "seller.profile_updated": ({"address": "Thôn 1"}, {"address": "Thôn 2"}),
    "consent.granted": ({}, {"helper": "Nguyễn Minh Tuấn", "helper_id": 7, "method": "otp"}),
    "consent.revoked": ({"helper": "Nguyễn Minh Tuấn", "helper_id": 7}, {}),
    "team.removed": ({}, {"member": "Nguyễn Minh Tuấn", "member_id": 7, "consents_revoked": 2}),
    "ledger.commission_set": (
        {"seller_kind": "household", "rate": "0.05"},
        {"seller_kind": "household", "rate": "0.06"},
    ),
    "ledger.payout_created": ({}, {"amount": "171000"}),
    "ledger.batch_created": ({}, {"payouts": 3, "left_out": ["Chè Bà Hoa"]}),
    "ledger.batch_paid": ({}, {"bank_reference": "FT2611"}),
    "payment.transfer_confirmed": ({}, {"amount": "180000"}),
    "payment.refunded": ({}, {"amount": "180000", "lines": {"12": 1}, "full": False}),
    "cod.refusals_reset": ({}, {"phone": "+84912345678", "cleared": 2}),
    "live.scheduled": ({}, {"title": "Hái chè", "starts_at": "2026-12-05T08:00:00+00:00"}),
    "live.host_verified": ({}, {"host_name": "Phan Thế Độ", "id_checked": "CCCD"}),
    "live.products_set": ({}, {"9731": "120000", "9732": None}),
}


def _event(verb, shop, commune_):
    before, after = DETAILS.get(verb, ({}, {}))
    return AuditEvent(
        verb=verb,
        on_behalf_of=shop,
        commune=commune_,
        target_repr="Chuối Viba",
        before=before,
        after=after,
    )


def test_every_recorded_verb_reads_as_a_sentence():
    verbs = recorded_verbs()
    # The scan finds the verbs it must (a broken scan would pass everything).
    assert {"product.updated", "consent.granted", "team.added", "ledger.batch_paid"} <= verbs
    assert len(verbs) >= 50
    x = commune("Liên Sơn", "Phú Thọ")
    shop = SellerFactory(commune=x, display_name="Chuối Liên Sơn")
    problems = []
    for verb in sorted(verbs):
        event = _event(verb, shop, x)
        with translation.override("en"):
            english = sentence(event, "Tuấn")
        vietnamese = sentence(event, "Tuấn")
        if "made a change" in english:
            problems.append(f"{verb}: no sentence of its own")
        for text in (english, vietnamese):
            if verb in text or re.search(r"[{}\[\]]|': |\b9731\b|seller_kind|_id\b", text):
                problems.append(f"{verb}: shows a code or a dict: {text}")
        if english == vietnamese:
            problems.append(f"{verb}: not translated: {english}")
    assert not problems, "\n".join(problems)


def test_a_helpers_price_change_reads_like_the_shop_says_it(client):
    x = commune("Liên Sơn", "Phú Thọ")
    shop = SellerFactory(commune=x, display_name="Nhà vườn Viba")
    owner = SellerMemberFactory(seller=shop).user
    product = sellable_product(seller=shop, title="Chuối Viba")
    record = product.stockrecords.get()
    record.price, record.num_in_stock = Decimal("40000"), 20
    record.save()
    helper = UserFactory(last_name="Nguyễn Minh", first_name="Tuấn")
    team_member(helper, x)
    HelperConsent.objects.create(helper=helper, seller=shop, granted_by=owner)
    context = SellerContext(seller=shop, actor=helper, helper=helper)
    catalog_services.set_prices_and_stock(
        context=context, changes={product.pk: (Decimal("45000"), 20)}
    )
    client.force_login(owner)
    page = client.get("/kenh-nguoi-ban/nhat-ky/").content.decode().replace("\xa0", " ")
    assert (
        "Nguyễn Minh Tuấn (tổ công nghệ xã Liên Sơn) sửa giá Chuối Viba: 40.000 ₫ → 45.000 ₫"
        in page
    )
    assert "product.stock_updated" not in page and "{&#x27;" not in page


def test_the_log_names_staff_and_operator_and_counts_no_queries_per_row(
    client, django_assert_max_num_queries
):
    x = commune("Vĩnh Tuy", "Tuyên Quang")
    operator = UserFactory(is_staff=True, is_superuser=True, last_name="Quản", first_name="Trị")
    shops = [SellerFactory(commune=x, display_name=f"Cửa hàng {n}") for n in range(12)]
    for shop in shops:
        decide(actor=operator, seller=shop, decision="suspend", reason="Kiểm tra hàng")
    client.force_login(operator)
    with django_assert_max_num_queries(20):
        page = client.get("/can-bo-xa/nhat-ky/").content.decode()
    assert "Quản Trị (quản trị sàn) tạm ngừng cửa hàng Cửa hàng 3" in page
    assert "Lý do: Kiểm tra hàng" in page
    assert "seller.suspended" not in page and "{&#x27;" not in page
