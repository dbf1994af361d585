"""A seller lists a product from a phone in three screens; bad input changes nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from marketplace.audit.models import AuditEvent
from sellers.access import ACTING_FOR_SESSION_KEY
from sellers.models import HelperConsent
from tests import factories

from .conftest import has_gps_or_exif, phone_jpeg, upload

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def details(**overrides):
    data = {
        "title": "Mật ong bạc hà",
        "unit": "chai",
        "price": "250000",
        "stock": "12",
        "description": "Mật ong hoa bạc hà cao nguyên đá.",
        "harvest_season": "Tháng 10 – 12",
    }
    data.update(overrides)
    return data


def test_three_screens_from_photos_to_a_published_product(
    seller_client, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            reverse("catalog_manage:new"),
            {"photos": [upload("a.jpg"), upload("b.heic", phone_jpeg(orientation=1))]},
        )
    product = Product.objects.get(seller=seller)
    assert response.url == reverse("catalog_manage:details", kwargs={"pk": product.pk})
    assert not product.is_public  # a draft until published
    assert product.images.count() == 2
    for image in product.images.all():
        with default_storage.open(image.original.name) as handle:
            assert not has_gps_or_exif(handle.read())
        assert [r["w"] for r in image.renditions]  # eager task ran on commit

    response = seller_client.post(response.url, details())
    assert response.url == reverse("catalog_manage:publish", kwargs={"pk": product.pk})
    record = StockRecord.objects.get(product=product, partner=seller.partner)
    assert (record.price, record.num_in_stock) == (Decimal("250000"), 12)

    seller_client.post(response.url, {"action": "publish"})
    product.refresh_from_db()
    assert product.is_public and product.title == "Mật ong bạc hà"
    page = seller_client.get(product.get_absolute_url())
    assert "250.000" in page.content.decode()
    verbs = set(AuditEvent.objects.filter(on_behalf_of=seller).values_list("verb", flat=True))
    assert {"product.created", "product.updated", "product.published"} <= verbs


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", "0"), ("price", "-5000"), ("price", "1000000001"), ("stock", "-1")],
)
def test_absurd_prices_and_negative_stock_change_nothing(seller_client, product, field, value):
    record = product.stockrecords.get()
    url = reverse("catalog_manage:details", kwargs={"pk": product.pk})
    response = seller_client.post(url, details(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'value="Mật ong bạc hà"' in response.content.decode()  # typed text kept
    record.refresh_from_db()
    product.refresh_from_db()
    assert record.price == Decimal("150000") and record.num_in_stock == 20
    assert product.title != "Mật ong bạc hà"


def test_corrupt_photo_is_refused_and_no_draft_is_made(seller_client, seller):
    broken = upload("hong.jpg", phone_jpeg()[:3000])
    response = seller_client.post(reverse("catalog_manage:new"), {"photos": [upload(), broken]})
    assert response.status_code == 200
    assert "hong.jpg" in str(response.context["form"].errors["photos"])
    assert not Product.objects.filter(seller=seller).exists()


def test_a_seller_cannot_touch_another_sellers_product(seller_client):
    other = factories.sellable_product()
    for name in ("details", "publish", "photos", "certificates"):
        url = reverse(f"catalog_manage:{name}", kwargs={"pk": other.pk})
        assert seller_client.get(url).status_code == 404
        assert seller_client.post(url, details()).status_code == 404
    other.refresh_from_db()
    assert other.title != "Mật ong bạc hà"


def test_quick_list_updates_price_and_stock_of_every_product(seller_client, seller, product):
    second = factories.StockRecordFactory(product=factories.ProductFactory(seller=seller)).product
    url = reverse("catalog_manage:list")
    form = seller_client.get(url).context["formset"]
    data = {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "2"}
    for i, row in enumerate(form.initial):
        data[f"rows-{i}-product_id"] = row["product_id"]
        data[f"rows-{i}-price"] = "99000" if row["product_id"] == product.pk else "120000"
        data[f"rows-{i}-stock"] = "3"
    assert seller_client.post(url, data).status_code == 302
    assert product.stockrecords.get().price == Decimal("99000")
    assert second.stockrecords.get().num_in_stock == 3

    # Negative stock in one row: nothing at all is saved.
    data["rows-0-stock"], data["rows-1-price"] = "-2", "5000"
    assert seller_client.post(url, data).status_code == 200
    assert {r.price for r in StockRecord.objects.filter(product__seller=seller)} == {
        Decimal("99000"),
        Decimal("120000"),
    }


def test_quick_list_refuses_someone_elses_product_id(seller_client, product):
    other = factories.sellable_product()
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-0-product_id": other.pk,
        "rows-0-price": "1000",
        "rows-0-stock": "0",
    }
    seller_client.post(reverse("catalog_manage:list"), data)
    assert other.stockrecords.get().price == Decimal("150000")


def test_a_helper_lists_for_a_seller_and_the_log_says_so(client, seller):
    helper = factories.UserFactory()
    factories.team_member(helper, seller.commune)
    HelperConsent.objects.create(
        helper=helper, seller=seller, granted_by=helper, granted_at=timezone.now()
    )
    client.force_login(helper)
    session = client.session
    session[ACTING_FOR_SESSION_KEY] = seller.pk
    session.save()
    response = client.post(reverse("catalog_manage:new"), {"photos": [upload()]})
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="product.created")
    assert (event.actor, event.on_behalf_of) == (helper, seller)


def test_anonymous_and_non_sellers_are_kept_out(client):
    url = reverse("catalog_manage:list")
    assert client.get(url).status_code == 302
    client.force_login(factories.UserFactory())
    assert client.get(url).status_code == 403


def test_publishing_needs_a_price(seller_client, seller):
    seller_client.post(reverse("catalog_manage:new"), {"photos": [upload()]})
    product = Product.objects.get(seller=seller)
    seller_client.post(
        reverse("catalog_manage:publish", kwargs={"pk": product.pk}), {"action": "publish"}
    )
    product.refresh_from_db()
    assert not product.is_public


def test_screenshot_png_with_transparency_becomes_a_jpeg(seller_client, seller):
    buffer = io.BytesIO()
    Image.new("RGBA", (720, 1280), (0, 0, 0, 0)).save(buffer, "PNG")
    seller_client.post(
        reverse("catalog_manage:new"), {"photos": [upload("shot.png", buffer.getvalue())]}
    )
    image = Product.objects.get(seller=seller).images.get()
    assert image.original.name.endswith(".jpg") and (image.width, image.height) == (720, 1280)
