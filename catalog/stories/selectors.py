from oscar.core.loading import get_model

from catalog import selectors as catalog_selectors
from marketplace.places.models import Province
from sellers.models import Seller, selling_q

Category = get_model("catalogue", "Category")


def home_context() -> dict:
    """What the home page shows: featured products, sellers, provinces, categories."""
    return {
        "featured_products": catalog_selectors.featured_products(limit=8),
        "featured_sellers": list(
            Seller.objects.selling()
            .select_related("commune__province")
            .order_by("-approved_at")[:6]
        ),
        "top_categories": list(Category.get_root_nodes().filter(is_public=True)[:8]),
        "province_count": Province.objects.filter(selling_q("communes__sellers__"))
        .distinct()
        .count(),
        "seller_count": Seller.objects.selling().count(),
    }
