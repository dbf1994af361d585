"""The demo shows the commune's side: a queue in every state, helpers, expiry, suspension."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import OcopCertificate
from catalog.selectors import public_products
from marketplace.audit.models import AuditEvent
from marketplace.demo.applications import load_applications
from sellers.models import HelperConsent, Seller
from sellers.selectors import queue_counts, review_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _rows():
    return (
        Seller.objects.count(),
        AuditEvent.objects.count(),
        HelperConsent.objects.count(),
        OcopCertificate.objects.count(),
    )


def _commune_staff_see_applications_in_every_state(demo):
    from sellers.models import CommuneStaff

    staff = CommuneStaff.objects.get(commune__name="Vĩnh Tuy").user
    counts = queue_counts(staff)
    assert counts["applied"] >= 2  # the orange grower's and the green tea household's
    assert counts["changes_requested"] >= 1 and counts["rejected"] >= 1
    assert counts["suspended"] >= 1
    waiting = list(review_queue(staff, "applied"))
    assert all(s.submitted_at for s in waiting)
    assert [s.submitted_at for s in waiting] == sorted(s.submitted_at for s in waiting)
    draft = Seller.objects.get(display_name="Măng khô bà Triệu Thị Mai")
    assert draft.status == Seller.Status.DRAFT and not draft.bank_account_number
    for name, verb in (
        ("HTX Miến dong Tân Thành", "seller.changes_requested"),
        ("Tạp hoá Hoàng Long", "seller.rejected"),
        ("Mật ong Phan Văn Tình", "seller.suspended"),
    ):
        seller = Seller.objects.get(display_name=name)
        assert seller.status_reason
        event = AuditEvent.objects.get(on_behalf_of=seller, verb=verb)
        assert event.actor == staff and event.reason == seller.status_reason
    suspended = Seller.objects.get(display_name="Mật ong Phan Văn Tình")
    assert suspended.products.exists()
    assert not public_products().filter(seller=suspended).exists()
    assert "Commune side:" in demo


def _helpers_have_consent_and_audited_actions():
    shop = Seller.objects.get(slug="che-shan-tuyet-phan-the-do")
    active = HelperConsent.objects.get(seller=shop, revoked_at__isnull=True)
    stock_events = AuditEvent.objects.filter(
        actor=active.helper, on_behalf_of=shop, verb="product.stock_updated"
    )
    assert stock_events.count() == 2
    withdrawn = HelperConsent.objects.get(seller=shop, revoked_at__isnull=False)
    assert withdrawn.method == HelperConsent.Method.IN_PERSON
    verbs = set(AuditEvent.objects.filter(on_behalf_of=shop).values_list("verb", flat=True))
    assert {"consent.granted", "consent.revoked", "helper.acting_started"} <= verbs


def _a_certificate_expires_within_60_days():
    soon = timezone.localdate() + datetime.timedelta(days=60)
    expiring = OcopCertificate.objects.filter(
        status="verified", expires_on__gte=timezone.localdate(), expires_on__lte=soon
    )
    assert expiring.exists()


def test_demo_shows_the_commune_side_and_loads_again_without_changes(demo):
    """One demo load (about half a minute) checked from every side."""
    _commune_staff_see_applications_in_every_state(demo)
    _helpers_have_consent_and_audited_actions()
    _a_certificate_expires_within_60_days()
    before = _rows()
    summary = load_applications()
    assert summary.helper_events == 0
    assert _rows() == before
