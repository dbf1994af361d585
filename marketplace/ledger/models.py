"""Money owed to and paid to sellers, as append-only entries.

A seller's balance is the sum of its entries; it is never stored anywhere else.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommissionRate(models.Model):
    """The platform's share of a sale, per seller kind; set by the operator."""

    seller_kind = models.CharField(_("seller kind"), max_length=16, unique=True)
    rate = models.DecimalField(
        _("rate"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.5"))],
        help_text=_("0.05 means 5%"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commission rate")
        verbose_name_plural = _("commission rates")

    def __str__(self):
        return f"{self.seller_kind}: {self.rate:%}"


class PayoutBatch(models.Model):
    """The payouts of one period, transferred together and marked paid together."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None


class Payout(models.Model):
    """A bank transfer to a seller covering its balance up to the end of a period."""

    batch = models.ForeignKey(
        PayoutBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="payouts"
    )
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="payouts")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=0)
    bank_bin = models.CharField(max_length=8, blank=True)
    bank_account_number = models.CharField(max_length=32, blank=True)
    bank_account_holder = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.seller} {self.period_start}–{self.period_end}"


class LedgerEntry(models.Model):
    """One signed amount in a seller's account; positive is owed to the seller."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        COMMISSION = "commission", _("Platform commission")
        SHIPPING = "shipping", _("Shipping")
        CASH_COLLECTED = "cash", _("Cash collected by the seller")
        # A carrier's cash on delivery: held by the carrier once the parcel is delivered,
        # remitted to the platform with the carrier's statement, less its fees.
        CARRIER_COD = "carrier_cod", _("Cash collected by the carrier")
        REMITTED = "remitted", _("Cash remitted by the carrier")
        CARRIER_FEE = "carrier_fee", _("Carrier shipping fee")
        COD_FEE = "cod_fee", _("Carrier COD fee")
        REFUND = "refund", _("Refund")
        PAYOUT = "payout", _("Payout")
        # The buyer transferred the part straight to the seller's own account: the seller
        # holds the money, so it is taken back out, leaving the commission it owes.
        DIRECT = "direct", _("Paid directly to the seller")
        DIRECT_REFUND = "direct_refund", _("Refunded by the seller directly")
        INVOICE_PAID = "invoice_paid", _("Commission invoice paid")

    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fulfilment = models.ForeignKey(
        "order.Fulfilment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=0)
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["seller", "created_at"])]

    def __str__(self):
        return f"{self.seller} {self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Ledger entries are append-only; add a reversing entry instead.")
        super().save(*args, **kwargs)


class CommissionInvoice(models.Model):
    """The platform's commission on the parts buyers paid straight to a seller, for one
    month: the seller pays it, or it is netted off the seller's next payout."""

    class Status(models.TextChoices):
        OPEN = "open", _("To pay")
        PAID = "paid", _("Paid by the seller")
        NETTED = "netted", _("Netted off a payout")
        CREDIT = "credit", _("Nothing to pay")

    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.PROTECT, related_name="commission_invoices"
    )
    number = models.CharField(_("invoice number"), max_length=32, unique=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=0)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    payout = models.ForeignKey(
        Payout,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="netted_invoices",
    )

    class Meta:
        verbose_name = _("commission invoice")
        verbose_name_plural = _("commission invoices")
        ordering = ["-period_start", "seller__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "period_start"], name="one_invoice_a_month")
        ]

    def __str__(self):
        return self.number


class CommissionInvoiceLine(models.Model):
    """One order part's commission (positive) or commission given back (negative)."""

    invoice = models.ForeignKey(CommissionInvoice, on_delete=models.CASCADE, related_name="lines")
    # Each ledger commission entry is invoiced once.
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="invoice_line")
    fulfilment = models.ForeignKey("order.Fulfilment", on_delete=models.PROTECT, related_name="+")
    order_number = models.CharField(_("order"), max_length=128)
    goods = models.DecimalField(_("goods"), max_digits=14, decimal_places=0)
    amount = models.DecimalField(_("commission"), max_digits=14, decimal_places=0)
    booked_at = models.DateTimeField(_("date"))

    class Meta:
        ordering = ["booked_at", "pk"]

    def __str__(self):
        return f"{self.invoice} {self.order_number} {self.amount}"
