"""Demo COD remittance: the carrier's statement for the demo's recent COD parcels.

The demo's recent cash-on-delivery parcels went with the carrier (older ones were
delivered by the sellers' own couriers, who handed the cash to the seller), so their
cash is with the carrier until its statement. One statement is imported through the
same service the webhook and the upload use: every delivered parcel's line is credited
to its seller less the carrier's fees, except one line short of its cash and one line
for a parcel that is not ours, which wait in the operator's queue. Idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from marketplace.order.carriers import RemittanceLine as StatementLine
from marketplace.order.models import RemittanceStatement, Shipment
from marketplace.order.remittance import import_statement

CARRIER = "carrier"
CARRIER_DAYS = 30  # COD parcels of orders this recent went with the carrier
REFERENCE = "DS-DEMO-0001"
SHORT_BY = Decimal(20000)


def by_carrier(placed: datetime.datetime) -> bool:
    """Whether a demo COD parcel of an order placed then went with the carrier."""
    return timezone.now() - placed <= datetime.timedelta(days=CARRIER_DAYS)


def carrier_fee(cod_amount: Decimal, grams: int) -> tuple[Decimal, Decimal]:
    """The carrier's shipping fee and COD fee for a demo parcel (GHN-like rates)."""
    shipping = Decimal(22000 + 5000 * max(0, (grams - 500 + 499) // 500))
    return shipping, (cod_amount / 100).quantize(Decimal(1))


def load_remittances() -> int:
    """Import the demo's statement once; returns how many lines it had (0: already there)."""
    if RemittanceStatement.objects.filter(carrier=CARRIER, reference=REFERENCE).exists():
        return 0
    parcels = list(
        Shipment.objects.filter(
            carrier=CARRIER,
            status=Shipment.Status.DELIVERED,
            cod_amount__gt=0,
            fulfilment__order__number__startswith="DM",
        ).order_by("pk")
    )
    if not parcels:
        return 0
    lines = []
    for index, parcel in enumerate(parcels):
        shipping, cod_fee = carrier_fee(parcel.cod_amount, parcel.grams)
        collected = parcel.cod_amount - (SHORT_BY if index == 0 else 0)  # the shipper's slip
        lines.append(
            StatementLine(
                tracking_code=parcel.tracking_code,
                client_code=parcel.client_code,
                cod_collected=collected,
                shipping_fee=shipping,
                cod_fee=cod_fee,
            )
        )
    lines.append(
        StatementLine(
            tracking_code="GHN8812345",
            client_code="SHOP-KHAC-2211",
            cod_collected=Decimal(185000),
            shipping_fee=Decimal(22000),
            cod_fee=Decimal(1850),
        )
    )
    import_statement(
        carrier=CARRIER,
        reference=REFERENCE,
        lines=lines,
        source=RemittanceStatement.Source.WEBHOOK,
    )
    return len(lines)
