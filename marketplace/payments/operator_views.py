"""Operator pages for payments: VietQR transfers to confirm, refunds, COD refusals.

Plain forms that work on a phone without JavaScript; every write goes through a service
that records it in the audit log.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from marketplace.operations.access import operator_required

from . import cod, once, refunds, selectors, services
from .forms import CodResetForm, RefundForm
from .models import PaymentAttempt

Order = get_model("order", "Order")
OVERDUE_SHOWN = 100


@operator_required
def transfers(request):
    """VietQR transfers waiting for confirmation, oldest first; then the orders paid in
    part whose deadline passed with a seller's share still missing."""
    page = Paginator(selectors.transfers_waiting(), 50).get_page(request.GET.get("page"))
    overdue = list(selectors.split_orders_overdue()[:OVERDUE_SHOWN])
    context = {
        "page": page,
        "attempts": page,
        "money_key": once.new_key(),
        "overdue": overdue,
        "more_overdue": len(overdue) == OVERDUE_SHOWN,
    }
    return render(request, "payments/transfers.html", context)


def _missing_key(request):
    return HttpResponseBadRequest(_("This form has expired: open the page again."))


@operator_required
@require_POST
@once.repeat_shows_first_result
def confirm_transfer(request, pk):
    attempt = get_object_or_404(PaymentAttempt.objects.select_related("order"), pk=pk)
    amount, number = currency(services.platform_share(attempt)), attempt.order.number
    if not once.confirmed(request):
        return once.confirm_page(
            request,
            title=_("Confirm the transfer for order %(number)s") % {"number": number},
            changes=[
                _(
                    "%(amount)s arrived for order %(number)s: the order becomes paid and "
                    "its sellers are asked to ship."
                )
                % {"amount": amount, "number": number}
            ],
            button=_("Yes, the money arrived"),
            back_url=reverse("operations:transfers"),
        )
    try:
        key = once.key_from(request)
    except once.MissingKey:
        return _missing_key(request)

    def apply():
        services.confirm_transfer(attempt=attempt, actor=request.user)
        message = _("Transfer of %(amount)s for order %(number)s confirmed.") % {
            "amount": amount,
            "number": number,
        }
        return message, reverse("operations:transfers")

    try:
        outcome = once.run_once(key=key, action="confirm_transfer", actor=request.user, apply=apply)
    except services.PaymentFailed as exc:
        messages.error(request, str(exc))
        return redirect("operations:transfers")
    return once.respond(request, outcome)


@operator_required
def find_order(request):
    """Look an order up by its number to refund it."""
    number = request.GET.get("number", "").strip().removeprefix("CHOLANG").strip()
    if number:
        if Order.objects.filter(number=number).exists():
            return redirect("operations:refund", number=number)
        messages.error(request, _("No order has the number %(number)s.") % {"number": number})
    return redirect("operations:home")


def _refund_changes(order, plan) -> list[str]:
    units = ", ".join(f"{qty} × {line.title}" for line, qty in plan["units"])
    changes = [
        _("Refund %(amount)s for order %(number)s: %(units)s go back into stock.")
        % {"amount": currency(plan["amount"]), "number": order.number, "units": units}
    ]
    paid_directly = {seller.pk for seller, _back in plan.get("direct", [])}
    for seller, taken in plan["sellers"]:
        if seller.pk in paid_directly:
            continue
        changes.append(
            _("Take %(amount)s from %(seller)s (the goods less the commission given back).")
            % {"amount": currency(taken), "seller": seller.display_name}
        )
    for seller, back in plan.get("direct", []):
        changes.append(
            _(
                "The buyer paid %(seller)s directly: the seller gives %(amount)s back to the "
                "buyer itself, the marketplace pays none of it."
            )
            % {"amount": currency(back), "seller": seller.display_name}
        )
    return changes


@operator_required
@once.repeat_shows_first_result
def refund_order(request, number):
    """Refund all of an order, or some units of some lines."""
    order = get_object_or_404(Order.objects.select_related("shipping_address"), number=number)
    paid = refunds.paid_attempt(order)
    lines = refunds.refundable_lines(order, paid) if paid else {}
    form = RefundForm(request.POST or None, lines=lines)
    if request.method == "POST" and paid and form.is_valid():
        full = request.POST.get("action") == "full"
        args = {"order": order, "quantities": form.quantities(), "full": full}
        try:
            if not once.confirmed(request):
                plan = refunds.preview(**args)
                return once.confirm_page(
                    request,
                    title=_("Refund order %(number)s") % {"number": order.number},
                    changes=_refund_changes(order, plan),
                    button=_("Yes, refund %(amount)s") % {"amount": currency(plan["amount"])},
                    back_url=reverse("operations:refund", args=[order.number]),
                )
            key = once.key_from(request)

            def apply():
                record = refunds.refund(
                    **args,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    paid_back_manually=form.cleaned_data["paid_back_manually"],
                )
                message = _("Refunded %(amount)s for order %(number)s.") % {
                    "amount": currency(record.amount, order.currency),
                    "number": order.number,
                }
                return message, reverse("operations:refund", args=[order.number])

            outcome = once.run_once(key=key, action="refund", actor=request.user, apply=apply)
        except once.MissingKey:
            return _missing_key(request)
        except services.PaymentFailed as exc:
            messages.error(request, str(exc))
        else:
            return once.respond(request, outcome)
    context = {
        "order": order,
        "paid": paid,
        "form": form,
        "money_key": once.new_key(),
        "refunds": order.refunds.order_by("-created_at"),
        "fulfilments": order.fulfilments.select_related("seller").order_by("pk"),
    }
    return render(request, "payments/operator/refund.html", context)


@operator_required
@once.repeat_shows_first_result
def cod_refusals(request):
    """Refused COD parcels for a phone number, and resetting its count."""
    form = CodResetForm(request.POST or request.GET or None)
    phone = form.cleaned_data["phone"] if form.is_valid() else ""
    back = f"{reverse('operations:cod')}?{urlencode({'phone': phone})}"
    if request.method == "POST" and phone:
        if not once.confirmed(request):
            return once.confirm_page(
                request,
                title=_("Reset the refusals of %(phone)s") % {"phone": phone},
                changes=[
                    _("Clear %(count)s refusals: %(phone)s can pay cash on delivery again.")
                    % {"count": cod.refusal_count(phone), "phone": phone}
                ],
                button=_("Yes, reset the count"),
                back_url=back,
            )
        try:
            key = once.key_from(request)
        except once.MissingKey:
            return _missing_key(request)

        def apply():
            cleared = cod.reset_refusals(phone=phone, actor=request.user)
            message = _("%(count)s refusals cleared: %(phone)s can pay cash on delivery again.") % {
                "count": cleared,
                "phone": phone,
            }
            return message, back

        outcome = once.run_once(key=key, action="cod_reset", actor=request.user, apply=apply)
        return once.respond(request, outcome)
    context = {
        "money_key": once.new_key(),
        "form": form,
        "phone": phone,
        "count": cod.refusal_count(phone) if phone else 0,
        "allowed": cod.cod_allowed(phone) if phone else True,
        "refusals": cod.refusals_for(phone) if phone else [],
    }
    return render(request, "payments/operator/cod.html", context)
