"""Who may see and do what: every role against every seller page and action.

Each forbidden cell is its own test (parametrised id ``<action>-<role>``) proving a
403/404 and that nothing changed; each allowed cell is checked too.
"""

from functools import cached_property

import pytest
from oscar.core.loading import get_model
from wagtail.models import Page

from catalog.stories import access as story_access
from marketplace.audit.models import AuditEvent
from marketplace.order.models import Fulfilment
from marketplace.payments.services import start_payment
from sellers.access import ACTING_FOR_SESSION_KEY
from sellers.models import HelperConsent, HelperMembership, Seller
from tests.checkout.helpers import basket_with, place
from tests.factories import OcopCertificateFactory, UserFactory, sellable_product

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")

pytestmark = pytest.mark.django_db

ROLES = [
    "buyer",
    "seller_a",
    "seller_b",
    "helper",
    "stranger_helper",
    "staff_x",
    "staff_y",
    "operator",
]


def _as(client, roles, role):
    client.force_login(getattr(roles, role))
    if role == "helper":  # the helper switches to "act for shop A" first
        session = client.session
        session[ACTING_FOR_SESSION_KEY] = roles.shop_a.pk
        session.save()


def _state(roles):
    """Everything the actions below could change."""
    return (
        list(Seller.objects.order_by("pk").values_list("status", "bank_account_number", "partner")),
        list(HelperConsent.objects.order_by("pk").values_list("revoked_at", flat=True)),
        HelperConsent.objects.count(),
        list(HelperMembership.objects.order_by("pk").values_list("user_id", "status")),
        list(Product.objects.order_by("pk").values_list("title", "is_public")),
        list(StockRecord.objects.order_by("pk").values_list("price", "num_in_stock")),
        list(ProductImage.objects.order_by("pk").values_list("pk", "display_order")),
        list(Fulfilment.objects.order_by("pk").values_list("status", flat=True)),
        list(OcopCertificate.objects.order_by("pk").values_list("status", flat=True)),
        list(Page.objects.order_by("pk").values_list("title", "latest_revision_id")),
    )


SELLER_PAGE = {"seller_b": 404, "default": 403}  # another seller: 404, reveals nothing


