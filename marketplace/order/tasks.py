"""Messages to buyers: order placed, payment received, a seller's part changed.

Guests give a phone number, not an email address, so every message goes by SMS to the
delivery phone, and by email too when the order has an address. Each task reads the
current state and is safe to run twice.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from sellers.sms import LONG_VALUE_LIMIT, render_sms, send_sms


def _tell_buyer(order, text: str) -> None:
    from .services import buyer_phone

    phone = buyer_phone(order)
    if phone:
        send_sms(to=phone, text=text.strip())
    if order.email:
        send_mail(
            subject=_("Order %(number)s") % {"number": order.number},
            message=text,
            from_email=None,
            recipient_list=[order.email],
            fail_silently=True,
        )


@shared_task
def notify_buyer(fulfilment_id: int) -> None:
    """Text (and email, when known) the buyer the new status of a seller's part."""
    from .models import Fulfilment

    part = Fulfilment.objects.select_related("order__user", "seller").filter(pk=fulfilment_id)
    part = part.first()
    if part is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = render_sms(
            _("Chợ Làng: order %(number)s from “%(seller)s” is now: %(status)s. %(note)s"),
            {
                "number": part.order.number,
                "seller": part.seller.display_name,
                "status": part.get_status_display(),
                "note": part.tracking_note,
            },
            limits={"note": LONG_VALUE_LIMIT},
        )
        _tell_buyer(part.order, text)


@shared_task
def notify_order_placed(order_id: int) -> None:
    """Confirm a new order by SMS; a transfer order gets the bank details and memo.

    Buyers with an email address also get Oscar's order confirmation email, sent by the
    checkout itself, so this one goes by SMS only.
    """
    from marketplace.payments.models import PaymentAttempt
    from marketplace.payments.selectors import current_attempt
    from marketplace.payments.services import vietqr_transfer

    from .services import Order, buyer_phone

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


@shared_task
def notify_payment_received(order_id: int) -> None:
    """Tell the buyer their transfer or card payment arrived."""
    from .services import Order

    order = Order.objects.select_related("user", "shipping_address").filter(pk=order_id).first()
    if order is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Chợ Làng: payment of %(amount)s for order %(number)s received. Thank you!") % {
            "amount": currency(order.total_incl_tax, order.currency),
            "number": order.number,
        }
        _tell_buyer(order, text)
