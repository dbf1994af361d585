"""The basket: its lines read in a few queries, and a basket page that computes what our
template shows and nothing Oscar's own template needed.

Oscar's basket view also works out one shipping method and charge for the whole basket,
warnings and upsell messages. Our basket shows each seller's parcel and its shipping as
checkout will charge it (``basket_by_seller``), and each line's stock state with the line,
so those are not computed: on a buyer's basket they were a third of the page's work.
"""

from django.contrib import messages
from django.db.models import F, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.views.generic import FormView
from oscar.apps.basket import middleware as oscar_middleware
from oscar.apps.basket import views as oscar_views
from oscar.apps.basket.utils import BasketMessageGenerator
from oscar.apps.shipping.methods import NoShippingRequired
from oscar.core.loading import get_model

from .offers import Applicator

# What a basket's lines are shown and priced with: their product's class (stock tracking)
# and seller (the parcel) joined to the line; their stock records (the pricing strategy
# reads them all) and attributes (the weight) each read once for all lines rather than
# once per line. The attribute values go where django-oscar's product looks for prefetched
# ones. Photos are read by the basket page only.
LINE_JOINS = ("product", "stockrecord", "product__product_class", "product__seller")
LINE_RELATIONS = ("attributes", "product__stockrecords")


def _attribute_values(path: str, to_attr: str) -> Prefetch:
    values = get_model("catalogue", "ProductAttributeValue").objects.select_related("attribute")
    return Prefetch(path, values.annotate(code=F("attribute__code")), to_attr=to_attr)


def ready_lines(basket) -> list:
    """The basket's lines with what every page showing them reads, in a few queries.

    Oscar keeps the basket's lines once loaded (``all_lines``: offers change them in
    memory); they are loaded here, with the joins above, the first time.
    """
    if basket.id is not None and basket._lines is None:
        basket._lines = (
            basket.lines.select_related(*LINE_JOINS)
            .prefetch_related(*LINE_RELATIONS)
            .order_by(basket._meta.pk.name)
        )
    lines = basket.all_lines()
    for line in lines:
        # Allocating the line's stock at checkout reads its record's product (is stock
        # tracked?): the line's own product, already read.
        record = line.stockrecord
        if record is not None and record.product_id == line.product_id:
            type(record).product.field.set_cached_value(record, line.product)
    values = [_attribute_values("product__attribute_values", "_prefetched_attribute_values")]
    if any(line.product.parent_id for line in lines):  # variants read their parent's too
        values.append(
            _attribute_values(
                "product__parent__attribute_values", "_prefetched_parent_attribute_values"
            )
        )
    prefetch_related_objects(lines, *values)
    return lines


class BasketMiddleware(oscar_middleware.BasketMiddleware):
    """Oscar's, with the lines made ready before offers price them: every page that loads
    the basket (the basket, checkout, adding to it) reads each relation once; and the
    site's offers not read while none runs (``offers``)."""

    def apply_offers_to_basket(self, request, basket):
        ready_lines(basket)
        if not basket.is_empty:
            Applicator().apply(basket, request.user, request)


class BasketView(oscar_views.BasketView):
    def get_queryset(self):
        # Only the basket page shows the lines' photos: read them for all lines at once.
        lines = super().get_queryset()
        prefetch_related_objects(ready_lines(self.request.basket), "product__images")
        return lines

    def get_shipping_methods(self, basket):
        return []

    def get_default_shipping_method(self, basket):
        # Oscar's context wants one; the page shows each seller's shipping instead.
        return NoShippingRequired()

    def get_basket_warnings(self, basket):
        return []

    def get_upsell_messages(self, basket):
        return []


class BasketAddView(oscar_views.BasketAddView):
    """Oscar's, with the product read with its class, and the lines read again with our
    joins after the addition (Oscar's own reading also loads every line's photos)."""

    def post(self, request, *args, **kwargs):
        products = self.product_model.objects.select_related("product_class")
        self.product = get_object_or_404(products, pk=kwargs["pk"])
        return FormView.post(self, request, *args, **kwargs)

    def form_valid(self, form):
        basket = self.request.basket
        offers_before = basket.applied_offers()
        self.line, self.line_created = basket.add_product(
            form.product, form.cleaned_data["quantity"], form.cleaned_options()
        )
        messages.success(self.request, self.get_success_message(form), extra_tags="safe noicon")
        # Offers applied again (the addition reset them) to say which changed.
        ready_lines(basket)
        Applicator().apply(basket, self.request.user, self.request)
        changes = BasketMessageGenerator().get_messages(
            basket, offers_before, basket.applied_offers()
        )
        for level, message in changes:
            messages.add_message(self.request, level, message, extra_tags="safe noicon")
        self.add_signal.send(
            sender=self, product=form.product, user=self.request.user, request=self.request
        )
        return FormView.form_valid(self, form)