# action → (method, url(roles), data(roles), roles allowed, status when forbidden)
ACTIONS = {
    "backoffice_home": (
        "get",
        lambda r: "/kenh-nguoi-ban/",
        None,
        {"seller_a", "seller_b", "helper"},
        403,
    ),
    "change_bank": (
        "post",
        lambda r: "/kenh-nguoi-ban/ngan-hang/",
        lambda r: {
            "bank_bin": "970436",
            "bank_account_number": "99998888777",
            "bank_account_holder": "X",
        },
        {"seller_a", "seller_b"},
        403,
    ),
    "act_for_shop_a": (
        "post",
        lambda r: "/kenh-nguoi-ban/lam-thay/chon/",
        lambda r: {"seller": r.shop_a.pk},
        {"helper"},
        403,
    ),
    "revoke_consent_of_shop_a": (
        "post",
        lambda r: f"/kenh-nguoi-ban/tro-giup/{r.shop_a.helper_consents.get().pk}/thu-hoi/",
        None,
        {"seller_a"},
        {"seller_b": 404, "helper": 403, "default": 403},
    ),
    "review_queue": ("get", lambda r: "/can-bo-xa/", None, {"staff_x", "staff_y", "operator"}, 403),
    "open_application_x": (
        "get",
        lambda r: f"/can-bo-xa/ho-so/{r.applied.pk}/",
        None,
        {"staff_x", "operator"},
        403,
    ),
    "approve_application_x": (
        "post",
        lambda r: f"/can-bo-xa/ho-so/{r.applied.pk}/quyet-dinh/",
        lambda r: {"decision": "approve"},
        {"staff_x", "operator"},
        403,
    ),
    "suspend_shop_a": (
        "post",
        lambda r: f"/can-bo-xa/ho-so/{r.shop_a.pk}/quyet-dinh/",
        lambda r: {"decision": "suspend", "reason": "Kiểm tra"},
        {"staff_x", "operator"},
        403,
    ),
    "record_consent_shop_a": (
        "post",
        lambda r: f"/can-bo-xa/ho-so/{r.shop_a.pk}/dong-y-tro-giup/",
        lambda r: {"helper_phone": r.stranger_helper.phone, "confirmed": "on"},
        {"staff_x", "operator"},
        403,
    ),
    "accept_into_team_x": (
        "post",
        lambda r: f"/can-bo-xa/to-cong-nghe/{r.goods.candidate.pk}/duyet/",
        None,
        {"staff_x", "operator"},
        403,
    ),
    "remove_helper_from_team_x": (
        "post",
        lambda r: f"/can-bo-xa/to-cong-nghe/{r.helper.helper_memberships.get().pk}/bo/",
        lambda r: {"reason": "Thử"},
        {"staff_x", "operator"},
        403,
    ),
    "staff_revoke_consent_of_shop_a": (
        "post",
        lambda r: f"/can-bo-xa/dong-y/{r.shop_a.helper_consents.get().pk}/thu-hoi/",
        None,
        {"staff_x", "operator"},
        403,
    ),
    "add_to_team_x": (
        "post",
        lambda r: "/can-bo-xa/to-cong-nghe/them/",
        lambda r: {"phone": r.buyer.phone, "commune": r.shop_a.commune_id},
        {"staff_x", "operator"},
        {"staff_y": 200, "default": 403},  # staff Y: commune X is not among the choices
    ),
    "application_paper_x": (
        "get",
        lambda r: f"/nguoi-ban/ho-so/{r.applied.pk}/giay-to/",
        None,
        {"staff_x", "operator"},
        404,
    ),
    "commune_audit_log": (
        "get",
        lambda r: "/can-bo-xa/nhat-ky/",
        None,
        {"staff_x", "staff_y", "operator"},
        403,
    ),
    "shop_audit_log": (
        "get",
        lambda r: "/kenh-nguoi-ban/nhat-ky/",
        None,
        {"seller_a", "seller_b", "helper"},
        403,
    ),
    "own_product_list": (
        "get",
        lambda r: "/kenh-nguoi-ban/san-pham/",
        None,
        {"seller_a", "seller_b", "helper"},
        403,
    ),
    "edit_product_of_shop_a": (
        "post",
        lambda r: f"/kenh-nguoi-ban/san-pham/{r.goods.tea.pk}/thong-tin/",
        lambda r: {"title": "Chiếm quyền", "unit": "kg", "price": "99000", "stock": "1"},
        {"seller_a", "helper"},
        SELLER_PAGE,
    ),
    "delete_photo_of_shop_a": (
        "post",
        lambda r: f"/kenh-nguoi-ban/san-pham/{r.goods.tea.pk}/anh/{r.goods.photo.pk}/",
        lambda r: {"action": "delete", "confirm": "1"},
        {"seller_a", "helper"},
        SELLER_PAGE,
    ),
    "open_order_part_of_shop_a": (
        "get",
        lambda r: f"/kenh-nguoi-ban/don-hang/{r.goods.part_a.pk}/",
        None,
        {"seller_a", "helper"},
        SELLER_PAGE,
    ),
    "update_order_part_of_shop_a": (
        "post",
        lambda r: f"/kenh-nguoi-ban/don-hang/{r.goods.part_a.pk}/cap-nhat/",
        lambda r: {"status": "confirmed", "tracking_note": ""},
        {"seller_a", "helper"},
        SELLER_PAGE,
    ),
    "verify_certificate_of_shop_a": (
        "post",
        lambda r: f"/can-bo-xa/chung-nhan/{r.goods.certificate.pk}/",
        lambda r: {"verdict": "verify"},
        {"staff_x", "operator"},
        {"staff_y": 404, "default": 403},
    ),
    # Wagtail answers a page its user may not edit with a redirect away from the editor.
    "edit_story_of_shop_a": (
        "get",
        lambda r: f"/cms/pages/{r.goods.story.pk}/edit/",
        None,
        {"seller_a", "helper", "operator"},
        302,
    ),
    "public_shop_page_a": (
        "get",
        lambda r: f"/nguoi-ban/{r.shop_a.slug}/",
        None,
        set(ROLES),
        404,
    ),
    "oscar_dashboard": ("get", lambda r: "/dashboard/", None, {"operator"}, 403),
    "oscar_dashboard_mixed_order": (
        "get",
        lambda r: f"/dashboard/orders/{r.goods.order.number}/",
        None,
        {"operator"},
        403,
    ),
}

