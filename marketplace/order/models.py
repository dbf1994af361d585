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


class Shipment(models.Model):
    """A parcel handed to a carrier for one order part, under our own client order code.

    ``pending`` means the carrier was asked and did not answer: the same client code is
    sent again on retry, so the carrier never holds two parcels for one request. At most
    one shipment per order part is not cancelled.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the carrier")
        CREATED = "created", _("Waiting for pickup")
        PICKED_UP = "picked_up", _("Picked up")
        IN_TRANSIT = "in_transit", _("On the way")
        RETURNING = "returning", _("Being returned")
        DELIVERED = "delivered", _("Delivered")
        RETURNED = "returned", _("Returned to the seller")
        CANCELLED = "cancelled", _("Cancelled")

    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(_("carrier"), max_length=16)
    client_code = models.CharField(_("client order code"), max_length=40, unique=True)
    tracking_code = models.CharField(_("tracking code"), max_length=40, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    service = models.CharField(_("service"), max_length=16, default="standard")
    grams = models.PositiveIntegerField(_("weight (grams)"))
    cod_amount = models.DecimalField(_("cash to collect"), max_digits=12, decimal_places=0)
    insurance_value = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    fee = models.DecimalField(_("carrier fee"), max_digits=12, decimal_places=0, default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fulfilment"],
                condition=~models.Q(status="cancelled"),
                name="one_live_shipment_per_part",
            )
        ]

    def __str__(self):
        return self.tracking_code or self.client_code

    @property
    def has_label(self) -> bool:
        return bool(self.tracking_code) and self.status not in (
            self.Status.PENDING,
            self.Status.CANCELLED,
        )


class ShipmentEvent(models.Model):
    """One step of a parcel's journey, as the carrier reported it (once per step)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=Shipment.Status.choices)
    at = models.DateTimeField(_("at"))
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "status"], name="one_event_per_step")
        ]

    def __str__(self):
        return f"{self.shipment} {self.status}"


class RemittanceStatement(models.Model):
    """A carrier's cash-on-delivery statement ("bảng đối soát"), recorded once by its id.

    It arrives by the carrier's webhook (we fetch its lines through the carrier module) or
    as the carrier's export file an operator uploads; importing it again changes nothing.
    """

    class Source(models.TextChoices):
        WEBHOOK = "webhook", _("Carrier notification")
        FILE = "file", _("Uploaded file")

    carrier = models.CharField(_("carrier"), max_length=16)
    reference = models.CharField(_("statement number"), max_length=64)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(default=timezone.now)
    line_count = models.PositiveIntegerField(default=0)
    credited_count = models.PositiveIntegerField(default=0)
    collected = models.DecimalField(max_digits=16, decimal_places=0, default=0)

    class Meta:
        verbose_name = _("COD remittance statement")
        verbose_name_plural = _("COD remittance statements")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "reference"], name="one_statement_per_id")
        ]

    def __str__(self):
        return f"{self.carrier} {self.reference}"


class RemittanceLine(models.Model):
    """One parcel's line of a statement, matched to its order part, and what became of it.

    ``credited_part`` is set only when the line's cash and fees went into the ledger; it
    is unique, so the database itself refuses to credit an order part twice, whatever
    statement the line comes in.
    """

    class Status(models.TextChoices):
        CREDITED = "credited", _("Credited automatically")
        QUEUED = "queued", _("Waiting for the operator")
        ACCEPTED = "accepted", _("Accepted by the operator")
        DISMISSED = "dismissed", _("Dismissed")

    class Problem(models.TextChoices):
        NONE = "", _("None")
        UNKNOWN = "unknown", _("No parcel of ours has this code")
        SHORT = "short", _("Less than the cash to collect")
        OVER = "over", _("More than the cash to collect")
        DUPLICATE = "duplicate", _("Already credited")
        NOT_DELIVERED = "not_delivered", _("The parcel is not delivered")

    statement = models.ForeignKey(
        RemittanceStatement, on_delete=models.CASCADE, related_name="lines"
    )
    row = models.PositiveIntegerField(_("row"))
    tracking_code = models.CharField(_("tracking code"), max_length=40, db_index=True)
    client_code = models.CharField(_("client order code"), max_length=40, blank=True)
    cod_collected = models.DecimalField(_("cash collected"), max_digits=14, decimal_places=0)
    shipping_fee = models.DecimalField(_("shipping fee"), max_digits=12, decimal_places=0)
    cod_fee = models.DecimalField(_("COD fee"), max_digits=12, decimal_places=0)
    shipment = models.ForeignKey(
        Shipment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fulfilment = models.ForeignKey(
        Fulfilment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    credited_part = models.OneToOneField(
        Fulfilment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remittance_line",
    )
    expected = models.DecimalField(
        _("cash to collect"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    problem = models.CharField(
        _("problem"), max_length=16, choices=Problem.choices, default="", blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("COD remittance line")
        verbose_name_plural = _("COD remittance lines")
        ordering = ["statement", "row"]

    def __str__(self):
        return f"{self.statement} #{self.row} {self.tracking_code}"

    @property
    def fees(self) -> Decimal:
        return self.shipping_fee + self.cod_fee


from oscar.apps.order.models import *  # noqa: E402,F403
