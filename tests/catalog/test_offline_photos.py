"""A draft's photos sent one by one from the phone: each stored once, one product made."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.audit.models import AuditEvent
from tests import factories

from .conftest import upload
from .test_listing import details

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db
URL = "catalog_manage:send_photo"


def _photo(client, key, photo_key, name="anh.jpg", data=None):
    return client.post(
        reverse(URL),
        {"client_key": str(key), "photo_key": str(photo_key), "photo": upload(name, data)},
    )


def test_photos_sent_one_by_one_make_one_product_in_order(seller_client, seller):
    key, photo_keys = uuid.uuid4(), [uuid.uuid4() for _ in range(3)]
    answers = [_photo(seller_client, key, k) for k in photo_keys]
    product = Product.objects.get(seller=seller)
    assert [a.json()["photos"] for a in answers] == [1, 2, 3]
    # Each answer names the same version of the details, which the phone saves over.
    assert len({a.json()["version"] for a in answers}) == 1
    assert answers[-1].json()["next"] == reverse("catalog_manage:details", args=[product.pk])
    assert list(product.images.values_list("client_key", flat=True)) == photo_keys
    assert not product.is_public


def test_a_photo_resent_after_a_drop_is_not_stored_twice(seller_client, seller):
    key, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    _photo(seller_client, key, first)
    _photo(seller_client, key, second)
    # The answer to the second photo was lost: the phone sends the whole draft again.
    for photo_key in (first, second, uuid.uuid4()):
        assert _photo(seller_client, key, photo_key).status_code == 200
    assert Product.objects.filter(seller=seller).count() == 1
    assert Product.objects.get(seller=seller).images.count() == 3


def test_a_broken_photo_is_refused_with_a_message_and_makes_nothing(seller_client, seller):
    response = _photo(seller_client, uuid.uuid4(), uuid.uuid4(), data=b"not a photo")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Product.objects.filter(seller=seller).exists()


def test_another_sellers_draft_key_adds_nothing_to_their_product(seller_client, seller):
    key = uuid.uuid4()
    other_client = type(seller_client)()
    other = factories.SellerFactory()
    other_client.force_login(factories.SellerMemberFactory(seller=other).user)
    _photo(other_client, key, uuid.uuid4())
    _photo(seller_client, key, uuid.uuid4())
    assert Product.objects.get(seller=other).images.count() == 1
    assert Product.objects.get(seller=seller).images.count() == 1


def test_the_new_product_form_still_posts_all_photos_at_once(seller_client, seller):
    # Without JavaScript nothing changed: one request, every photo.
    page = seller_client.get(reverse("catalog_manage:new")).content.decode()
    assert 'data-draft="new"' in page
    files = [upload(f"anh-{n}.jpg") for n in range(3)]
    response = seller_client.post(reverse("catalog_manage:new"), {"photos": files})
    assert response.status_code == 302
    assert Product.objects.get(seller=seller).images.count() == 3


JSON = {"HTTP_ACCEPT": "application/json"}


def _sent_draft(client, seller):
    key = uuid.uuid4()
    answer = [_photo(client, key, uuid.uuid4()) for _ in range(3)][-1].json()
    return Product.objects.get(seller=seller), answer


def test_details_and_publishing_resent_after_lost_answers_publish_once(seller_client, seller):
    product, answer = _sent_draft(seller_client, seller)
    sent = {**details(price="150.000"), "version": answer["version"]}
    first = seller_client.post(answer["next"], sent, **JSON)
    # The answer was lost: the phone sends the same details over the same version again.
    again = seller_client.post(answer["next"], sent, **JSON)
    assert first.status_code == again.status_code == 200
    assert again.json()["next"] == answer["publish"]
    published = [
        seller_client.post(answer["publish"], {"action": "publish"}, **JSON) for _ in range(2)
    ]
    assert [p.json()["public"] for p in published] == [True, True]

    product.refresh_from_db()
    assert Product.objects.filter(seller=seller).count() == 1
    assert product.is_public and product.title == "Mật ong bạc hà"
    assert product.stockrecords.get().price == Decimal("150000")
    verbs = list(
        AuditEvent.objects.filter(target_id=str(product.pk)).values_list("verb", flat=True)
    )
    assert verbs.count("product.updated") == 1
    assert verbs.count("product.published") == 1


def test_details_the_server_refuses_come_back_as_messages_and_change_nothing(seller_client, seller):
    product, answer = _sent_draft(seller_client, seller)
    refused = seller_client.post(
        answer["next"], {**details(price="500"), "version": answer["version"]}, **JSON
    )
    assert refused.status_code == 400
    (message,) = refused.json()["errors"]
    assert message.startswith("Giá (đồng): ")
    # Not published either: there is no price yet.
    publish = seller_client.post(answer["publish"], {"action": "publish"}, **JSON)
    assert publish.status_code == 400
    assert publish.json()["errors"] == ["Hãy đặt giá trước khi đăng bán."]
    product.refresh_from_db()
    assert not product.is_public and product.title != "Mật ong bạc hà"


def test_details_typed_on_the_phone_never_overwrite_a_change_made_meanwhile(seller_client, seller):
    product, answer = _sent_draft(seller_client, seller)
    # The seller finished this listing on another phone before this one had signal.
    seller_client.post(answer["next"], details(title="Chè búp"))
    conflict = seller_client.post(
        answer["next"], {**details(), "version": answer["version"]}, **JSON
    )
    assert conflict.status_code == 409
    product.refresh_from_db()
    assert product.title == "Chè búp"


def test_the_new_product_page_carries_the_details_fields_inert_for_the_phone(seller_client):
    page = seller_client.get(reverse("catalog_manage:new")).content.decode()
    before, template = page.split('<template id="cl-details">')
    # Without JavaScript the page is screen 1 alone: the details fields sit in the
    # template, which browsers neither show nor send.
    assert 'name="title"' not in before and 'name="price"' not in before
    fields = template.split("</template>")[0]
    for name in ("title", "category", "unit", "weight_grams", "price", "stock"):
        assert f'name="{name}"' in fields
    assert 'value="publish"' in fields
