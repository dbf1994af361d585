"""Every view × every role: who may open it, who may act on it, and that nobody else can.

The routes come from the URL resolver (tests/hardening/urlmap.py), the expectations from
tests/hardening/matrix.py; the objects in the URLs belong to seller A, commune X and the
buyer (tests/hardening/conftest.py).

- An allowed GET gets the page: not a 403/404, not a trip to a sign-in page, never a 5xx.
- A forbidden GET never gets the page (no 200) and never a 5xx.
- A forbidden POST, sent with the data of a real action, changes nothing in the database.
"""

from __future__ import annotations

from itertools import cycle

import pytest
from django.apps import apps
from django.db import transaction

from tests.hardening.conftest import ROLES, sign_in
from tests.hardening.forms import form_posting_to
from tests.hardening.matrix import (
    BACK_OFFICE_OPEN,
    EXPECTATIONS,
    SAME,
    control_role,
    expectation,
    is_back_office,
    is_write_row,
)
from tests.hardening.urlmap import all_routes

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = (
    "/dang-nhap/",
    "/accounts/login/",
    "/django-admin/login/",
    "/cms/login/",
    "/dashboard/login/",
    "/_util/login/",
)
# Everything a forbidden action could change (audit events are left out: a refused
# action may rightly be recorded).
WATCHED = [
    ("sellers", "Seller"),
    ("sellers", "HelperConsent"),
    ("sellers", "HelperMembership"),
    ("sellers", "SellerMember"),
    ("sellers", "CommuneStaff"),
    ("catalogue", "Product"),
    ("catalogue", "ProductImage"),
    ("catalogue", "OcopCertificate"),
    ("partner", "StockRecord"),
    ("order", "Order"),
    ("order", "Fulfilment"),
    ("order", "Shipment"),
    ("order", "RemittanceStatement"),
    ("order", "RemittanceLine"),
    ("payments", "PaymentAttempt"),
    ("payments", "BankTransaction"),
    ("payments", "DirectTransfer"),
    ("payments", "Refund"),
    ("livestream", "LiveSession"),
    ("livestream", "LiveProduct"),
    ("livestream", "HostVerification"),
    ("address", "UserAddress"),
    ("wishlists", "WishList"),
    ("wishlists", "Line"),
    ("reviews", "ProductReview"),
    ("ledger", "LedgerEntry"),
    ("ledger", "CommissionRate"),
    ("ledger", "Payout"),
    ("ledger", "PayoutBatch"),
    ("ledger", "CommissionInvoice"),
    ("reports", "ReportSnapshot"),
    ("livestream", "Follow"),
    ("customer", "ProductAlert"),
    ("communication", "Notification"),
    # Baskets themselves are made on sign-in; their lines are what actions change.
    ("basket", "Line"),
    ("users", "PhoneCode"),
]


def state() -> dict:
    """A snapshot of every watched table (rows and values)."""
    snapshot = {}
    for label, name in WATCHED:
        model = apps.get_model(label, name)
        # Keyed by app too: basket and wishlists both have a "Line".
        snapshot[f"{label}.{name}"] = sorted(
            map(repr, model._default_manager.order_by("pk").values())
        )
    user = apps.get_model("users", "User")
    fields = [f.attname for f in user._meta.concrete_fields if f.attname != "last_login"]
    snapshot["users.User"] = sorted(map(repr, user.objects.values(*fields)))
    return snapshot


def denied(response) -> bool:
    if response.status_code in (400, 403, 404, 405):
        return True
    if response.status_code in (301, 302, 303):
        return any(page in response["Location"] for page in SIGN_IN_PAGES)
    return False


def reachable_routes():
    """Routes a request can reach (Oscar's own home is shadowed by ours, for one)."""
    return [route for route in all_routes() if route.check(route.url())]


def _url(route, access, world) -> str:
    values = access.kwargs(world) if access.kwargs else {}
    url = route.url(values)
    query = access.query(world) if callable(access.query) else access.query
    return f"{url}?{query}" if query else url


def _as(client, world, role):
    client.logout()
    return sign_in(client, world, role)


def learned_form(client, world, route, access) -> dict:
    """What the allowed role's own form posts to this URL (hidden and filled-in fields)."""
    url = _url(route, access, world)
    page = access.page(world) if access.page else url
    _as(client, world, control_role(access))
    form = form_posting_to(client.get(page).content.decode(), page, url)
    return form.data() if form else {}


def post_data(world, access, form: dict) -> dict:
    """The form's fields with what a person types (fresh uploads each time)."""
    data = dict(form)
    data.update(access.data(world) if access.data else {})
    return data


