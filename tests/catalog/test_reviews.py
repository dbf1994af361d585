"""Reviews come only from buyers who received the product, scored 1 to 5 stars."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.order.models import Fulfilment
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db
ProductReview = get_model("reviews", "ProductReview")
REVIEW = {"title": "Chè thơm", "score": "4", "body": "Nước xanh, vị ngọt hậu."}


def _bought(buyer, product, status):
    order = place(basket_with(product, owner=buyer))
    order.user = buyer
    order.save(update_fields=["user"])
    Fulfilment.objects.filter(order=order).update(status=status)
    return order


def _add_url(product):
    return reverse(
        "catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )


@pytest.mark.parametrize("status", [None, "new", "shipped", "refused", "cancelled"])
def test_no_review_before_the_product_arrived(client, status):
    buyer, product = UserFactory(), sellable_product()
    if status:
        _bought(buyer, product, status)
    client.force_login(buyer)
    answer = client.get(_add_url(product))
    assert answer.status_code == 302 and answer["Location"] == product.get_absolute_url()
    client.post(_add_url(product), REVIEW)
    assert not ProductReview.objects.exists()
    assert not product.is_review_permitted(buyer)


def test_a_buyer_who_received_it_reviews_once_with_1_to_5_stars(client):
    buyer, product = UserFactory(), sellable_product()
    order = _bought(buyer, product, Fulfilment.Status.DELIVERED)
    client.force_login(buyer)
    detail = client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert _add_url(product) in detail  # the order page offers it
    form = client.get(_add_url(product)).content.decode()
    assert 'value="0"' not in form and 'value="5"' in form and 'value="1"' in form
    refused = client.post(_add_url(product), {**REVIEW, "score": "0"})
    assert refused.status_code == 200 and not ProductReview.objects.exists()
    client.post(_add_url(product), REVIEW)
    review = ProductReview.objects.get()
    assert (review.user, review.score) == (buyer, 4)
    client.post(_add_url(product), {**REVIEW, "score": "1"})
    assert ProductReview.objects.count() == 1


def test_a_delivered_parcel_of_another_product_does_not_count(client):
    buyer, product, other = UserFactory(), sellable_product(), sellable_product()
    _bought(buyer, other, Fulfilment.Status.DELIVERED)
    assert not product.is_review_permitted(buyer)
