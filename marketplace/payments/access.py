"""Who may see an order's payment pages: its signed-in owner, or the guest who placed it
in this browser session (kept in the session, never guessable from the order number).
Operator pages are guarded by ``marketplace.operations.access``."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from oscar.core.loading import get_model

Order = get_model("order", "Order")
SESSION_KEY = "placed_orders"


def remember_order(request, order) -> None:
    numbers = request.session.get(SESSION_KEY, [])
    number = str(order.number)  # Oscar hands over a fresh order's number as an int
    if number not in numbers:
        request.session[SESSION_KEY] = (numbers + [number])[-20:]


def buyer_order(request, number: str):
    """The order if this request's buyer placed it; 404 otherwise (no existence leak)."""
    order = get_object_or_404(
        Order.objects.select_related("shipping_address", "user"), number=number
    )
    if request.user.is_authenticated and order.user_id == request.user.pk:
        return order
    if order.user_id is None and number in request.session.get(SESSION_KEY, []):
        return order
    raise Http404
