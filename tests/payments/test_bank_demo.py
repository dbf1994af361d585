"""The demo's bank notifications: the operator's bank queue has something to decide."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from marketplace.demo.bank_demo import load_bank_transactions
from marketplace.payments.models import BankTransaction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_bank_queue_shows_short_over_late_and_unknown_transfers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    queued = BankTransaction.objects.filter(status="queued")
    assert set(queued.values_list("problem", flat=True)) == {"short", "over", "late", "unknown"}
    assert BankTransaction.objects.filter(status="matched").count() >= 5
    assert load_bank_transactions() == 0  # a second run writes nothing
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("operations:bank")).content.decode()
    assert "mua mat ong" in page and "Thiếu so với tổng đơn" in page
    assert page.count('name="reason"') == queued.count()
