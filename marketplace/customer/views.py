"""Oscar's account views, with the order-line page made safe.

Stock Oscar answers a GET of an order line (``/accounts/orders/<number>/<line>/``) with a
server error (it ships no template for it), and an unknown line of one's own order too.
The line's actions (re-order) are POST-only; a GET goes back to the order.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from oscar.apps.customer.views import OrderLineView as OscarOrderLineView


class OrderLineView(OscarOrderLineView):
    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, *args, **kwargs):
        self.get_object()  # someone else's order, or no such line: 404
        return redirect("customer:order", order_number=kwargs["order_number"])
