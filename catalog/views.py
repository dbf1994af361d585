from oscar.apps.catalogue import views as oscar_views
from oscar.apps.catalogue.views import *  # noqa: F403

from .selectors import product_page_queryset


class ProductDetailView(oscar_views.ProductDetailView):
    def get_queryset(self):
        # Photos, certificates, stock and the story come in a fixed number of queries.
        return product_page_queryset(super().get_queryset()).select_related("story_page")

    def is_viewable(self, product, request):
        # A suspended or unapproved seller's products vanish for buyers, as in listings.
        seller = product.seller
        if seller is not None and not seller.is_selling and not request.user.is_staff:
            return False
        return super().is_viewable(product, request)
