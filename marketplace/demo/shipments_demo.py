"""Demo parcels: every demo order part that left its seller has a shipment and a journey.

The demo runs without a carrier, so these are the site's own shipments (flat fee, label
drawn by the site): packed parts wait for pickup, shipped ones are on their way,
delivered ones were delivered and refused cash-on-delivery parcels came back.
"""

from __future__ import annotations

import datetime

from marketplace.order.models import Fulfilment, Shipment, ShipmentEvent

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


def load_shipments(number_prefix: str) -> int:
    """Write the shipments of the demo orders (numbers starting ``number_prefix``) once."""
    parts = list(
        Fulfilment.objects.filter(
            order__number__startswith=number_prefix, status__in=list(JOURNEYS)
        )
        .exclude(shipments__isnull=False)
        .select_related("order")
    )
    shipments = Shipment.objects.bulk_create(
        Shipment(
            fulfilment=part,
            carrier="flat",
            client_code=f"{part.order.number}-{part.pk}-1",
            tracking_code=f"{part.order.number}-{part.pk}-1",
            status=JOURNEYS[part.status][-1][0],
            grams=500 + 250 * (part.pk % 5),
            cod_amount=part.total if part.cash_collected_at or part.status == S.REFUSED else 0,
            created_at=part.created_at + datetime.timedelta(hours=20),
        )
        for part in parts
    )
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
