"""The demo's COD remittance: a statement credited its parcels, and the queue has work."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from marketplace.demo.remittance_demo import load_remittances
from marketplace.ledger.models import LedgerEntry
from marketplace.ledger.services import _commission, commission_rate
from marketplace.order.models import RemittanceLine
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_statement_credits_its_parcels_and_queues_a_short_and_an_unknown_line(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    queued = RemittanceLine.objects.filter(status="queued")
    assert sorted(queued.values_list("problem", flat=True)) == ["short", "unknown"]
    credited = RemittanceLine.objects.filter(status="credited").select_related(
        "credited_part__seller"
    )
    assert credited.count() >= 3
    for line in credited:
        part = line.credited_part
        booked = LedgerEntry.objects.filter(fulfilment=part).aggregate(t=Sum("amount"))["t"]
        commission = _commission(part.lines_total, commission_rate(part.seller.kind))
        assert booked == part.total - commission - line.shipping_fee - line.cod_fee
    assert load_remittances() == 0  # a second run writes nothing
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("operations:remittances")).content.decode()
    assert "GHN8812345" in page and "Ít hơn số tiền cần thu" in page
    assert "DS-DEMO-0001" in page
