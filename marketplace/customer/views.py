"""Oscar's account views, with the order-line page made safe.

Stock Oscar answers a GET of an order line (``/accounts/orders/<number>/<line>/``) with a
server error (it ships no template for it), and an unknown line of one's own order too.
The line's actions (re-order) are POST-only; a GET goes back to the order.

Signing out is POST-only too: a GET from another site (an image, a link) must not sign
anyone out. The header has a plain form button for it, which needs no JavaScript.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from oscar.apps.customer.views import LogoutView as OscarLogoutView
from oscar.apps.customer.views import OrderLineView as OscarOrderLineView


class LogoutView(OscarLogoutView):
    # RedirectView answers POST with its GET, where Oscar signs out and drops the
    # basket and history cookies.
    http_method_names = ["post", "options"]


class OrderLineView(OscarOrderLineView):
    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, *args, **kwargs):
        self.get_object()  # someone else's order, or no such line: 404
        return redirect("customer:order", order_number=kwargs["order_number"])