CELLS = [(a, role) for a in ACTIONS for role in ROLES]
FORBIDDEN = [c for c in CELLS if c[1] not in ACTIONS[c[0]][3]]
ALLOWED = [c for c in CELLS if c[1] in ACTIONS[c[0]][3]]


@pytest.fixture
def paper(roles):
    from django.core.files.base import ContentFile

    roles.applied.id_document.save("paper.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return roles.applied


class Goods:
    """Shop A's product (two photos, a certificate waiting), an order mixing A and B, the
    shops' stories. Each is made on first use, so a cell pays only for what it touches."""

    def __init__(self, roles):
        self.roles = roles

    @cached_property
    def tea(self):
        tea = sellable_product(seller=self.roles.shop_a, title="Chè Shan Tuyết Tân Lập")
        ProductImage.objects.create(product=tea, original="b.jpg", display_order=1)
        return tea

    @cached_property
    def photo(self):
        return ProductImage.objects.create(product=self.tea, original="a.jpg")

    @cached_property
    def certificate(self):
        return OcopCertificateFactory(product=self.tea, status="pending")

    @cached_property
    def order(self):
        banana = sellable_product(seller=self.roles.shop_b, title="Chuối Viba sấy dẻo")
        order = place(basket_with(self.tea, banana), number="400001")
        start_payment(order=order, method="cod")
        return order

    @cached_property
    def candidate(self):
        """Someone who asked to join commune X's team."""
        return HelperMembership.objects.create(
            user=UserFactory(), commune=self.roles.shop_a.commune
        )

    @cached_property
    def part_a(self):
        return self.order.fulfilments.get(seller=self.roles.shop_a)

    @cached_property
    def story(self):
        page = story_access.ensure_producer_story(self.roles.shop_a)
        story_access.ensure_moderation()
        story_access.ensure_producer_story(self.roles.shop_b)  # seller B edits its own only
        return page


@pytest.fixture
def goods(roles):
    roles.goods = Goods(roles)
    return roles.goods


def _request(roles, action) -> tuple:
    """Method, URL and data of a cell; building them makes the objects the cell needs."""
    method, url, data, _allowed, _forbidden = ACTIONS[action]
    return method, url(roles), data(roles) if data else None


def _call(client, request):
    method, url, data = request
    return getattr(client, method)(url, data)


def forbidden_problems(client, roles, action, role) -> list[str]:
    """What went wrong when ``role`` tried ``action``: nothing, if it was refused."""
    _as(client, roles, role)
    request = _request(roles, action)
    before, events_before = _state(roles), AuditEvent.objects.exclude(verb__endswith=".denied")
    events_before = events_before.count()
    response = _call(client, request)
    expected = ACTIONS[action][4]
    if isinstance(expected, dict):
        expected = expected.get(role, expected["default"])
    problems = []
    if response.status_code != expected:
        problems.append(f"answered {response.status_code}, expected {expected}")
    if expected == 302 and response.url.startswith(request[1]):
        problems.append("redirected to the page asked for")  # refused: never there
    if _state(roles) != before:
        problems.append("changed the database")
    if AuditEvent.objects.exclude(verb__endswith=".denied").count() != events_before:
        problems.append("recorded an action")
    if action in EFFECTS and EFFECTS[action](client, roles):
        problems.append("took effect")
    return problems


@pytest.mark.parametrize(("action", "role"), FORBIDDEN, ids=[f"{a}-{r}" for a, r in FORBIDDEN])
def test_forbidden(client, roles, paper, goods, action, role):
    assert forbidden_problems(client, roles, action, role) == []


SIGN_IN_PAGES = ("/dang-nhap/", "/accounts/login/", "/cms/login/", "/dashboard/login/")
# What an allowed action does beyond the tables of ``_state``.
EFFECTS = {
    "act_for_shop_a": lambda client, roles: (
        client.session.get(ACTING_FOR_SESSION_KEY) == roles.shop_a.pk
    ),
}


@pytest.mark.parametrize(("action", "role"), ALLOWED, ids=[f"{a}-{r}" for a, r in ALLOWED])
def test_allowed(client, roles, paper, goods, action, role):
    """An allowed page opens (200, not a bounce to sign-in); an allowed action, with the
    very data the forbidden cells send, changes the database: the positive control."""
    _as(client, roles, role)
    if action in EFFECTS:  # start from a session where the effect has not happened
        session = client.session
        session.pop(ACTING_FOR_SESSION_KEY, None)
        session.save()
        assert not EFFECTS[action](client, roles)
    request = _request(roles, action)
    before = _state(roles)
    response = _call(client, request)
    if request[0] == "get":
        assert response.status_code == 200, response.get("Location")
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not response["Location"].startswith(SIGN_IN_PAGES), response["Location"]
    effect = EFFECTS.get(action)
    if effect:
        assert effect(client, roles)
    else:
        assert _state(roles) != before, "the allowed action changed nothing"


def test_a_bounce_to_sign_in_is_not_an_allowed_answer(client, roles, paper, goods):
    """The check above would catch a page that sends its own people to sign in."""
    response = client.get("/kenh-nguoi-ban/")  # nobody signed in
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN_PAGES)


