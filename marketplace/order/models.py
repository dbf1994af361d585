"""Oscar's order models, plus what a marketplace order needs on top.

One Oscar order per checkout; its lines are split into one ``Fulfilment`` per seller,
each with its own status and shipping charge. ``ShippingRule`` prices a seller's part of
a basket. ``CodRefusal`` remembers refused cash-on-delivery parcels per buyer phone.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractBillingAddress, AbstractShippingAddress

from marketplace.address.mixins import AdminUnitAddressMixin


class ShippingAddress(AdminUnitAddressMixin, AbstractShippingAddress):
    class Meta(AbstractShippingAddress.Meta):
        pass


class BillingAddress(AdminUnitAddressMixin, AbstractBillingAddress):
    class Meta(AbstractBillingAddress.Meta):
        pass


class ShippingRule(models.Model):
    """How one seller charges shipping for its part of a basket."""

    class Kind(models.TextChoices):
        FLAT = "flat", _("Flat fee")
        FREE_ABOVE = "free_above", _("Flat fee, free above an amount")
        WEIGHT = "weight", _("By weight band")

    seller = models.OneToOneField(
        "sellers.Seller", on_delete=models.CASCADE, related_name="shipping_rule"
    )
    kind = models.CharField(_("rule"), max_length=16, choices=Kind.choices, default=Kind.FLAT)
    fee = models.DecimalField(_("fee (đồng)"), max_digits=12, decimal_places=0, default=0)
    free_above = models.DecimalField(
        _("free from (đồng)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    # [[max_grams, fee], ...] ascending; above the last band the last fee applies.
    weight_bands = models.JSONField(_("weight bands"), default=list, blank=True)

    class Meta:
        verbose_name = _("shipping rule")
        verbose_name_plural = _("shipping rules")

    def __str__(self):
        return f"{self.seller}: {self.get_kind_display()}"


class Fulfilment(models.Model):
    """One seller's part of an order: its lines, shipping charge and delivery status."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONFIRMED = "confirmed", _("Confirmed")
        PACKED = "packed", _("Packed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        REFUSED = "refused", _("Refused at delivery")

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="fulfilments")
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.PROTECT, related_name="fulfilments"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    lines_total = models.DecimalField(_("goods"), max_digits=12, decimal_places=0)
    shipping_charge = models.DecimalField(_("shipping"), max_digits=12, decimal_places=0)
    tracking_note = models.CharField(_("tracking note"), max_length=255, blank=True)
    cash_collected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fulfilment")
        verbose_name_plural = _("fulfilments")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "seller"], name="one_fulfilment_per_seller")
        ]

    def __str__(self):
        return f"{self.order.number} · {self.seller}"

    @property
    def total(self) -> Decimal:
        return self.lines_total + self.shipping_charge

    @property
    def is_open(self) -> bool:
        return self.status not in (
            self.Status.DELIVERED,
            self.Status.CANCELLED,
            self.Status.REFUSED,
        )


class CodRefusal(models.Model):
    """A cash-on-delivery parcel the buyer refused ("bom hàng").

    Counted per phone until an operator resets them (``reset_at``).
    """

    phone = models.CharField(_("phone number"), max_length=16, db_index=True)
    fulfilment = models.OneToOneField(Fulfilment, on_delete=models.CASCADE, related_name="refusal")
    recorded_at = models.DateTimeField(default=timezone.now)
    reset_at = models.DateTimeField(null=True, blank=True)
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("refused COD delivery")
        verbose_name_plural = _("refused COD deliveries")

    def __str__(self):
        return self.phone


from oscar.apps.order.models import *  # noqa: E402,F403
