"""After listing: a seller deletes and reorders photos with plain buttons; the first is main."""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from sellers.access import ACTING_FOR_SESSION_KEY
from sellers.models import HelperConsent
from tests import factories

from .conftest import phone_jpeg, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(seller_client, seller, django_capture_on_commit_callbacks):
    """A public product of the seller's with three photos (renditions made)."""
    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(
            reverse("catalog_manage:new"),
            {
                "photos": [
                    upload("a.jpg", phone_jpeg(colour=(200, 0, 0))),
                    upload("b.jpg", phone_jpeg(colour=(0, 200, 0))),
                    upload("c.jpg", phone_jpeg(colour=(0, 0, 200))),
                ]
            },
        )
    product = seller.products.get()
    factories.StockRecordFactory(product=product)
    product.is_public = True
    product.save()
    return product


def _order(product):
    return list(product.images.order_by("display_order").values_list("pk", flat=True))


def _act(client, product, image_id, action, **extra):
    url = reverse("catalog_manage:photo", kwargs={"pk": product.pk, "image_id": image_id})
    return client.post(url, {"action": action, **extra})


def test_photos_screen_shows_buttons_that_work_without_javascript(seller_client, listed):
    html = seller_client.get(reverse("catalog_manage:photos", kwargs={"pk": listed.pk}))
    html = html.content.decode()
    first, second, third = _order(listed)
    assert len(re.findall(r'name="action"\s+value="delete"', html)) == 3
    assert html.count('value="up"') == 2 and html.count('value="down"') == 2
    assert reverse("catalog_manage:photo", kwargs={"pk": listed.pk, "image_id": third}) in html


def test_moving_a_photo_up_makes_it_the_main_photo(seller_client, listed):
    first, second, third = _order(listed)
    response = _act(seller_client, listed, second, "up")
    assert response.url == reverse("catalog_manage:photos", kwargs={"pk": listed.pk})
    assert _order(listed) == [second, first, third]
    assert listed.primary_image().pk == second
    _act(seller_client, listed, first, "down")
    assert _order(listed) == [second, third, first]
    _act(seller_client, listed, second, "up")  # already first: nothing moves
    assert _order(listed) == [second, third, first]
    assert AuditEvent.objects.filter(verb="product.photos_reordered").count() == 2


def test_deleting_asks_first_then_removes_the_photo_and_its_files(
    seller_client, listed, django_capture_on_commit_callbacks
):
    first, second, third = _order(listed)
    image = listed.images.get(pk=first)
    files = [image.original.name] + [r[k] for r in image.renditions for k in ("jpeg", "webp")]
    assert all(default_storage.exists(name) for name in files)

    confirm = _act(seller_client, listed, first, "delete")
    assert confirm.status_code == 200 and b'name="confirm"' in confirm.content
    assert _order(listed) == [first, second, third]

    with django_capture_on_commit_callbacks(execute=True):
        response = _act(seller_client, listed, first, "delete", confirm="1")
    assert response.status_code == 302
    assert _order(listed) == [second, third]
    assert listed.primary_image().pk == second
    assert list(listed.images.values_list("display_order", flat=True)) == [0, 1]
    assert not any(default_storage.exists(name) for name in files)
    event = AuditEvent.objects.get(verb="product.photo_deleted")
    assert event.before == {"photos": [first, second, third]}
    assert event.after == {"photos": [second, third]}


def test_a_published_product_keeps_its_last_photo(seller_client, listed):
    first, second, third = _order(listed)
    for image_id in (first, second):
        _act(seller_client, listed, image_id, "delete", confirm="1")
    response = _act(seller_client, listed, third, "delete", confirm="1")
    assert response.status_code == 302
    assert _order(listed) == [third]
    messages = list(seller_client.get(response.url).context["messages"])
    assert messages[-1].level_tag == "error"


def test_photos_of_another_sellers_product_are_out_of_reach(seller_client, listed):
    other = factories.sellable_product()
    image = other.images.create(original="x.jpg", display_order=0)
    for action in ("delete", "up", "down"):
        url = reverse("catalog_manage:photo", kwargs={"pk": other.pk, "image_id": image.pk})
        assert seller_client.post(url, {"action": action, "confirm": "1"}).status_code == 404
        # Someone else's photo id under one's own product is no better.
        url = reverse("catalog_manage:photo", kwargs={"pk": listed.pk, "image_id": image.pk})
        assert seller_client.post(url, {"action": action, "confirm": "1"}).status_code == 404
    assert other.images.filter(pk=image.pk).exists()


def test_a_helpers_photo_changes_are_recorded_for_the_seller(client, seller, listed):
    helper = factories.UserFactory()
    factories.team_member(helper, seller.commune)
    HelperConsent.objects.create(
        helper=helper, seller=seller, granted_by=helper, granted_at=timezone.now()
    )
    client.force_login(helper)
    session = client.session
    session[ACTING_FOR_SESSION_KEY] = seller.pk
    session.save()
    first, second, _third = _order(listed)
    _act(client, listed, second, "up")
    _act(client, listed, first, "delete", confirm="1")
    events = AuditEvent.objects.filter(verb__startswith="product.photo").order_by("pk")
    assert [(e.verb, e.actor, e.on_behalf_of) for e in events] == [
        ("product.photos_reordered", helper, seller),
        ("product.photo_deleted", helper, seller),
    ]
