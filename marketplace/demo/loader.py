"""Load the whole demo, one transaction per logical part, and count what buyers see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from catalog.selectors import public_products
from catalog.stories.models import ProducerStoryPage, ProductStoryPage
from marketplace.places.models import Province
from sellers.models import Seller

from . import data
from .catalog_demo import load_catalog_extras
from .history import date_shops_before_sales
from .live_demo import load_lives
from .pages import load_stories
from .products import ensure_categories, ensure_product_class, load_seller_products
from .shops import check_communes, ensure_accounts, ensure_seller


@dataclass
class DemoSummary:
    sellers: int
    products: int
    provinces: int
    stories: int
    pictures_drawn: int
    accounts: list[dict] = field(default_factory=list)


def load_demo() -> DemoSummary:
    """Create or update every demo object; a second run changes no counts."""
    check_communes()
    with transaction.atomic():
        product_class = ensure_product_class()
        categories = ensure_categories()
    sellers = {}
    for spec in data.SELLERS:
        with transaction.atomic():
            sellers[spec["slug"]] = ensure_seller(spec)
    with transaction.atomic():
        accounts = ensure_accounts(sellers)
    drawn = 0
    for spec in data.SELLERS:
        with transaction.atomic():
            drawn += load_seller_products(spec, sellers[spec["slug"]], product_class, categories)
    with transaction.atomic():
        load_stories()
    load_catalog_extras()
    load_lives()
    date_shops_before_sales()
    return _summary(drawn, accounts)


def _summary(drawn: int, accounts: list[dict]) -> DemoSummary:
    approved = Seller.objects.filter(status=Seller.Status.APPROVED)
    return DemoSummary(
        sellers=approved.count(),
        products=public_products().count(),
        provinces=Province.objects.filter(communes__sellers__in=approved).distinct().count(),
        stories=ProducerStoryPage.objects.live().count() + ProductStoryPage.objects.live().count(),
        pictures_drawn=drawn,
        accounts=accounts,
    )
