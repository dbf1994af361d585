"""Commune staff review: approve, reject, request changes, suspend, reinstate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.selectors import public_products
from marketplace.audit.models import AuditEvent
from sellers.models import Seller
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

pytestmark = pytest.mark.django_db


def _decide(client, seller, decision, reason=""):
    return client.post(
        f"/can-bo-xa/ho-so/{seller.pk}/quyet-dinh/", {"decision": decision, "reason": reason}
    )


def test_queue_shows_own_commune_oldest_first_with_counts(client, roles):
    client.force_login(roles.staff_x)
    page = client.get("/can-bo-xa/").content.decode()
    assert roles.applied.display_name in page
    assert "(1)" in page


def test_queue_query_count_does_not_grow(client, roles, django_assert_max_num_queries):
    client.force_login(roles.staff_x)
    client.get("/can-bo-xa/")  # warm up the session and site caches
    with CaptureQueriesContext(connection) as one:
        client.get("/can-bo-xa/")
    SellerFactory.create_batch(
        5, commune=roles.shop_a.commune, status=Seller.Status.APPLIED, partner=None
    )
    with django_assert_max_num_queries(len(one)):
        client.get("/can-bo-xa/")


def test_approval_opens_the_shop_and_tells_the_applicant(
    client, roles, outbox, django_capture_on_commit_callbacks
):
    client.force_login(roles.staff_x)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _decide(client, roles.applied, "approve").status_code == 302
    assert outbox == []  # the text waits for the approval to be committed
    for callback in callbacks:
        callback()
    seller = Seller.objects.get(pk=roles.applied.pk)
    assert seller.status == Seller.Status.APPROVED and seller.partner and seller.approved_at
    owner = seller.members.get().user
    assert owner in seller.partner.users.all()
    # Not Oscar's dashboard: it would show partners other sellers' order lines.
    assert not owner.has_perm("partner.dashboard_access")
    assert outbox[-1].to == seller.phone
    event = AuditEvent.objects.get(verb="seller.approved")
    assert event.actor == roles.staff_x and event.before["status"] == "applied"


def test_double_approval_changes_nothing(client, roles, outbox, django_capture_on_commit_callbacks):
    client.force_login(roles.staff_x)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, roles.applied, "approve")
    partner = Seller.objects.get(pk=roles.applied.pk).partner_id
    with django_capture_on_commit_callbacks(execute=True):
        assert _decide(client, roles.applied, "approve").status_code == 302
    assert Seller.objects.get(pk=roles.applied.pk).partner_id == partner
    assert AuditEvent.objects.filter(verb="seller.approved").count() == 1
    assert len(outbox) == 1


def test_reject_needs_a_reason_the_applicant_sees(client, roles):
    client.force_login(roles.staff_x)
    assert _decide(client, roles.applied, "reject").status_code == 200
    assert Seller.objects.get(pk=roles.applied.pk).status == Seller.Status.APPLIED
    _decide(client, roles.applied, "reject", "Không có sản phẩm OCOP")
    client.force_login(roles.applied.members.get().user)
    page = client.get("/nguoi-ban/dang-ky/trang-thai/").content.decode()
    assert "Không có sản phẩm OCOP" in page


def test_requested_changes_reopen_the_form(client, roles):
    client.force_login(roles.staff_x)
    _decide(client, roles.applied, "request_changes", "Thiếu số tài khoản")
    client.force_login(roles.applied.members.get().user)
    page = client.get("/nguoi-ban/dang-ky/")
    assert page.status_code == 200 and "Thiếu số tài khoản" in page.content.decode()


def test_suspension_hides_products_at_once_and_reinstating_restores_them(client, roles):
    product = StockRecordFactory(product=ProductFactory(seller=roles.shop_a)).product
    assert public_products().filter(pk=product.pk).exists()
    client.force_login(roles.staff_x)
    _decide(client, roles.shop_a, "suspend", "Hàng không đúng mô tả")
    assert not public_products().filter(pk=product.pk).exists()
    assert client.get(f"/nguoi-ban/{roles.shop_a.slug}/").status_code == 404
    client.force_login(roles.seller_a)
    assert client.get("/kenh-nguoi-ban/").status_code == 200  # still sees its back office
    client.force_login(roles.staff_x)
    _decide(client, roles.shop_a, "reinstate")
    assert public_products().filter(pk=product.pk).exists()


def test_decision_that_does_not_fit_the_status_changes_nothing(client, roles):
    client.force_login(roles.staff_x)
    response = _decide(client, roles.applied, "suspend", "x")
    assert response.status_code == 200
    assert Seller.objects.get(pk=roles.applied.pk).status == Seller.Status.APPLIED