def _forbidden_post(client, world, role, url, access, data=None) -> str | None:
    """POST as a forbidden role; the problem found, if any."""
    before = state()
    sign_in(client, world, role)
    effect = access.effect(client, world) if access.effect else None
    response = client.post(url, data if data is not None else {})
    if response.status_code >= 500:
        return f"POST {url}: {response.status_code}"
    after = state()
    if after != before:
        changed = [name for name in before if before[name] != after[name]]
        return f"POST {url} by {role} changed {changed} (status {response.status_code})"
    if access.effect and access.effect(client, world) != effect:
        return f"POST {url} by {role} took effect (status {response.status_code})"
    return None


def _get_problem(response, url, role, access) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"GET {url}: {status}"
    if access.get == SAME:
        return None
    if access.absent and status == 404:
        return None
    if role in access.get and denied(response):
        return f"GET {url}: {role} is allowed but got {status} {response.get('Location', '')}"
    if role not in access.get and status == 200:
        return f"GET {url}: {role} is not allowed but got the page"
    return None


def test_every_view_is_classified():
    routes = all_routes()
    missing = sorted({r.key for r in routes if expectation(r) is None})
    assert not missing, f"Views without an access expectation in matrix.py: {missing}"
    keys = {r.key for r in routes}
    keys |= {f"route:{r.template}" for r in routes}
    stale = sorted(set(EXPECTATIONS) - keys) + sorted(set(BACK_OFFICE_OPEN) - keys)
    assert not stale, f"Expectations for views that no longer exist: {stale}"


CELLS = {"get": 0, "post": 0}


def write_rows():
    for route in reachable_routes():
        access = expectation(route)
        if not is_back_office(route) and access is not None and is_write_row(access):
            yield route, access


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, world, role):
    problems = []
    learned = {r.template: learned_form(client, world, r, a) for r, a in write_rows()}
    client.logout()
    for route in reachable_routes():
        if is_back_office(route):
            continue
        access = expectation(route)
        if access is None:  # test_every_view_is_classified reports it
            continue
        url = _url(route, access, world)
        sign_in(client, world, role)
        CELLS["get"] += 1
        problem = _get_problem(client.get(url), url, role, access)
        if problem:
            problems.append(problem)
        post = access.post
        if post is None or post == SAME or role in post:
            continue
        CELLS["post"] += 1
        data = post_data(world, access, learned.get(route.template, {}))
        problem = _forbidden_post(client, world, role, url, access, data)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


def positive_control(client, world, route, access, data) -> str | None:
    """The allowed role's post, rolled back after: the problem, if it changed nothing."""
    url = _url(route, access, world)
    role = control_role(access)
    _as(client, world, role)
    if access.before:
        access.before(client, world)
    with transaction.atomic():
        before = state()
        effect = access.effect(client, world) if access.effect else None
        response = client.post(url, data)
        after = state()
        took_effect = after != before or (
            access.effect is not None and access.effect(client, world) != effect
        )
        transaction.set_rollback(True)
    if response.status_code >= 500 or not took_effect:
        return f"POST {url} as {role}: {response.status_code}, changed nothing; sent {data}"
    return None


def test_every_write_row_sends_data_that_works_for_an_allowed_role(client, world):
    """Positive control: the very post forbidden roles send changes the database when an
    allowed role sends it, so "nothing changed" for them means "refused"."""
    problems, controlled = [], 0
    for route, access in write_rows():
        if access.no_control:
            continue
        data = post_data(world, access, learned_form(client, world, route, access))
        problem = positive_control(client, world, route, access, data)
        if problem:
            problems.append(f"{route.key}: {problem}")
        controlled += 1
    assert controlled >= 40
    assert not problems, "\n".join(problems)


def test_rows_without_a_positive_control_say_why():
    rows = [access for _route, access in write_rows()]
    unexplained = [a for a in rows if a.no_control and len(a.no_control) < 20]
    assert unexplained == []
    assert len([a for a in rows if a.no_control]) <= 10, "most write rows must be controlled"


def test_same_rows_answer_every_role_alike(client, world):
    """Pages that show nothing private give every signed-in role the same answer (and
    anonymous visitors the same, or the way to sign in), never a 5xx."""
    problems = []
    for route in reachable_routes():
        access = expectation(route)
        if access is None or access.get != SAME:
            continue
        url = _url(route, access, world)
        answers = {}
        for role in ROLES:
            _as(client, world, role)
            response = client.get(url)
            answers[role] = (response.status_code, response.get("Location", ""))
        anonymous = answers.pop("anonymous")
        signed_in = set(answers.values())
        bounced = anonymous[0] == 302 and anonymous[1].startswith(SIGN_IN_PAGES)
        if (
            len(signed_in) != 1
            or (anonymous not in signed_in and not bounced)
            or any(status >= 500 for status, _ in [anonymous, *signed_in])
        ):
            problems.append(f"GET {url}: {anonymous=} {answers}")
    assert not problems, "\n".join(problems)


NOT_OPERATOR = [role for role in ROLES if role not in ("operator", "anonymous")]


