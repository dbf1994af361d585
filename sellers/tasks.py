"""Background work for sellers: telling applicants about decisions."""

from celery import shared_task
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.notifications.sms import LONG_VALUE_LIMIT, render_sms, send_sms

from .models import Seller


def decision_text(seller: Seller, decision: str) -> str:
    texts = {
        "approve": _("Chợ Làng: your shop %(name)s is approved. Sign in to start selling."),
        "reject": _("Chợ Làng: your application for %(name)s was not approved. Reason: %(reason)s"),
        "request_changes": _(
            "Chợ Làng: please update your application for %(name)s. Reason: %(reason)s"
        ),
        "suspend": _("Chợ Làng: your shop %(name)s is paused. Reason: %(reason)s"),
        "reinstate": _("Chợ Làng: your shop %(name)s is open again."),
    }
    return render_sms(
        texts[decision],
        {"name": seller.display_name, "reason": seller.status_reason},
        limits={"reason": LONG_VALUE_LIMIT},
    )


@shared_task
def notify_seller(*, seller_id: int, decision: str) -> None:
    """Text (and email, when the owner has one) the seller about a commune decision.

    Safe to run twice: it only sends the message for the seller's current state.
    """
    seller = Seller.objects.filter(pk=seller_id).first()
    if seller is None:
        return
    with translation.override("vi"):
        text = decision_text(seller, decision)
    if seller.phone:
        send_sms(to=seller.phone, text=text)
    emails = [m.user.email for m in seller.members.select_related("user") if m.user.email]
    if emails:
        send_mail("Chợ Làng", text, None, emails, fail_silently=True)
