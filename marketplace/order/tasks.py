"""Messages to buyers: payment received, a seller's part changed.

Guests give a phone number, not an email address, so every message goes by SMS to the
delivery phone, and by email too when the order has an address. Each task reads the
current state and is safe to run twice.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from marketplace.notifications.sms import LONG_VALUE_LIMIT, render_sms, send_sms

from . import shipments
from .models import Fulfilment
from .selectors import buyer_phone

Order = get_model("order", "Order")


def _tell_buyer(order, text: str) -> None:
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
def notify_payment_received(order_id: int) -> None:
    """Tell the buyer their transfer or card payment arrived."""
    order = Order.objects.select_related("user", "shipping_address").filter(pk=order_id).first()
    if order is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Chợ Làng: payment of %(amount)s for order %(number)s received. Thank you!") % {
            "amount": currency(order.total_incl_tax, order.currency),
            "number": order.number,
        }
        _tell_buyer(order, text)


def _tell_sellers(order_id: int, message: str) -> None:
    """Text ``message`` (with the order's number) to every seller of the order."""
    parts = Fulfilment.objects.select_related("order", "seller").filter(order_id=order_id)
    with translation.override(settings.LANGUAGE_CODE):
        for part in parts:
            if part.seller.phone:
                text = render_sms(_(message), {"number": part.order.number})
                send_sms(to=part.seller.phone, text=text)


@shared_task
def notify_sellers_cancelled(order_id: int) -> None:
    """Tell every seller of an order the buyer cancelled not to send their part."""
    _tell_sellers(
        order_id, gettext_noop("Chợ Làng: the buyer cancelled order %(number)s. Do not send it.")
    )


@shared_task
def notify_sellers_paid(order_id: int) -> None:
    """Tell every seller of an order paid by transfer or card that their part may ship."""
    _tell_sellers(
        order_id,
        gettext_noop("Chợ Làng: order %(number)s is paid. Please prepare it for shipping."),
    )


@shared_task
def call_back_cancelled_parcels() -> int:
    """Parcels still booked for cancelled order parts are cancelled at the carrier."""
    return shipments.call_back_cancelled()