def test_staff_of_another_commune_approving_is_logged(client, roles):
    client.force_login(roles.staff_y)
    response = client.post(
        f"/can-bo-xa/ho-so/{roles.applied.pk}/quyet-dinh/", {"decision": "approve"}
    )
    assert response.status_code == 403
    event = AuditEvent.objects.get(verb="seller.approved.denied")
    assert event.actor == roles.staff_y and event.commune == roles.applied.commune
    assert Seller.objects.get(pk=roles.applied.pk).status == Seller.Status.APPLIED


def test_staff_queue_shows_only_their_commune(client, roles):
    client.force_login(roles.staff_y)
    assert roles.applied.display_name not in client.get("/can-bo-xa/").content.decode()


def test_audit_log_is_scoped(client, roles):
    client.force_login(roles.staff_x)
    client.post(f"/can-bo-xa/ho-so/{roles.applied.pk}/quyet-dinh/", {"decision": "approve"})
    approved = f"(cán bộ xã) duyệt cửa hàng {roles.applied.display_name}"
    client.force_login(roles.staff_x)
    assert approved in client.get("/can-bo-xa/nhat-ky/").content.decode()
    client.force_login(roles.staff_y)
    assert approved not in client.get("/can-bo-xa/nhat-ky/").content.decode()
    client.force_login(roles.operator)
    assert approved in client.get("/can-bo-xa/nhat-ky/").content.decode()
    client.force_login(roles.seller_b)
    assert approved not in client.get("/kenh-nguoi-ban/nhat-ky/").content.decode()


# --- the matrix fails when a protection is removed ---------------------------------------


def _without_seller_scope(monkeypatch):
    from marketplace.order import selectors

    original = selectors.seller_fulfilment
    monkeypatch.setattr(
        selectors,
        "seller_fulfilment",
        lambda seller, pk: original(Fulfilment.objects.get(pk=pk).seller, pk),
    )


def _without_commune_scope(monkeypatch):
    from sellers import helpers, services
    from sellers.access import is_commune_staff
    from sellers.views import commune

    # The view and the service both check the commune: remove it from both.
    for module in (commune, services, helpers):
        monkeypatch.setattr(module, "may_review", lambda user, commune_id: is_commune_staff(user))


def _without_consent(monkeypatch):
    from sellers import access, helpers

    def every_consent(helper):
        return HelperConsent.objects.filter(revoked_at__isnull=True).select_related("seller")

    monkeypatch.setattr(access, "active_consents", every_consent)
    monkeypatch.setattr(helpers, "active_consents", every_consent)


@pytest.mark.parametrize(
    ("mistake", "action", "role"),
    [
        (_without_seller_scope, "open_order_part_of_shop_a", "seller_b"),
        (_without_seller_scope, "update_order_part_of_shop_a", "seller_b"),
        (_without_commune_scope, "approve_application_x", "staff_y"),
        (_without_commune_scope, "suspend_shop_a", "staff_y"),
        (_without_consent, "act_for_shop_a", "stranger_helper"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_matrix_fails_when_the_protection_is_removed(
    client, roles, paper, goods, monkeypatch, mistake, action, role
):
    assert forbidden_problems(client, roles, action, role) == []  # protected as shipped
    mistake(monkeypatch)
    assert forbidden_problems(client, roles, action, role) != []
