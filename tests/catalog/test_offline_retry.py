"""A listing sent again after a dropped signal makes one product; newer edits are kept."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories

from .conftest import upload
from .test_listing import details

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def _send(client, key, photos=3):
    files = [upload(f"anh-{n}.jpg") for n in range(photos)]
    return client.post(reverse("catalog_manage:new"), {"photos": files, "client_key": str(key)})


def test_the_same_draft_sent_twice_makes_one_product_with_its_photos(seller_client, seller):
    key = uuid.uuid4()
    first = _send(seller_client, key)
    again = _send(seller_client, key)
    product = Product.objects.get(seller=seller)
    assert first.url == again.url == reverse("catalog_manage:details", kwargs={"pk": product.pk})
    assert product.images.count() == 3


def test_two_different_drafts_make_two_products(seller_client, seller):
    # Positive control: the key, not the photos, decides that a send is a repeat.
    _send(seller_client, uuid.uuid4())
    _send(seller_client, uuid.uuid4())
    assert Product.objects.filter(seller=seller).count() == 2


def test_another_sellers_key_does_not_hand_over_their_product(seller_client, seller):
    key = uuid.uuid4()
    other = factories.SellerFactory()
    other_client = type(seller_client)()
    other_client.force_login(factories.SellerMemberFactory(seller=other).user)
    _send(other_client, key)
    response = _send(seller_client, key)
    mine = Product.objects.get(seller=seller)
    assert response.url == reverse("catalog_manage:details", kwargs={"pk": mine.pk})
    assert Product.objects.filter(client_key=key).count() == 2


def test_the_form_carries_a_fresh_key_without_javascript(seller_client):
    page = seller_client.get(reverse("catalog_manage:new")).content.decode()
    assert 'name="client_key"' in page
    again = seller_client.get(reverse("catalog_manage:new")).content.decode()
    marker = 'name="client_key" value="'
    assert page.split(marker)[1][:36] != again.split(marker)[1][:36]


def test_an_edit_made_meanwhile_is_shown_not_overwritten(seller_client, product):
    url = reverse("catalog_manage:details", kwargs={"pk": product.pk})
    form = seller_client.get(url).context["form"]
    version = form.initial["version"]
    record = product.stockrecords.get()
    record.price = Decimal("300000")  # changed from the quick price list on another phone
    record.save()

    response = seller_client.post(url, details(price="99000", version=version))
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed elsewhere" in page or "thay đổi ở nơi khác" in page
    assert "300000" in page  # what the server holds now is shown
    record.refresh_from_db()
    assert record.price == Decimal("300000")

    # Saving again from the conflict screen is a knowing overwrite and goes through.
    fresh = response.context["form"].data["version"]
    response = seller_client.post(url, details(price="99000", version=fresh))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.price == Decimal("99000")


def test_a_resent_edit_that_already_got_through_is_not_a_conflict(seller_client, product):
    url = reverse("catalog_manage:details", kwargs={"pk": product.pk})
    version = seller_client.get(url).context["form"].initial["version"]
    assert seller_client.post(url, details(price="99000", version=version)).status_code == 302
    assert seller_client.post(url, details(price="99000", version=version)).status_code == 302
