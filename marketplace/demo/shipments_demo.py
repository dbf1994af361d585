"""Demo parcels: every demo order part that left its seller has a shipment and a journey.

Most are the site's own shipments (flat fee, label drawn by the site); the recent
cash-on-delivery parcels that were delivered went with the carrier, whose statement
brings their cash (``remittance_demo``). Packed parts wait for pickup, shipped ones are
on their way, delivered ones were delivered and refused cash-on-delivery parcels came
back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from marketplace.order.models import Fulfilment, Shipment, ShipmentEvent

from .remittance_demo import by_carrier, carrier_fee

S, T = Fulfilment.Status, Shipment.Status
# The journey of a parcel by its order part's status: (step, hours after the order).
JOURNEYS = {
    S.PACKED: [(T.CREATED, 20)],
    S.SHIPPED: [(T.CREATED, 20), (T.PICKED_UP, 30), (T.IN_TRANSIT, 40)],
    S.DELIVERED: [(T.CREATED, 20), (T.PICKED_UP, 30), (T.IN_TRANSIT, 40), (T.DELIVERED, 70)],
    S.REFUSED: [
        (T.CREATED, 20),
        (T.PICKED_UP, 30),
        (T.IN_TRANSIT, 40),
        (T.RETURNING, 72),
        (T.RETURNED, 120),
    ],
}


def _shipment(part) -> Shipment:
    grams = 500 + 250 * (part.pk % 5)
    cod = part.total if part.cash_collected_at or part.status == S.REFUSED else Decimal(0)
    client_code = f"{part.order.number}-{part.pk}-1"
    with_carrier = part.cash_collected_at is not None and by_carrier(part.created_at)
    return Shipment(
        fulfilment=part,
        carrier="carrier" if with_carrier else "flat",
        client_code=client_code,
        tracking_code=f"GHN{part.pk:07d}" if with_carrier else client_code,
        status=JOURNEYS[part.status][-1][0],
        grams=grams,
        cod_amount=cod,
        fee=sum(carrier_fee(cod, grams)) if with_carrier else Decimal(0),
        created_at=part.created_at + datetime.timedelta(hours=20),
    )


def load_shipments(number_prefix: str) -> int:
    """Write the shipments of the demo orders (numbers starting ``number_prefix``) once."""
    parts = list(
        Fulfilment.objects.filter(
            order__number__startswith=number_prefix, status__in=list(JOURNEYS)
        )
        .exclude(shipments__isnull=False)
        .select_related("order")
    )
    shipments = Shipment.objects.bulk_create(_shipment(part) for part in parts)
    ShipmentEvent.objects.bulk_create(
        ShipmentEvent(
            shipment=shipment,
            status=step,
            at=shipment.fulfilment.created_at + datetime.timedelta(hours=hours),
        )
        for shipment in shipments
        for step, hours in JOURNEYS[shipment.fulfilment.status]
    )
    for shipment in shipments:
        Fulfilment.objects.filter(pk=shipment.fulfilment_id).update(
            tracking_note=shipment.tracking_code
        )
    return len(shipments)
