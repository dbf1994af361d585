"""What a buyer reads on their own order page."""

import pytest
from django.urls import reverse

from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db


def test_buy_again_button_is_not_read_as_reset(client):
    buyer = UserFactory()
    order = place(basket_with(sellable_product(), owner=buyer))
    order.user = buyer  # placed as a signed-in buyer
    order.save(update_fields=["user"])
    client.force_login(buyer)
    page = client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert "Mua lại" in page
    # "Đặt lại" is what the password reset button says: it must not name buying again.
    assert "Đặt lại" not in page
