"""Payment jobs: the order confirmation with how to pay, and the periodic expiry of
unpaid transfers (Celery beat runs it). Each is safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from marketplace.notifications.sms import render_sms, send_sms
from marketplace.order.selectors import buyer_phone

from .models import PaymentAttempt
from .selectors import current_attempt
from .services import (
    expire_unpaid_vietqr,
    remind_unpaid_vietqr,
    vietqr_deadline,
    vietqr_transfer,
)

Order = get_model("order", "Order")


@shared_task
def expire_unpaid_vietqr_orders() -> int:
    """Every few minutes: remind buyers whose transfer deadline is near, then cancel the
    orders whose deadline passed (their stock goes back on sale)."""
    for attempt_id in remind_unpaid_vietqr():
        remind_transfer(attempt_id)
    return expire_unpaid_vietqr()


def remind_transfer(attempt_id: int) -> None:
    """One SMS: the order is still unpaid, how to pay, and when it will be cancelled."""
    attempt = PaymentAttempt.objects.select_related("order__shipping_address", "order__user")
    attempt = attempt.filter(pk=attempt_id, state=PaymentAttempt.State.PENDING).first()
    phone = buyer_phone(attempt.order) if attempt else ""
    if not phone:
        return
    transfer = vietqr_transfer(attempt)
    deadline = timezone.localtime(vietqr_deadline(attempt))
    with translation.override(settings.LANGUAGE_CODE):
        text = render_sms(
            _(
                "Chợ Làng: order %(number)s is not paid yet. Transfer %(amount)s to %(bank)s "
                "%(account)s, message: %(memo)s before %(deadline)s or the order is cancelled."
            ),
            {
                "number": attempt.order.number,
                "amount": currency(transfer.amount, attempt.order.currency),
                "bank": settings.VIETQR_BANK_NAME,
                "account": transfer.account,
                "memo": transfer.memo,
                "deadline": deadline.strftime("%H:%M %d/%m"),
            },
        )
    send_sms(to=phone, text=text)


@shared_task
def notify_order_placed(order_id: int) -> None:
    """Confirm a new order by SMS; a transfer order gets the bank details and memo.

    Buyers with an email address also get Oscar's order confirmation email, sent by the
    checkout itself, so this one goes by SMS only.
    """
    order = Order.objects.select_related("user", "shipping_address").filter(pk=order_id).first()
    phone = buyer_phone(order) if order else ""
    if not phone:
        return
    attempt = current_attempt(order)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Chợ Làng: we received order %(number)s, total %(total)s.") % {
            "number": order.number,
            "total": currency(order.total_incl_tax, order.currency),
        }
        if attempt and attempt.method == PaymentAttempt.Method.VIETQR:
            transfer = vietqr_transfer(attempt)
            text += " " + _(
                "Please transfer %(amount)s to %(bank)s %(account)s (%(holder)s), message: %(memo)s"
            ) % {
                "amount": currency(transfer.amount, order.currency),
                "bank": settings.VIETQR_BANK_NAME,
                "account": transfer.account,
                "holder": settings.VIETQR_ACCOUNT_NAME,
                "memo": transfer.memo,
            }
        elif attempt and attempt.method == PaymentAttempt.Method.COD:
            text += " " + _("You pay in cash when the parcels arrive.")
        send_sms(to=phone, text=text)
