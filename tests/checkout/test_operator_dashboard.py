"""The operator's order pages in Oscar's dashboard: words, guests, a phone screen."""

import pytest
from django.test import Client

from marketplace.payments.services import start_payment
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product


@pytest.fixture
def guest_order(db):
    order = place(basket_with(sellable_product()), phone="+84987654321")
    start_payment(order=order, method="vietqr")
    return order


@pytest.mark.django_db
def test_guest_orders_show_the_guests_name_phone_and_the_state_in_words(client, guest_order):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get("/dashboard/orders/").content.decode()
    detail = client.get(f"/dashboard/orders/{guest_order.number}/").content.decode()
    for page in (listing, detail):
        assert "Chờ thanh toán" in page and ">pending<" not in page
        assert "Nguyễn Thị Chúc" in page and "+84987654321" in page
        assert "deleted" not in page.lower() and "đã xoá tài khoản" not in page
    assert "lang/dashboard.js" in detail


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_order_pages_fit_a_phone_without_script_errors(live_server, browser_context):
    order = place(basket_with(sellable_product()), phone="+84987654321")
    start_payment(order=order, method="cod")
    operator = Client()
    operator.force_login(UserFactory(is_superuser=True, is_staff=True))
    context = browser_context.context
    session = operator.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in ("/dashboard/orders/", f"/dashboard/orders/{order.number}/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 360, (path, width)
    assert errors == []
