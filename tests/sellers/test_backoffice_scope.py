"""The seller back office is the only back office sellers get, and it shows only their own.

On an order that mixes two sellers, seller A (or a helper acting for A) sees A's lines,
A's part of the money and nothing of seller B's; Oscar's dashboard, which would show the
whole order, stays closed to them whatever permissions they hold.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.payments.services import start_payment
from sellers import services
from sellers.access import ACTING_FOR_SESSION_KEY
from tests.checkout.helpers import basket_with, place
from tests.factories import sellable_product

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

DASHBOARD_PAGES = (
    "/dashboard/",
    "/dashboard/orders/",
    "/dashboard/catalogue/",
    "/dashboard/catalogue/stock-alerts/",
    "/dashboard/partners/",
    "/dashboard/reports/",
)


@pytest.fixture
def mixed_order(roles):
    """One buyer's order with a line from shop A and a line from shop B, and a second
    order from another buyer with shop B's product only."""
    tea = sellable_product(seller=roles.shop_a, title="Chè Shan Tuyết Tân Lập")
    banana = sellable_product(seller=roles.shop_b, title="Chuối Viba sấy dẻo")
    StockRecord.objects.filter(product=banana).update(price=Decimal("87000"))
    order = place(basket_with(tea, banana), number="300001", phone="+84912345678")
    start_payment(order=order, method="cod")
    other = place(basket_with(banana), number="300002", phone="+84987654321")
    start_payment(order=other, method="cod")
    other.shipping_address.line1 = "Xóm Bãi Lạng"
    other.shipping_address.save()
    return order, other


def _with_dashboard_permission(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
    )
    return user


@pytest.mark.parametrize("path", DASHBOARD_PAGES)
def test_seller_never_reaches_oscar_dashboard_even_with_the_permission(client, roles, path):
    seller = _with_dashboard_permission(roles.seller_a)
    roles.shop_a.partner.users.add(seller)
    client.force_login(seller)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", DASHBOARD_PAGES)
def test_helper_acting_for_a_seller_never_reaches_oscar_dashboard(client, roles, path):
    helper = _with_dashboard_permission(roles.helper)
    helper.is_staff = True
    helper.save()
    client.force_login(helper)
    client.post(reverse("backoffice:act_for"), {"seller": roles.shop_a.pk})
    assert client.session[ACTING_FOR_SESSION_KEY] == roles.shop_a.pk
    assert client.get(path).status_code == 403


def test_dashboard_order_page_of_a_mixed_order_is_closed_to_its_sellers(client, roles, mixed_order):
    order, _ = mixed_order
    url = f"/dashboard/orders/{order.number}/"
    for user in (roles.seller_a, roles.seller_b):
        client.force_login(_with_dashboard_permission(user))
        assert client.get(url).status_code == 403
    client.force_login(roles.operator)
    assert client.get(url).status_code == 200


def test_operator_still_uses_the_dashboard_and_anonymous_get_its_sign_in(client, roles):
    assert client.get("/dashboard/").status_code == 302
    assert client.get("/dashboard/login/").status_code == 200
    client.force_login(roles.operator)
    assert client.get("/dashboard/").status_code == 200


def test_approval_gives_no_dashboard_permission(roles):
    services.decide(actor=roles.staff_x, seller=roles.applied, decision="approve")
    roles.applied.refresh_from_db()
    applicant = roles.applied.members.get().user
    applicant.refresh_from_db()
    assert roles.applied.partner.users.filter(pk=applicant.pk).exists()
    assert not applicant.has_perm("partner.dashboard_access")
    assert not applicant.is_staff


def _sees_only_shop_a(client, roles, order, other):
    mine = order.fulfilments.get(seller=roles.shop_a)
    theirs = order.fulfilments.get(seller=roles.shop_b)
    listing = client.get(reverse("fulfilment:list")).content.decode()
    assert reverse("fulfilment:detail", args=[mine.pk]) in listing
    assert reverse("fulfilment:detail", args=[theirs.pk]) not in listing
    assert other.number not in listing
    detail = client.get(reverse("fulfilment:detail", args=[mine.pk])).content.decode()
    assert "Chè Shan Tuyết Tân Lập" in detail
    assert "Chuối Viba" not in detail
    assert "87.000" not in detail  # B's line price
    whole = f"{int(order.total_incl_tax):,}".replace(",", ".")
    assert whole not in detail  # the whole order's total
    assert "Xóm Bãi Lạng" not in listing + detail  # the other buyer's address
    for part in (theirs, other.fulfilments.get()):
        assert client.get(reverse("fulfilment:detail", args=[part.pk])).status_code == 404
        response = client.post(
            reverse("fulfilment:update", args=[part.pk]), {"status": "confirmed"}
        )
        assert response.status_code == 404
        part.refresh_from_db()
        assert part.status == "new"


def test_seller_sees_only_its_own_lines_of_a_mixed_order(client, roles, mixed_order):
    client.force_login(roles.seller_a)
    _sees_only_shop_a(client, roles, *mixed_order)


def test_helper_acting_for_a_seller_sees_only_that_sellers_lines(acting_helper, roles, mixed_order):
    _sees_only_shop_a(acting_helper, roles, *mixed_order)


def test_back_office_products_and_stock_are_the_sellers_own(client, roles, mixed_order):
    banana = StockRecord.objects.get(
        partner=roles.shop_b.partner, product__title__startswith="Chuối"
    )
    client.force_login(roles.seller_a)
    listing = client.get(reverse("catalog_manage:list")).content.decode()
    assert "Chè Shan Tuyết Tân Lập" in listing and "Chuối Viba" not in listing
    details = reverse("catalog_manage:details", kwargs={"pk": banana.product_id})
    assert client.get(details).status_code == 404
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-0-product_id": str(banana.product_id),
        "rows-0-price": "1000",
        "rows-0-stock": "0",
    }
    client.post(reverse("catalog_manage:list"), data)
    banana.refresh_from_db()
    assert (banana.price, banana.num_in_stock) == (Decimal("87000"), 20)
