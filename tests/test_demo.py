"""``manage.py load_demo``: realistic demo data that is public-safe and repeatable."""

import io
import unicodedata

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from catalog.models import OcopCertificate
from catalog.selectors import public_products, valid_certificates
from catalog.stories.models import HomePage, ProducerStoryPage, ProductStoryPage
from marketplace.demo.data import DEMO_PASSWORD
from sellers.models import CommuneStaff, HelperConsent, Seller, SellerMember
from sellers.selectors import public_sellers

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(media):
    return load_demo()


def test_demo_fills_the_shop_with_priced_pictured_products(demo):
    products = list(
        public_products()
        .select_related("seller__commune__province", "seller__partner")
        .prefetch_related("stockrecords", "images", "categories")
    )
    sellers = {product.seller for product in products}

    assert len(products) >= 30
    assert len(sellers) >= 8
    assert all(seller.status == Seller.Status.APPROVED for seller in sellers)
    assert len({seller.commune.province_id for seller in sellers}) >= 5
    for product in products:
        assert product.title == unicodedata.normalize("NFC", product.title)
        assert product.product_class.name == "Đặc sản OCOP"
        assert product.categories.all(), product.title
        records = product.stockrecords.all()
        assert records, product.title
        for record in records:
            assert record.partner == product.seller.partner
            assert record.price > 0 and record.price % 1000 == 0
            assert record.price_currency == "VND"
        images = product.images.all()
        assert images, product.title
        assert all(default_storage.exists(image.original.name) for image in images)
    assert Category.get_root_nodes().count() >= 6


def test_pending_seller_shows_nothing_publicly(demo):
    # The orange grower waits for review with products already entered.
    pending = Seller.objects.get(slug="vuon-cam-sanh-ly-quy")
    assert pending.status == Seller.Status.APPLIED

    assert pending.commune.name == "Vĩnh Tuy"
    assert pending.partner is None
    assert pending.products.exists()
    assert not pending.products.filter(is_public=True).exists()
    assert not public_products().filter(seller=pending).exists()
    assert pending not in public_sellers()
    # Someone can review it: the demo's commune staff works in the same commune.
    assert CommuneStaff.objects.filter(commune=pending.commune).exists()


def test_ocop_certificates_show_the_rules(demo):
    certificates = OcopCertificate.objects.all()

    assert certificates.filter(status=OcopCertificate.Status.EXPIRED).count() == 1
    assert certificates.filter(status=OcopCertificate.Status.PENDING).count() == 1
    five_stars = certificates.filter(stars=5)
    assert five_stars.count() >= 2
    assert set(five_stars.values_list("level", flat=True)) == {"national"}
    assert set(certificates.filter(stars__lt=5).values_list("level", flat=True)) == {"province"}
    certified = public_products().filter(ocop_certificates__in=valid_certificates()).distinct()
    assert certified.count() > public_products().count() / 2


def test_demo_accounts_can_sign_in_with_their_roles(demo):
    User = get_user_model()
    for login in ("0912000001", "0912 000 002", "0912000003", "0912000004", "admin@cholang.vn"):
        assert authenticate(username=login, password=DEMO_PASSWORD) is not None, login
    assert authenticate(username="nguoimua@cholang.vn", password=DEMO_PASSWORD) is not None

    assert User.objects.get(email="admin@cholang.vn").is_superuser
    staff = User.objects.get(phone="+84912000002")
    assert not staff.is_staff
    assert staff.commune_roles.get().commune.province.name == "Tuyên Quang"
    tea = Seller.objects.get(slug="che-shan-tuyet-phan-the-do")
    owner = tea.members.get(role=SellerMember.Role.OWNER).user
    assert owner.phone == "+84912000001"
    assert owner.get_full_name() == "Phan Thế Độ"
    consent = HelperConsent.objects.get(helper__phone="+84912000003", seller=tea)
    assert consent.is_active and consent.granted_by == owner
    assert DEMO_PASSWORD in demo and "admin@cholang.vn" in demo
    assert "http://127.0.0.1:8000/" in demo


def test_stories_are_published_under_the_home_page(demo):
    home = HomePage.objects.get()
    producers = ProducerStoryPage.objects.live().descendant_of(home)
    products = ProductStoryPage.objects.live().descendant_of(home)

    assert "Shan Tuyết" in home.intro
    assert producers.count() >= 4 and products.count() >= 3
    for story in [*producers, *products]:
        assert story.cover is not None and story.first_published_at is not None
        kinds = {block.block_type for block in story.body}
        assert {"heading", "paragraph", "facts"} <= kinds
    assert all(story.seller.is_selling for story in producers)
    assert any(block.block_type == "quote" for block in producers.first().body)


def _counts() -> dict:
    models = [
        get_user_model(),
        Seller,
        SellerMember,
        Partner,
        CommuneStaff,
        HelperConsent,
        Product,
        ProductClass,
        ProductCategory,
        Category,
        StockRecord,
        ProductImage,
        OcopCertificate,
        Page,
        Revision,
        get_image_model(),
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_loading_twice_changes_no_counts_and_redraws_no_pictures(media):
    load_demo()
    first = _counts()
    files = sorted(path for path in media.rglob("*") if path.is_file())

    second_output = load_demo()

    assert _counts() == first
    assert sorted(path for path in media.rglob("*") if path.is_file()) == files
    assert "(0 pictures drawn this run)" in second_output
