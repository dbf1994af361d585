from oscar.core.loading import get_model

from marketplace.places.models import Province
from sellers.models import Seller, selling_q

Category = get_model("catalogue", "Category")


def home_context() -> dict:
    """What the home page shows: featured products, sellers, provinces, categories."""
    from catalog.search.products import featured_ids, hydrate  # (it reads story pages)

    return {
        "featured_products": hydrate(featured_ids(limit=8)),
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
