"""Payment attempts: cash on delivery, VietQR transfer, card (Stripe)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentAttempt(models.Model):
    """One way the buyer chose to pay for an order; the last one is the live one."""

    class Method(models.TextChoices):
        COD = "cod", _("Cash on delivery")
        VIETQR = "vietqr", _("Bank transfer (VietQR)")
        STRIPE = "stripe", _("International card")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        SUCCEEDED = "succeeded", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="payment_attempts"
    )
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=0)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING, db_index=True
    )
    # VietQR: the bill number in the memo; Stripe: the PaymentIntent id.
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=80, unique=True)
    error = models.CharField(max_length=255, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the buyer of an unpaid VietQR order was reminded of its deadline (once).
    reminded_at = models.DateTimeField(null=True, blank=True)
    # VietQR with parts paid straight to sellers: when the platform's own share (the
    # other sellers' parts) arrived. The order is paid once every share has.
    platform_received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.order.number} {self.method} {self.state}"


class DirectTransfer(models.Model):
    """One seller's part of a VietQR order, transferred to the seller's own account.

    The account is copied when the order is placed, so the buyer's QR code and what the
    seller confirms never change if the seller edits its bank details later.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the transfer")
        RECEIVED = "received", _("Received by the seller")
        CANCELLED = "cancelled", _("Cancelled")

    class Via(models.TextChoices):
        SELLER = "seller", _("Confirmed by the seller")
        BANK = "bank", _("Confirmed by the bank")
        OPERATOR = "operator", _("Confirmed by the marketplace")

    attempt = models.ForeignKey(
        PaymentAttempt, on_delete=models.CASCADE, related_name="direct_transfers"
    )
    fulfilment = models.ForeignKey(
        "order.Fulfilment", on_delete=models.CASCADE, related_name="direct_transfers"
    )
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.PROTECT, related_name="transfers_received"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=0)
    # The order part code the buyer writes in the transfer note.
    code = models.CharField(_("order part code"), max_length=64, db_index=True)
    bank_bin = models.CharField(max_length=8)
    account_number = models.CharField(_("account number"), max_length=32, db_index=True)
    account_holder = models.CharField(_("account holder"), max_length=120)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING, db_index=True
    )
    via = models.CharField(_("confirmed"), max_length=8, choices=Via.choices, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("direct transfer")
        verbose_name_plural = _("direct transfers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "fulfilment"], name="one_direct_transfer_per_part"
            )
        ]

    def __str__(self):
        return self.code


class WebhookEvent(models.Model):
    """A provider event already applied: a replay with the same id changes nothing."""

    provider = models.CharField(max_length=16, default="stripe")
    event_id = models.CharField(max_length=128)
    event_type = models.CharField(max_length=64)
    outcome = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")
        ]

    def __str__(self):
        return f"{self.provider}:{self.event_id}"


class Refund(models.Model):
    """Money given back for all or some lines of an order."""

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=0)
    # {order line id: quantity}
    lines = models.JSONField(default=dict)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    provider_reference = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self):
        return f"{self.order.number} −{self.amount}"


class MoneyAction(models.Model):
    """A money action already applied, keyed by the form it was confirmed on.

    The unique key makes a second submission of the same form (double click, browser
    replay, two tabs) find the first result instead of moving money again.
    """

    key = models.CharField(max_length=64, unique=True)
    action = models.CharField(max_length=32)
    result = models.CharField(max_length=500)
    url = models.CharField(max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.action} {self.key}"


class BankTransaction(models.Model):
    """One incoming transfer the bank told us about, and what became of it.

    A transfer that names a waiting order and carries its exact amount in time pays the
    order at once (``matched``); any other lands in the operator's queue (``queued``)
    until one of the resolutions closes it.
    """

    class Status(models.TextChoices):
        MATCHED = "matched", _("Paid automatically")
        QUEUED = "queued", _("Waiting for the operator")
        ACCEPTED = "accepted", _("Accepted as paid")
        REFUND_DUE = "refund_due", _("To refund")
        DISMISSED = "dismissed", _("Dismissed")

    class Problem(models.TextChoices):
        NONE = "", _("None")
        SHORT = "short", _("Less than the order total")
        OVER = "over", _("More than the order total")
        LATE = "late", _("After the payment deadline")
        UNKNOWN = "unknown", _("No order found in the message")
        ALREADY_PAID = "already_paid", _("The order was already paid")
        NOT_WAITING = "not_waiting", _("The order no longer waits for a transfer")
        ACCOUNT = "account", _("Sent to an account that is not ours")

    transaction_id = models.CharField(_("bank transaction"), max_length=64, unique=True)
    account_number = models.CharField(_("account number"), max_length=32)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=0)
    memo = models.CharField(_("message"), max_length=255, blank=True)
    transacted_at = models.DateTimeField(_("transferred at"))
    received_at = models.DateTimeField(default=timezone.now)
    order = models.ForeignKey(
        "order.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_transactions",
    )
    attempt = models.ForeignKey(
        PaymentAttempt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_transactions",
    )
    # A transfer to a seller's own account, for that seller's part of an order.
    direct_transfer = models.ForeignKey(
        DirectTransfer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_transactions",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    problem = models.CharField(
        _("problem"), max_length=16, choices=Problem.choices, default="", blank=True
    )
    # What the operator still has to pay back by hand (the whole transfer, or what was
    # paid over the order's total).
    refund_amount = models.DecimalField(_("to refund"), max_digits=14, decimal_places=0, default=0)
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
        verbose_name = _("bank transaction")
        verbose_name_plural = _("bank transactions")
        ordering = ["-transacted_at", "-pk"]
        indexes = [models.Index(fields=["status", "transacted_at"], name="bank_tx_queue")]

    def __str__(self):
        return f"{self.transaction_id} {self.amount} {self.status}"
