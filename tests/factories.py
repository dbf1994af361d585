"""factory_boy factories shared by every test module."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from marketplace.places.models import Commune
from sellers.models import HelperMembership, Seller, SellerMember

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
OcopCertificate = get_model("catalogue", "OcopCertificate")

PASSWORD = "lang-test-pass-2026"


def commune(name="Vĩnh Tuy", province="Tuyên Quang") -> Commune:
    """A real commune from the loaded administrative units."""
    return Commune.objects.select_related("province").get(name=name, province__name=province)


def team_member(user, commune: Commune) -> HelperMembership:
    """``user`` as an active member of ``commune``'s digital-technology team."""
    return HelperMembership.objects.create(
        user=user,
        commune=commune,
        status=HelperMembership.Status.ACTIVE,
        joined_at=datetime.datetime.now(datetime.UTC),
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    first_name = "Độ"
    last_name = "Phan Thế"
    password = factory.django.Password(PASSWORD)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Đối tác {n}")


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller

    kind = Seller.Kind.HOUSEHOLD
    display_name = factory.Sequence(lambda n: f"Nhà vườn số {n}")
    slug = factory.Sequence(lambda n: f"nha-vuon-so-{n}")
    representative_name = "Phan Thế Độ"
    phone = "+84912000001"
    commune = factory.LazyFunction(commune)
    address = "Thôn Tân Lập"
    status = Seller.Status.APPROVED
    partner = factory.SubFactory(PartnerFactory)


class SellerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerMember

    seller = factory.SubFactory(SellerFactory)
    user = factory.SubFactory(UserFactory)


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)

    name = "Đặc sản OCOP"
    slug = "dac-san-ocop"
    requires_shipping = True
    track_stock = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Chè Shan Tuyết Tân Lập hộp {n}")
    description = "Chè búp Shan Tuyết cổ thụ, sao tay trên chảo gang."
    product_class = factory.SubFactory(ProductClassFactory)
    seller = factory.SubFactory(SellerFactory)
    unit = Product.Unit.BOX
    is_public = True


class StockRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockRecord

    product = factory.SubFactory(ProductFactory)
    partner = factory.LazyAttribute(lambda o: o.product.seller.partner)
    partner_sku = factory.Sequence(lambda n: f"SKU-{n}")
    price = Decimal("150000")
    price_currency = "VND"
    num_in_stock = 20


class OcopCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate

    product = factory.SubFactory(ProductFactory)
    stars = 4
    group = OcopCertificate.Group.BEVERAGE
    level = OcopCertificate.Level.PROVINCE
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    issued_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=100))
    status = OcopCertificate.Status.VERIFIED


def sellable_product(**kwargs):
    """A public product with a price and stock from an approved seller."""
    record = StockRecordFactory(product=ProductFactory(**kwargs))
    return record.product
