"""Operator pages for payments: VietQR transfers to confirm, refunds, COD refusals.

Plain forms that work on a phone without JavaScript; every write goes through a service
that records it in the audit log.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from marketplace.ledger.selectors import unpaid_batches

from . import cod, refunds, selectors, services
from .access import operator_required
from .forms import CodResetForm, RefundForm
from .models import PaymentAttempt

Order = get_model("order", "Order")


@operator_required
def home(request):
    """The operator's start page: what is waiting, and where each task is."""
    return render(
        request,
        "payments/operator/home.html",
        {
            "transfers_waiting": selectors.transfers_waiting().count(),
            "unpaid_batches": unpaid_batches().count(),
        },
    )


@operator_required
def transfers(request):
    """VietQR transfers waiting for confirmation, oldest first."""
    page = Paginator(selectors.transfers_waiting(), 50).get_page(request.GET.get("page"))
    return render(request, "payments/transfers.html", {"page": page, "attempts": page})


@operator_required
@require_POST
def confirm_transfer(request, pk):
    attempt = get_object_or_404(PaymentAttempt.objects.select_related("order"), pk=pk)
    try:
        services.confirm_transfer(attempt=attempt, actor=request.user)
        messages.success(
            request,
            _("Transfer for order %(number)s confirmed.") % {"number": attempt.order.number},
        )
    except services.PaymentFailed as exc:
        messages.error(request, str(exc))
    return redirect("payments:transfers")


@operator_required
def find_order(request):
    """Look an order up by its number to refund it."""
    number = request.GET.get("number", "").strip().removeprefix("CHOLANG").strip()
    if number:
        if Order.objects.filter(number=number).exists():
            return redirect("payments:refund", number=number)
        messages.error(request, _("No order has the number %(number)s.") % {"number": number})
    return redirect("payments:operator")


@operator_required
def refund_order(request, number):
    """Refund all of an order, or some units of some lines."""
    order = get_object_or_404(Order.objects.select_related("shipping_address"), number=number)
    paid = refunds.paid_attempt(order)
    lines = refunds.refundable_lines(order, paid) if paid else {}
    form = RefundForm(request.POST or None, lines=lines)
    if request.method == "POST" and paid and form.is_valid():
        full = request.POST.get("action") == "full"
        try:
            record = refunds.refund(
                order=order,
                quantities=form.quantities(),
                full=full,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.PaymentFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Refunded %(amount)s for order %(number)s.")
                % {"amount": currency(record.amount, order.currency), "number": order.number},
            )
            return redirect(reverse("payments:refund", args=[order.number]))
    context = {
        "order": order,
        "paid": paid,
        "form": form,
        "refunds": order.refunds.order_by("-created_at"),
        "fulfilments": order.fulfilments.select_related("seller").order_by("pk"),
    }
    return render(request, "payments/operator/refund.html", context)


@operator_required
def cod_refusals(request):
    """Refused COD parcels for a phone number, and resetting its count."""
    form = CodResetForm(request.POST or request.GET or None)
    phone = form.cleaned_data["phone"] if form.is_valid() else ""
    if request.method == "POST" and phone:
        cleared = cod.reset_refusals(phone=phone, actor=request.user)
        messages.success(
            request,
            _("%(count)s refusals cleared: %(phone)s can pay cash on delivery again.")
            % {"count": cleared, "phone": phone},
        )
        return redirect(f"{reverse('payments:cod')}?{urlencode({'phone': phone})}")
    context = {
        "form": form,
        "phone": phone,
        "count": cod.refusal_count(phone) if phone else 0,
        "allowed": cod.cod_allowed(phone) if phone else True,
        "refusals": cod.refusals_for(phone) if phone else [],
    }
    return render(request, "payments/operator/cod.html", context)
