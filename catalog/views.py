from oscar.apps.catalogue import views as oscar_views
from oscar.apps.catalogue.views import *  # noqa: F403


class ProductDetailView(oscar_views.ProductDetailView):
    def get_queryset(self):
        return super().get_queryset().select_related("seller__commune__province", "product_class")

    def is_viewable(self, product, request):
        # A suspended or unapproved seller's products vanish for buyers, as in listings.
        seller = product.seller
        if seller is not None and not seller.is_selling and not request.user.is_staff:
            return False
        return super().is_viewable(product, request)
