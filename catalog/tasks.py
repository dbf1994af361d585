"""Background work: photo renditions and the daily OCOP certificate sweep."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.notifications.sms import render_sms, send_sms

from . import images
from .models import OcopCertificate

ProductImage = get_model("catalogue", "ProductImage")
logger = logging.getLogger(__name__)


@shared_task
def make_image_renditions(image_id: int, force: bool = False) -> int:
    """Resized WebP and JPEG copies of one product photo; returns how many widths made.

    Idempotent: a photo whose renditions exist is left alone unless ``force``.
    """
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None or not image.original:
        return 0
    if image.renditions and not force:
        return 0
    with image.original.open("rb") as handle:
        data = handle.read()
    try:
        made = images.make_renditions(data)
    except images.ImageRejected:
        logger.warning("Product image %s cannot be decoded; no renditions", image_id)
        return 0
    entries = []
    for width, height, jpeg, webp in made:
        stem = f"renditions/{image.product_id}/{image.pk}-{width}"
        entry = {"w": width, "h": height}
        for key, content in (("jpeg", jpeg), ("webp", webp)):
            name = f"{stem}.{'jpg' if key == 'jpeg' else 'webp'}"
            if default_storage.exists(name):
                default_storage.delete(name)
            entry[key] = default_storage.save(name, ContentFile(content))
        entries.append(entry)
    largest = made[-1]
    fields = {"renditions": entries}
    if not image.width:
        # Demo and dashboard uploads skip the upload pipeline: record the size from pixels.
        fields["width"], fields["height"] = images.size_of(data)
    ProductImage.objects.filter(pk=image.pk).update(**fields)
    logger.debug("Renditions for image %s up to %s px", image_id, largest[0])
    return len(entries)


def _notify(certificate: OcopCertificate, days: int) -> None:
    seller = certificate.product.seller
    if seller is None:
        return
    with translation.override("vi"):
        text = render_sms(
            _(
                "Chợ Làng: the OCOP certificate %(number)s of “%(product)s” expires on "
                "%(date)s (in %(days)s days). Renew it to keep the star badge."
            ),
            {
                "number": certificate.decision_number,
                "product": certificate.product.title,
                "date": certificate.expires_on.strftime("%d/%m/%Y"),
                "days": days,
            },
        )
    if seller.phone:
        send_sms(to=seller.phone, text=text)
    emails = [m.user.email for m in seller.members.select_related("user") if m.user.email]
    if emails:
        send_mail(_("OCOP certificate expiring"), text, None, emails, fail_silently=True)


@shared_task
def expire_certificates(today: str | None = None) -> dict:
    """Daily: expire what is past its date, remind sellers 60 and 14 days ahead.

    Safe to run twice a day or to re-run after a failure: a reminder is recorded on the
    certificate before it is sent, so no threshold is ever sent twice.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    expired = OcopCertificate.objects.filter(
        status=OcopCertificate.Status.VERIFIED, expires_on__lt=day
    ).update(status=OcopCertificate.Status.EXPIRED)
    reminded = 0
    for days in sorted(settings.OCOP_REMINDER_DAYS):
        due = OcopCertificate.objects.filter(
            status=OcopCertificate.Status.VERIFIED,
            expires_on__gte=day,
            expires_on__lte=day + datetime.timedelta(days=days),
        ).select_related("product__seller")
        for certificate in due:
            if days in certificate.reminders_sent:
                continue
            # A certificate first seen at 10 days left gets the 14-day reminder only once;
            # the 60-day one no longer makes sense, so it is marked as passed too.
            passed = [d for d in settings.OCOP_REMINDER_DAYS if d >= days]
            with transaction.atomic():
                locked = OcopCertificate.objects.select_for_update().get(pk=certificate.pk)
                if days in locked.reminders_sent:
                    continue
                locked.reminders_sent = sorted(set(locked.reminders_sent) | set(passed))
                locked.save(update_fields=["reminders_sent"])
            _notify(certificate, (certificate.expires_on - day).days)
            reminded += 1
    return {"expired": expired, "reminded": reminded}
