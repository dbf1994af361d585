"""A small marketplace with one person per role and objects owned by each side.

Seller A and commune X own everything the access tests aim at; seller B, commune Y and
the other roles try to reach it. The helper holds seller A's consent and has switched to
"act for A"; the stranger helper holds no consent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from oscar.core.loading import get_model

from sellers.access import ACTING_FOR_SESSION_KEY
from sellers.models import CommuneStaff, HelperConsent, HelperMembership, Seller
from tests.factories import (
    OcopCertificateFactory,
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
    commune,
    sellable_product,
    team_member,
)

ROLES = (
    "anonymous",
    "buyer",
    "seller_a",
    "seller_b",
    "helper",
    "stranger_helper",
    "staff_x",
    "staff_y",
    "operator",
)


@dataclass
class World:
    users: dict
    shop_a: Seller
    shop_b: Seller
    applied: Seller  # an application in commune X, with an ID document
    product_a: object
    product_b: object
    draft_a: object  # not yet public
    certificate_a: object  # pending, with a private scan
    order: object  # the buyer's order, with a part for seller A
    fulfilment_a: object
    attempt: object  # the order's pending VietQR payment
    address: object  # the buyer's saved address
    wishlist: object  # the buyer's private wishlist
    live_a: object
    live_item_a: object
    photo_a: object  # a photo of the draft
    extra: dict = field(default_factory=dict)

    def user(self, role):
        return self.users.get(role)


def tiny_jpeg(size=(8, 8), colour=(30, 120, 60)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def sign_in(client, world: World, role: str):
    """``client`` as ``role`` (the helper acting for seller A)."""
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    if role == "helper":
        session = client.session
        session[ACTING_FOR_SESSION_KEY] = world.shop_a.pk
        session.save()
    return client


def _order_for(buyer, product):
    from tests.checkout.helpers import basket_with, place

    return place(basket_with(product, owner=buyer))


def _live(seller, actor, product):
    from livestream import services
    from livestream.services import LiveDetails

    staff = UserFactory(is_superuser=True, is_staff=True)
    services.verify_host(seller=seller, actor=staff, host_name="Phan Thế Độ", id_checked="CCCD")
    start = timezone.now() + datetime.timedelta(days=1)
    live = services.schedule_live(
        seller=seller,
        actor=actor,
        details=LiveDetails(
            title="Hái chè trên đồi Tân Lập",
            description="Xem hái chè, hỏi giá, đặt hàng ngay.",
            platform="youtube",
            stream_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        ),
    )
    services.set_live_products(live=live, actor=actor, items=[(product, Decimal("120000"))])
    return live


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    x, y = commune("Vĩnh Tuy", "Tuyên Quang"), commune("Liên Sơn", "Phú Thọ")
    shop_a = SellerFactory(commune=x, display_name="Chè Tân Lập", phone="+84912000101")
    shop_b = SellerFactory(commune=y, display_name="Chuối Liên Sơn", phone="+84912000202")
    seller_a = SellerMemberFactory(seller=shop_a).user
    seller_b = SellerMemberFactory(seller=shop_b).user
    applicant = UserFactory()
    applied = SellerFactory(
        commune=x,
        status=Seller.Status.APPLIED,
        partner=None,
        submitted_at=timezone.now(),
        phone=applicant.phone,
    )
    applied.id_document.save("cccd.jpg", ContentFile(b"\xff\xd8\xff\xe0 private id"), save=True)
    SellerMemberFactory(seller=applied, user=applicant)
    helper, stranger = UserFactory(), UserFactory()
    team_member(helper, x)
    team_member(stranger, x)
    HelperConsent.objects.create(helper=helper, seller=shop_a, granted_by=seller_a)
    # Someone who asked to join commune X's team, for staff to accept or turn down.
    candidate = HelperMembership.objects.create(user=UserFactory(), commune=x)
    staff_x, staff_y = UserFactory(), UserFactory()
    CommuneStaff.objects.create(user=staff_x, commune=x)
    CommuneStaff.objects.create(user=staff_y, commune=y)
    operator = UserFactory(is_staff=True, is_superuser=True)
    buyer = UserFactory()

    product_a = sellable_product(seller=shop_a, title="Chè Shan Tuyết Tân Lập 200g")
    product_b = sellable_product(seller=shop_b, title="Chuối ngự Liên Sơn")
    draft_a = sellable_product(seller=shop_a, title="Mật ong bạc hà (nháp)", is_public=False)
    certificate_a = OcopCertificateFactory(
        product=product_a, status=get_model("catalogue", "OcopCertificate").Status.PENDING
    )
    certificate_a.scan.save("p.jpg", ContentFile(b"\xff\xd8\xff\xe0 private scan"), save=True)

    order = _order_for(buyer, product_a)
    order.user = buyer  # placed while signed in
    order.save(update_fields=["user"])
    from marketplace.payments import services as payments

    attempt = payments.start_payment(order=order, method="vietqr")
    address = get_model("address", "UserAddress").objects.create(
        user=buyer,
        first_name="Chúc",
        last_name="Nguyễn Thị",
        line1="Thôn Tân Lập",
        province=x.province,
        commune=x,
        phone_number="+84912345678",
        country_id="VN",
    )
    wishlist = get_model("wishlists", "WishList").objects.create(
        owner=buyer, name="Quà Tết", visibility="Private"
    )
    wishlist.add(product_a)
    live = _live(shop_a, seller_a, product_a)
    photo = get_model("catalogue", "ProductImage")(product=draft_a, display_order=0)
    photo.original.save("che.jpg", ContentFile(tiny_jpeg()), save=True)
    return World(
        users={
            "anonymous": None,
            "buyer": buyer,
            "seller_a": seller_a,
            "seller_b": seller_b,
            "helper": helper,
            "stranger_helper": stranger,
            "staff_x": staff_x,
            "staff_y": staff_y,
            "operator": operator,
        },
        shop_a=shop_a,
        shop_b=shop_b,
        applied=applied,
        product_a=product_a,
        product_b=product_b,
        draft_a=draft_a,
        certificate_a=certificate_a,
        order=order,
        fulfilment_a=order.fulfilments.get(seller=shop_a),
        attempt=attempt,
        address=address,
        wishlist=wishlist,
        live_a=live,
        live_item_a=live.items.get(),
        photo_a=photo,
        extra={"candidate_x": candidate, "helper_member_x": helper.helper_memberships.get()},
    )
