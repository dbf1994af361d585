"""Live selling sessions (Facebook, TikTok, YouTube) linked to products.

The marketplace hosts no video: a ``LiveSession`` links a stream on a social platform to
products, each with a short code viewers type (``/live/T12``) and an optional live-only
price. That price is an Oscar site offer per product, open only while the live runs, so
the product's normal price is never touched.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Benefit = get_model("offer", "Benefit")


class HostVerification(models.Model):
    """E-commerce Law: a seller's livestream host identity, checked by staff or operator."""

    seller = models.OneToOneField(
        "sellers.Seller", on_delete=models.CASCADE, related_name="live_host_verification"
    )
    host_name = models.CharField(_("host's full name"), max_length=120)
    id_checked = models.CharField(
        _("document checked"),
        max_length=120,
        help_text=_("Which paper was seen, e.g. citizen ID card (never the number)."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("livestream host verification")
        verbose_name_plural = _("livestream host verifications")

    def __str__(self):
        return f"{self.host_name} ({self.seller})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LiveSession(models.Model):
    class Platform(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live now")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.PROTECT, related_name="live_sessions"
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    stream_url = models.URLField(_("stream link"), max_length=500)
    replay_url = models.URLField(_("replay link"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    cover = models.ImageField(_("cover image"), upload_to="live-covers/%Y/%m", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    pinned = models.ForeignKey(
        "LiveProduct", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pinned_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="live_end_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("livestream:detail", kwargs={"pk": self.pk})

    @property
    def window_start(self):
        """When live prices and attribution begin: the real start if earlier than planned."""
        if self.started_at and self.started_at < self.starts_at:
            return self.started_at
        return self.starts_at

    @property
    def window_end(self):
        """When live prices stop: the real end if the seller ended it, else the planned end."""
        return self.ended_at or self.ends_at

    @property
    def attribution_end(self):
        return self.window_end + timedelta(hours=settings.LIVESTREAM_ATTRIBUTION_HOURS)

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        # On only once the host started it, whatever the planned times say.
        if self.status != self.Status.LIVE or self.ended_at:
            return False
        return self.window_start <= now < self.window_end


class LivePriceBenefit(Benefit):
    """Oscar benefit: lines of the product cost the live price (never more than normal)."""

    class Meta:
        proxy = True

    @property
    def name(self):
        return str(_("Live price"))

    description = name

    def apply(self, basket, condition, offer, **kwargs):
        from decimal import Decimal

        from oscar.apps.offer.benefits import apply_discount
        from oscar.apps.offer.results import ZERO_DISCOUNT, BasketDiscount

        item = LiveProduct.objects.filter(offer=offer).only("live_price").first()
        if item is None or item.live_price is None:
            return ZERO_DISCOUNT
        total = Decimal("0")
        for price, line in self.get_applicable_lines(offer, basket):
            quantity = line.quantity_without_offer_discount(offer)
            per_unit = max(price - item.live_price, Decimal("0"))
            if quantity <= 0 or per_unit == 0:
                continue
            apply_discount(line, per_unit * quantity, quantity, offer)
            total += per_unit * quantity
        return BasketDiscount(total) if total else ZERO_DISCOUNT


class LiveProduct(models.Model):
    """A product shown in a live, with its short code and optional live-only price."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="+")
    live_price = models.DecimalField(
        _("live price"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    code = models.CharField(_("short code"), max_length=12, unique=True, editable=False)
    sort = models.PositiveSmallIntegerField(default=0)
    # False once taken out of the live; kept when it was pinned, for the replay's chapters.
    shown = models.BooleanField(default=True)
    offer = models.OneToOneField(
        "offer.ConditionalOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_product",
    )

    class Meta:
        verbose_name = _("product in a live")
        verbose_name_plural = _("products in a live")
        ordering = ["sort", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["live", "product"], name="unique_product_per_live")
        ]

    def __str__(self):
        return f"{self.code} {self.product.title}"

    def get_absolute_url(self):
        return reverse("livestream:code", kwargs={"code": self.code})


class PinEvent(models.Model):
    """One pin during a live: the history becomes the replay's chapters."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="pins")
    item = models.ForeignKey(LiveProduct, on_delete=models.CASCADE, related_name="pins")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%H:%M} {self.item_id}"


class LiveVisit(models.Model):
    """A click-through or a basket add made from a live (page, short code or QR)."""

    class Kind(models.TextChoices):
        CLICK = "click", _("Click-through")
        BASKET = "basket", _("Basket add")

    class Source(models.TextChoices):
        PAGE = "page", _("Live page")
        CODE = "code", _("Short code")
        QR = "qr", _("QR code")

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="visits")
    item = models.ForeignKey(LiveProduct, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    # A hash of the browser session: counts distinct viewers without storing who they are.
    visitor = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["live", "kind"])]

    def __str__(self):
        return f"{self.kind} {self.live_id}"


class LiveOrder(models.Model):
    """An order attributed to a live; ``gmv`` counts only the live seller's lines."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="orders")
    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="live_attribution"
    )
    gmv = models.DecimalField(max_digits=14, decimal_places=0, default=0)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.order_id} → {self.live_id}"


class Follow(models.Model):
    """A buyer following a seller, to be reminded before its lives."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_follows"
    )
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, related_name="live_followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "seller"], name="unique_live_follow")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.seller_id}"


class Reminder(models.Model):
    """One reminder per follower per live: the row is written before sending (idempotent)."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["live", "user"], name="one_reminder_per_live_user")
        ]

    def __str__(self):
        return f"{self.live_id} → {self.user_id}"


class Complaint(models.Model):
    """A buyer's complaint about a live; the operator reads them in the admin."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="complaints")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact = models.CharField(_("phone or email to reach you"), max_length=120)
    text = models.TextField(_("what happened"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("livestream complaint")
        verbose_name_plural = _("livestream complaints")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.live} — {self.created_at:%Y-%m-%d}"
