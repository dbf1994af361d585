"""Messages to buyers when a seller's part of their order changes."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from sellers.sms import send_sms


@shared_task
def notify_buyer(fulfilment_id: int) -> None:
    """Text (and email, when known) the buyer the new status; safe to run twice."""
    from .models import Fulfilment
    from .services import buyer_phone

    part = Fulfilment.objects.select_related("order", "seller").filter(pk=fulfilment_id).first()
    if part is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Chợ Làng: order %(number)s from %(seller)s is now: %(status)s. %(note)s") % {
            "number": part.order.number,
            "seller": part.seller.display_name,
            "status": part.get_status_display(),
            "note": part.tracking_note,
        }
    phone = buyer_phone(part.order)
    if phone:
        send_sms(to=phone, text=text.strip())
    if part.order.email:
        send_mail(
            subject=_("Order %(number)s") % {"number": part.order.number},
            message=text,
            from_email=None,
            recipient_list=[part.order.email],
            fail_silently=True,
        )
