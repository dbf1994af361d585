"""Buyer payment pages: order status, card, switching method (operators: operator_views)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.security.ratelimit import client_ip
from marketplace.users.otp import OtpError, send_code, verify_code

from . import cod, services, stripe_api
from .access import buyer_order
from .forms import SwitchMethodForm, TestCardForm
from .models import PaymentAttempt
from .payees import payees
from .selectors import buyer_order_summary, current_attempt

Method, State = PaymentAttempt.Method, PaymentAttempt.State


def _transfer_context(attempt) -> dict:
    if attempt is None or attempt.method != Method.VIETQR or attempt.state != State.PENDING:
        return {}
    return {"payees": payees(attempt), "pay_before": services.vietqr_deadline(attempt)}


def order_status(request, number):
    """The buyer's view of an order: each seller's part with its status, and payment."""
    order = buyer_order(request, number)
    summary = buyer_order_summary(order)
    attempt = summary.attempt
    context = {
        "order": order,
        "attempt": attempt,
        "summary": summary,
        "fulfilments": summary.parts,
        "switch_form": SwitchMethodForm() if _can_switch(order, attempt) else None,
        "needs_code": cod.needs_code(request.user, _delivery_phone(order)),
        **_transfer_context(attempt),
    }
    return render(request, "payments/order_status.html", context)


def _can_switch(order, attempt) -> bool:
    return (
        order.status != "cancelled"
        and attempt is not None
        and attempt.state in (State.PENDING, State.FAILED)
        and attempt.method != Method.COD
        # once one payee has the buyer's money, the buyer finishes paying the same way
        and attempt.platform_received_at is None
        and not attempt.direct_transfers.filter(state="received").exists()
    )


def card(request, number):
    """Card payment. With JavaScript, Stripe's own form; without it (or in test mode) the
    server confirms a test card. Either way the order is paid only by the signed webhook."""
    order = buyer_order(request, number)
    attempt = current_attempt(order)
    if attempt is None or attempt.method != Method.STRIPE or attempt.state != State.PENDING:
        return redirect("payments:order", number=number)
    test_mode = settings.STRIPE_SECRET_KEY.startswith("sk_test_")
    form = TestCardForm(request.POST or None)
    error = ""
    if request.method == "POST" and test_mode and form.is_valid():
        try:
            services.pay_by_test_card(
                attempt=attempt, payment_method=form.cleaned_data["payment_method"]
            )
        except services.PaymentFailed as exc:
            messages.error(request, str(exc))
            return redirect("payments:order", number=number)
        messages.success(request, _("Thank you! Your card payment is being confirmed."))
        return redirect("payments:order", number=number)
    client_secret = ""
    if settings.STRIPE_PUBLISHABLE_KEY and not test_mode:
        try:
            client_secret = services.create_card_intent(attempt=attempt).client_secret
        except stripe_api.StripeUnavailable:
            error = _("Card payment is not available right now. Please choose another way to pay.")
    context = {
        "order": order,
        "attempt": attempt,
        "test_mode": test_mode,
        "form": form,
        "client_secret": client_secret,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "error": error,
        "switch_form": SwitchMethodForm(),
        "needs_code": cod.needs_code(request.user, _delivery_phone(order)),
    }
    return render(request, "payments/card.html", context)


def _delivery_phone(order) -> str:
    return str(order.shipping_address.phone_number or "") if order.shipping_address else ""


@require_POST
def switch_method(request, number):
    """After a failed or unwanted card payment, pay by VietQR or cash on delivery instead."""
    order = buyer_order(request, number)
    attempt = current_attempt(order)
    if not _can_switch(order, attempt):
        return redirect("payments:order", number=number)
    if services.card_already_taken(attempt):
        # The card went through and only the webhook is late: paying again would charge twice.
        messages.info(request, _("Thank you! Your card payment is being confirmed."))
        return redirect("payments:order", number=number)
    form = SwitchMethodForm(request.POST)
    phone = _delivery_phone(order)
    if not form.is_valid():
        return redirect("payments:order", number=number)
    method = form.cleaned_data["method"]
    if method == Method.COD:
        if not cod.cod_allowed(phone):
            messages.error(request, _("Cash on delivery is not available for this phone number."))
            return redirect("payments:order", number=number)
        if cod.needs_code(request.user, phone):
            try:
                if request.POST.get("action") == "send_code":
                    send_code(phone=phone, purpose=cod.OTP_PURPOSE, ip=client_ip(request))
                    messages.info(
                        request, _("We sent a 6-digit code to your phone. Enter it below.")
                    )
                    return redirect("payments:order", number=number)
                verify_code(
                    phone=phone,
                    purpose=cod.OTP_PURPOSE,
                    code=request.POST.get("code", ""),
                    ip=client_ip(request),
                )
            except OtpError as exc:
                messages.error(request, str(exc))
                return redirect("payments:order", number=number)
    services.start_payment(order=order, method=method)
    messages.success(request, _("Payment method changed."))
    return redirect("payments:order", number=number)


def cancel(request, number):
    """The buyer cancels an unpaid order nobody has packed: a confirmation page, then POST."""
    order = buyer_order(request, number)
    summary = buyer_order_summary(order)
    if request.method == "POST":
        try:
            actor = request.user if request.user.is_authenticated else None
            services.cancel_by_buyer(order=order, actor=actor)
        except services.PaymentFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Order %(number)s is cancelled.") % {"number": number})
        return redirect("payments:order", number=number)
    if not summary.may_cancel:
        messages.info(
            request,
            _(
                "This order can no longer be cancelled here: it is paid, packed or "
                "cancelled already. Contact the seller or the marketplace."
            ),
        )
        return redirect("payments:order", number=number)
    lines = order.lines.select_related("product").order_by("pk")
    return render(
        request, "payments/cancel.html", {"order": order, "summary": summary, "lines": lines}
    )
