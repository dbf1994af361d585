"""Who the buyer of a VietQR order transfers money to: the platform for the parts it
collects, and each seller who takes direct transfers for its own part. One QR code each."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from sellers.banks import bank_name

from . import services, vietqr
from .models import DirectTransfer, PaymentAttempt


@dataclass
class Payee:
    name: str  # who receives the money
    transfer: vietqr.Transfer
    bank_name: str
    account_name: str
    covers: list[str] = field(default_factory=list)  # the shops whose goods it pays for
    received: bool = False
    qr_svg: str = ""

    @property
    def amount(self) -> Decimal:
        return self.transfer.amount


def payees(attempt: PaymentAttempt) -> list[Payee]:
    """The transfers the buyer makes for ``attempt``: the platform's first (when it
    collects anything), then one per seller paid directly; a QR code for each still due."""
    directs = list(attempt.direct_transfers.select_related("seller").order_by("fulfilment_id"))
    direct_sellers = {d.seller_id for d in directs}
    out = []
    platform = services.vietqr_transfer(attempt)
    if platform.amount > 0:
        others = attempt.order.fulfilments.exclude(seller_id__in=direct_sellers).select_related(
            "seller"
        )
        out.append(
            Payee(
                name=_("Chợ Làng marketplace"),
                transfer=platform,
                bank_name=settings.VIETQR_BANK_NAME,
                account_name=settings.VIETQR_ACCOUNT_NAME,
                covers=[part.seller.display_name for part in others.order_by("pk")],
                received=attempt.platform_received_at is not None,
            )
        )
    for direct in directs:
        out.append(
            Payee(
                name=direct.seller.display_name,
                transfer=services.direct_vietqr_transfer(direct),
                bank_name=bank_name(direct.bank_bin),
                account_name=direct.account_holder,
                covers=[direct.seller.display_name],
                received=direct.state == DirectTransfer.State.RECEIVED,
            )
        )
    for payee in out:
        if not payee.received:
            payee.qr_svg = vietqr.svg(
                vietqr.build(payee.transfer),
                title=_("VietQR code for %(payee)s") % {"payee": payee.name},
            )
    return out