def test_back_offices_refuse_everyone_but_the_operator(client, world):
    """Django admin, the CMS and Oscar's dashboard: every route, GET and POST.

    Anonymous visitors try every route; the signed-in roles take turns (each route is
    tried by one of them), so every role meets about a seventh of the routes.
    """
    problems, turns = [], cycle(NOT_OPERATOR)
    for route in reachable_routes():
        if not is_back_office(route) or route.key in BACK_OFFICE_OPEN:
            continue
        url = route.url()
        for role in ("anonymous", next(turns)):
            client.logout()
            sign_in(client, world, role)
            CELLS["get"] += 1
            response = client.get(url)
            if response.status_code >= 500 or not denied(response):
                problems.append(f"GET {url} by {role}: {response.status_code}")
            if role != "anonymous":
                CELLS["post"] += 1
                problem = _forbidden_post(client, world, role, url, expectation(route))
                if problem:
                    problems.append(problem)
    assert not problems, "\n".join(problems)


# Wagtail's page for checking that error reports reach the operator raises on purpose.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}


def test_operator_opens_every_back_office_page(client, world):
    """Every back-office page without parameters answers the operator without a 5xx and
    without sending them to sign in (some rightly refuse: add pages of read-only admins,
    lookups that need a query)."""
    problems = []
    sign_in(client, world, "operator")
    for route in reachable_routes():
        if not is_back_office(route) or route.params or route.key in BACK_OFFICE_OPEN:
            continue
        if route.key in DELIBERATE_ERRORS:
            continue
        url = route.url()
        CELLS["get"] += 1
        response = client.get(url)
        signed_out = response.status_code == 302 and any(
            page in response["Location"] for page in SIGN_IN_PAGES
        )
        if response.status_code >= 500 or signed_out:
            problems.append(f"GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_order_line_page_goes_back_to_the_order_and_unknown_lines_are_not_found(client, world):
    sign_in(client, world, "buyer")
    line = world.order.lines.get()
    response = client.get(f"/accounts/orders/{world.order.number}/{line.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/accounts/orders/{world.order.number}/")
    assert client.get(f"/accounts/orders/{world.order.number}/999999/").status_code == 404
    sign_in(client, world, "seller_a")
    assert client.get(f"/accounts/orders/{world.order.number}/{line.pk}/").status_code == 404


# --- the matrix fails when a protection is removed ---------------------------------------


def _row(key):
    return next((r, a) for r, a in write_rows() if r.key == key)


def _cell_problems(client, world, key, role) -> list[str]:
    """The matrix's GET and forbidden-POST checks of one row for one role."""
    route, access = _row(key)
    data = post_data(world, access, learned_form(client, world, route, access))
    url = _url(route, access, world)
    _as(client, world, role)
    problems = [_get_problem(client.get(url), url, role, access)]
    _as(client, world, role)
    problems.append(_forbidden_post(client, world, role, url, access, data))
    return [p for p in problems if p]


def test_matrix_fails_when_the_order_part_view_drops_its_seller_filter(client, world, monkeypatch):
    from marketplace.order import selectors
    from marketplace.order.models import Fulfilment

    assert _cell_problems(client, world, "fulfilment:update", "seller_b") == []
    original = selectors.seller_fulfilment
    monkeypatch.setattr(
        selectors,
        "seller_fulfilment",
        lambda seller, pk: original(Fulfilment.objects.get(pk=pk).seller, pk),
    )
    problems = _cell_problems(client, world, "fulfilment:update", "seller_b")
    assert any("changed ['order.Fulfilment']" in p for p in problems), problems


def test_matrix_fails_when_commune_staff_may_act_on_any_commune(client, world, monkeypatch):
    from sellers import helpers, services
    from sellers.access import is_commune_staff
    from sellers.views import commune

    assert _cell_problems(client, world, "commune:decide", "staff_y") == []
    for module in (commune, services, helpers):
        monkeypatch.setattr(module, "may_review", lambda user, commune_id: is_commune_staff(user))
    problems = _cell_problems(client, world, "commune:decide", "staff_y")
    assert any("changed" in p and "sellers.Seller" in p for p in problems), problems


def test_positive_control_fails_when_a_row_sends_data_that_does_nothing(client, world):
    """Without it, an empty or misspelt post would 'pass' for every forbidden role."""
    route, access = _row("catalog_commune:review")
    assert positive_control(client, world, route, access, {"verdict": "verify"}) is None
    assert positive_control(client, world, route, access, {"decision": "verify"}) is not None
    assert positive_control(client, world, route, access, {}) is not None


def test_same_rows_check_fails_when_a_role_gets_another_answer(client, world):
    """A page marked SAME that answers one signed-in role differently is reported."""
    from tests.hardening.matrix import Access

    route = next(r for r in reachable_routes() if r.key == "customer:order-list")
    access = Access(SAME)
    answers = set()
    for role in ("buyer", "anonymous"):
        _as(client, world, role)
        response = client.get(_url(route, access, world))
        answers.add((response.status_code, response.get("Location", "")))
    assert len(answers) == 2  # so "customer:order-list" could never be marked SAME
