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

from tests.hardening.conftest import ROLES, sign_in
from tests.hardening.matrix import (
    BACK_OFFICE_OPEN,
    EXPECTATIONS,
    SAME,
    expectation,
    is_back_office,
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
    ("payments", "PaymentAttempt"),
    ("livestream", "LiveSession"),
    ("livestream", "LiveProduct"),
    ("livestream", "HostVerification"),
    ("address", "UserAddress"),
    ("wishlists", "WishList"),
    ("wishlists", "Line"),
    ("reviews", "ProductReview"),
    ("ledger", "LedgerEntry"),
]


def state() -> dict:
    """A snapshot of every watched table (rows and values)."""
    snapshot = {}
    for label, name in WATCHED:
        model = apps.get_model(label, name)
        snapshot[name] = sorted(map(repr, model._default_manager.order_by("pk").values()))
    user = apps.get_model("users", "User")
    snapshot["User"] = sorted(
        map(repr, user.objects.values("pk", "password", "is_active", "is_staff", "email"))
    )
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


def _forbidden_post(client, world, role, url, access) -> str | None:
    """POST as a forbidden role; the problem found, if any."""
    before = state()
    sign_in(client, world, role)
    response = client.post(url, access.data(world) if access.data else {})
    if response.status_code >= 500:
        return f"POST {url}: {response.status_code}"
    after = state()
    if after != before:
        changed = [name for name in before if before[name] != after[name]]
        return f"POST {url} by {role} changed {changed} (status {response.status_code})"
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


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, world, role):
    problems = []
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
        problem = _forbidden_post(client, world, role, url, access)
        if problem:
            problems.append(problem)
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


def test_report_matrix_size(capsys):
    """Prints the number of cells checked by the tests above (run with -s to see it)."""
    views = len(reachable_routes())
    with capsys.disabled():
        print(
            f"\naccess matrix: {views} views x {len(ROLES)} roles; "
            f"{CELLS['get']} GET and {CELLS['post']} forbidden-POST cells checked"
        )


def test_order_line_page_goes_back_to_the_order_and_unknown_lines_are_not_found(client, world):
    sign_in(client, world, "buyer")
    line = world.order.lines.get()
    response = client.get(f"/accounts/orders/{world.order.number}/{line.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/accounts/orders/{world.order.number}/")
    assert client.get(f"/accounts/orders/{world.order.number}/999999/").status_code == 404
    sign_in(client, world, "seller_a")
    assert client.get(f"/accounts/orders/{world.order.number}/{line.pk}/").status_code == 404
