"""A database made before provinces, communes, the audit log and report snapshots left
``sellers`` migrates forward with every row and link intact.

The models moved app (``places``, ``audit``, ``reports``) but their tables did not: the
migrations change Django's state only. This test builds the old state, writes rows through
the old models, migrates forward and reads the same rows through the new ones.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migration of each app the move touched, as the database stood before it.
BEFORE = [
    ("sellers", "0006_helper_teams"),
    ("catalogue", "0036_fill_traceability_codes"),
    ("address", "0009_vietnam_country"),
    ("order", "0023_fulfilment_codrefusal_shippingrule_and_more"),
]
NEW_APPS = ("places", "audit", "reports")


def _apps(before=None):
    """Migrate to ``before`` (or to the newest state) and return the models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    if before is None:
        executor.migrate(leaves)
        return executor.loader.project_state(leaves).apps
    touched = {app for app, _name in before}
    allowed = set()
    for node in before:
        allowed |= set(executor.loader.graph.forwards_plan(node))
    nodes = before + [
        _newest_before(executor.loader.graph, leaf, allowed, touched)
        for leaf in leaves
        if leaf[0] not in touched and leaf[0] not in NEW_APPS
    ]
    executor.migrate(before + [(app, None) for app in NEW_APPS])
    return executor.loader.project_state(nodes).apps


def _newest_before(graph, leaf, allowed, touched):
    """The newest migration of ``leaf``'s app that needs nothing of the move (no new app,
    nothing of a touched app after ``BEFORE``): later ones were written after it."""
    node = leaf
    while True:
        needs = graph.forwards_plan(node)
        if all(n[0] not in NEW_APPS and (n[0] not in touched or n in allowed) for n in needs):
            return node
        (node,) = [parent for parent in graph.node_map[node].parents if parent[0] == leaf[0]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_written_before_the_move_are_read_by_the_moved_models():
    old = _apps(BEFORE)
    with pytest.raises(LookupError):
        old.get_model("places", "Commune")
    Commune = old.get_model("sellers", "Commune")
    Seller = old.get_model("sellers", "Seller")
    AuditEvent = old.get_model("sellers", "AuditEvent")
    Snapshot = old.get_model("sellers", "ReportSnapshot")
    User = old.get_model("users", "User")
    commune = Commune.objects.get(name="Vĩnh Tuy", province__name="Tuyên Quang")
    communes = Commune.objects.count()
    officer = User.objects.create(email="officer@example.vn", phone="+84912000201")
    shop = Seller.objects.create(
        kind="household",
        display_name="Mật ong Bản Liền",
        slug="mat-ong-ban-lien-migration",
        representative_name="Hoàng Văn Sinh",
        phone="+84912000202",
        commune=commune,
        address="Thôn Đội 1",
        status="approved",
    )
    event = AuditEvent.objects.create(
        actor=officer,
        on_behalf_of=shop,
        commune=commune,
        verb="seller.approved",
        reason="Đủ giấy tờ",
        after={"status": "approved"},
    )
    snapshot = Snapshot.objects.create(
        scope="commune", scope_id=commune.pk, period="2026-11", state="ready", data={"orders": 3}
    )
    # A content type made before the move (as on every running site) follows the model.
    ContentType.objects.filter(app_label="places").delete()
    ContentType.objects.get_or_create(app_label="sellers", model="commune")

    new = _apps()
    NewCommune = new.get_model("places", "Commune")
    NewEvent = new.get_model("audit", "AuditEvent")
    NewSnapshot = new.get_model("reports", "ReportSnapshot")
    NewSeller = new.get_model("sellers", "Seller")
    assert NewCommune.objects.count() == communes
    assert NewSeller.objects.get(pk=shop.pk).commune.name == "Vĩnh Tuy"
    moved = NewEvent.objects.get(pk=event.pk)
    assert (moved.actor_id, moved.on_behalf_of_id, moved.commune_id) == (
        officer.pk,
        shop.pk,
        commune.pk,
    )
    assert (moved.verb, moved.reason, moved.after) == ("seller.approved", "Đủ giấy tờ", event.after)
    kept = NewSnapshot.objects.get(pk=snapshot.pk)
    assert (kept.scope_id, kept.period, kept.data) == (commune.pk, "2026-11", {"orders": 3})
    # The foreign keys still hold: a seller cannot point at a commune that does not exist.
    assert NewCommune.objects.get(pk=commune.pk).sellers.filter(pk=shop.pk).exists()
    assert ContentType.objects.filter(app_label="places", model="commune").exists()
    assert not ContentType.objects.filter(app_label="sellers", model="commune").exists()
