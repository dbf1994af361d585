"""The migration that brings teams keeps the helpers who hold consent today."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("sellers", "0005_report_snapshot")]
AFTER = [("sellers", "0006_helper_teams")]


def _apps(executor, targets):
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def newest_schema_after():
    """Every app back at its newest migration afterwards: going back to sellers 0005 also
    unapplied the later migrations of other apps that depend on it (weight, places…)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_consents_given_before_teams_become_memberships(newest_schema_after):
    old = _apps(MigrationExecutor(connection), BEFORE)
    User = old.get_model("users", "User")
    Commune = old.get_model("sellers", "Commune")
    Seller = old.get_model("sellers", "Seller")
    Consent = old.get_model("sellers", "HelperConsent")
    commune = Commune.objects.get(name="Vĩnh Tuy", province__name="Tuyên Quang")
    owner, staff, by_code, in_person, former = (
        User.objects.create(email=f"u{n}@example.vn", phone=f"+8491200{n:04d}") for n in range(5)
    )
    shop = Seller.objects.create(
        kind="household",
        display_name="Chè Tân Lập",
        slug="che-tan-lap-migration",
        representative_name="Phan Thế Độ",
        phone="+84912000101",
        commune=commune,
        address="Thôn Tân Lập",
        status="approved",
    )
    Consent.objects.create(helper=by_code, seller=shop, granted_by=by_code, method="otp")
    Consent.objects.create(helper=in_person, seller=shop, granted_by=staff, method="in_person")
    gone = Consent.objects.create(helper=former, seller=shop, granted_by=owner, method="otp")
    Consent.objects.filter(pk=gone.pk).update(revoked_at=gone.granted_at, revoked_by=owner)

    new = _apps(MigrationExecutor(connection), AFTER)
    Membership = new.get_model("sellers", "HelperMembership")
    members = {m.user_id: m for m in Membership.objects.filter(commune_id=commune.pk)}
    # Staff saw the in-person helper: a member at once, added by that staff member.
    assert members[in_person.pk].status == "active"
    assert members[in_person.pk].added_by_id == staff.pk
    # A consent by code alone is the scam pattern: that helper waits for staff.
    assert members[by_code.pk].status == "pending"
    # A helper whose consent had ended joins no team.
    assert former.pk not in members
    assert new.get_model("sellers", "HelperConsent").objects.filter(seller_id=shop.pk).count() == 3
