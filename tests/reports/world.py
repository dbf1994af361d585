"""A small, hand-computed world spanning March and April 2026 (a quarter boundary).

Communes A (Vĩnh Tuy) and B (Ngọc Đường), both in Tuyên Quang. Sellers S1 and S2 in A,
S3 in B. Products: P1 (S1, 100.000 ₫, OCOP beverage 4★), P2 (S2, 50.000 ₫, OCOP food 3★
issued 2 April), P3 (S3, 70.000 ₫, no certificate). Times are Vietnam time.

| order | placed             | seller: lines              | part      | paid by |
|-------|--------------------|----------------------------|-----------|---------|
| O1    | 10/03 10:00        | S1: P1×2 = 200.000         | delivered | cod     |
| O2    | 31/03 23:30        | S2: P2×3 = 150.000         | delivered | vietqr  |
| O3    | 01/04 00:15        | S1: P1×1 = 100.000         | delivered | stripe  |
| O4    | 20/03 09:00        | S1: P1×1 = 100.000         | cancelled | cod     |
| O5    | 05/04 09:00        | S2: P2×2 = 100.000         | refused   | cod     |
| O6    | 15/03 14:00        | S1: P1×1 = 100.000,        | delivered | vietqr  |
|       |                    | S3: P3×1 = 70.000          | delivered |         |
| O7    | 10/04 08:00        | S3: P3×2 = 140.000         | delivered | cod     |

Refund R1 on 03/04: one unit of O2's P2 line (50.000), subtracted in April.
O2 at 23:30 on 31 March is 16:30 UTC: a March (Q1) order. O3 at 00:15 on 1 April is
17:15 UTC on 31 March: an April (Q2) order.

Expected, commune A: March GMV 450.000 (S1 300.000 + S2 150.000), 6 items, 3 orders;
April GMV 50.000 (S1 100.000, S2 −50.000), 0 items, 1 order; Q1 450.000; Q2 50.000.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

import pytest
from oscar.core.loading import get_model

from livestream.models import LiveOrder, LiveSession
from marketplace.audit.models import AuditEvent
from marketplace.order.models import CodRefusal, Fulfilment
from marketplace.payments.models import PaymentAttempt, Refund
from marketplace.reports.periods import VIETNAM
from sellers.models import CommuneStaff, HelperConsent, Seller
from tests.factories import (
    OcopCertificateFactory,
    ProductFactory,
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
    commune,
    team_member,
)

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
_numbers = count(1)


def vn(month, day, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


def make_order(placed, parts, method, *, name="O"):
    """``parts``: [(seller, product, quantity, unit price, fulfilment status)]."""
    order = Order.objects.create(
        number=f"R{next(_numbers):06d}",
        currency="VND",
        total_incl_tax=0,
        total_excl_tax=0,
        shipping_incl_tax=0,
        shipping_excl_tax=0,
        status="pending",
        date_placed=placed,
    )
    lines, total = {}, Decimal(0)
    for seller, product, quantity, price, status in parts:
        value = Decimal(price) * quantity
        lines[product.pk] = Line.objects.create(
            order=order,
            partner=seller.partner,
            partner_name=seller.display_name,
            partner_sku=f"SKU-{product.pk}",
            title=product.title,
            product=product,
            quantity=quantity,
            line_price_incl_tax=value,
            line_price_excl_tax=value,
            line_price_before_discounts_incl_tax=value,
            line_price_before_discounts_excl_tax=value,
            unit_price_incl_tax=Decimal(price),
            unit_price_excl_tax=Decimal(price),
            num_allocated=0,
        )
        Fulfilment.objects.create(
            order=order,
            seller=seller,
            status=status,
            lines_total=value,
            shipping_charge=0,
            created_at=placed,
        )
        total += value
    Order.objects.filter(pk=order.pk).update(total_incl_tax=total, total_excl_tax=total)
    PaymentAttempt.objects.create(
        order=order,
        method=method,
        amount=total,
        state="succeeded",
        idempotency_key=f"pay-{order.number}",
        created_at=placed,
    )
    order.test_lines = lines
    return order


@dataclass
class World:
    a: object
    b: object
    s1: Seller
    s2: Seller
    s3: Seller
    p1: object
    p2: object
    p3: object
    staff_a: object
    staff_b: object
    owner1: object
    owner2: object
    helper: object
    orders: dict = field(default_factory=dict)


@pytest.fixture
def world(db) -> World:
    a = commune("Vĩnh Tuy", "Tuyên Quang")
    b = commune("Ngọc Đường", "Tuyên Quang")
    s1 = SellerFactory(
        commune=a,
        display_name="Chè Tân Lập",
        submitted_at=vn(3, 2),
        approved_at=vn(3, 5),
    )
    s2 = SellerFactory(
        commune=a,
        kind=Seller.Kind.COOPERATIVE,
        display_name="HTX Mật ong Vĩnh Tuy",
        submitted_at=vn(1, 5),
        approved_at=vn(1, 10),
    )
    s3 = SellerFactory(commune=b, display_name="Chuối Ngọc Đường", approved_at=vn(1, 10))
    p1 = ProductFactory(seller=s1, title="Chè Shan Tuyết hộp 200g")
    p2 = ProductFactory(seller=s2, title="Mật ong bạc hà chai 500ml")
    p3 = ProductFactory(seller=s3, title="Chuối ngự nải")
    Product.objects.filter(pk=p1.pk).update(date_created=vn(2, 1))
    Product.objects.filter(pk=p2.pk).update(date_created=vn(3, 20))
    Product.objects.filter(pk=p3.pk).update(date_created=vn(2, 1))
    OcopCertificateFactory(
        product=p1, stars=4, group="beverage", issued_on=datetime.date(2025, 1, 1)
    )
    OcopCertificateFactory(product=p2, stars=3, group="food", issued_on=datetime.date(2026, 4, 2))

    staff_a, staff_b = UserFactory(), UserFactory()
    CommuneStaff.objects.create(user=staff_a, commune=a)
    CommuneStaff.objects.create(user=staff_b, commune=b)
    owner1 = SellerMemberFactory(seller=s1).user
    owner2 = SellerMemberFactory(seller=s2).user
    helper = UserFactory()
    w = World(a, b, s1, s2, s3, p1, p2, p3, staff_a, staff_b, owner1, owner2, helper)

    D, C, R = "delivered", "cancelled", "refused"
    o = w.orders
    o[1] = make_order(vn(3, 10, 10), [(s1, p1, 2, 100000, D)], "cod")
    o[2] = make_order(vn(3, 31, 23, 30), [(s2, p2, 3, 50000, D)], "vietqr")
    o[3] = make_order(vn(4, 1, 0, 15), [(s1, p1, 1, 100000, D)], "stripe")
    o[4] = make_order(vn(3, 20, 9), [(s1, p1, 1, 100000, C)], "cod")
    o[5] = make_order(vn(4, 5, 9), [(s2, p2, 2, 50000, R)], "cod")
    o[6] = make_order(vn(3, 15, 14), [(s1, p1, 1, 100000, D), (s3, p3, 1, 70000, D)], "vietqr")
    o[7] = make_order(vn(4, 10, 8), [(s3, p3, 2, 70000, D)], "cod")
    Refund.objects.create(
        order=o[2], amount=50000, lines={str(o[2].test_lines[p2.pk].pk): 1}, created_at=vn(4, 3)
    )
    CodRefusal.objects.create(
        phone="+84912345678",
        fulfilment=Fulfilment.objects.get(order=o[5]),
        recorded_at=vn(4, 8),
    )

    # A helper acted twice for S1 in March; S1's owner acting for itself is no helper.
    team_member(helper, s1.commune)
    HelperConsent.objects.create(helper=helper, seller=s1, granted_by=helper, granted_at=vn(3, 1))
    for day in (3, 4):
        AuditEvent.objects.create(
            actor=helper, on_behalf_of=s1, commune=a, verb="product.created", at=vn(3, day)
        )
    AuditEvent.objects.create(
        actor=owner1, on_behalf_of=s1, commune=a, verb="product.updated", at=vn(3, 6)
    )
    AuditEvent.objects.create(
        actor=staff_a, on_behalf_of=s2, commune=a, verb="seller.suspended", at=vn(4, 20)
    )

    # One live held in March: O1 (delivered) and O4 (cancelled) came from it.
    live = LiveSession.objects.create(
        seller=s1,
        title="Sao chè trực tiếp",
        platform="facebook",
        stream_url="https://facebook.com/live/1",
        starts_at=vn(3, 9, 20),
        ends_at=vn(3, 9, 21),
        started_at=vn(3, 9, 20),
        status=LiveSession.Status.ENDED,
        created_by=owner1,
    )
    LiveOrder.objects.create(live=live, order=o[1], gmv=200000, at=vn(3, 10, 10))
    LiveOrder.objects.create(live=live, order=o[4], gmv=100000, at=vn(3, 20, 9))
    LiveSession.objects.create(
        seller=s1,
        title="Buổi bị huỷ",
        platform="facebook",
        stream_url="https://facebook.com/live/2",
        starts_at=vn(3, 12, 20),
        ends_at=vn(3, 12, 21),
        status=LiveSession.Status.CANCELLED,
        created_by=owner1,
    )
    return w
