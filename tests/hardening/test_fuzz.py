"""Hostile input on every public form and query parameter: never a server error, and
stored text comes back escaped.

Bounded: a handful of generated examples per target (``EXAMPLES``); the number of cases
run is printed at the end (run with ``-s``).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.conftest import sign_in

pytestmark = pytest.mark.django_db

EXAMPLES = 16
CASES = {"run": 0}

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "😀🌾🍵" * 40,
    unicodedata.normalize("NFD", "Chè Shan Tuyết Đà Lạt"),
    "Che\u0300 " + unicodedata.normalize("NFC", "Shan Tuyết"),  # mixed NFC/NFD
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "'; DROP TABLE catalogue_product; --",
    "title:(chè OR *) AND ~1^9 \\ /regex/ [a TO z] {",
    "*:*",
    "{{ 7*7 }} {% debug %}",
    "%s%s%n%x",
    "-1",
    "0",
    "-99999999999999999999999",
    "99999999999999999999999999999",
    "1e309",
    "NaN",
    "../../../etc/passwd",
    "\u202eevil",
    "x" * 20_000,
]
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=200),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _fields(*names):
    return st.fixed_dictionaries(dict.fromkeys(names, HOSTILE))


def _send(client, method, url, data):
    CASES["run"] += 1
    response = getattr(client, method)(url, data)
    assert response.status_code < 500, (url, data)
    return response


# (role, method, url(world), fields)
TARGETS = {
    "search": (
        "anonymous",
        "get",
        lambda w: "/search/",
        ("q", "category", "province", "stars", "price", "kind", "live", "sort", "page"),
    ),
    "suggest": ("anonymous", "get", lambda w: "/search/suggest/", ("q",)),
    "catalogue": ("anonymous", "get", lambda w: "/catalogue/", ("q", "page", "sort", "stars")),
    "lives": ("anonymous", "get", lambda w: "/live/", ("page", "platform")),
    "phone_sign_in": ("anonymous", "post", lambda w: "/dang-nhap/", ("phone", "next")),
    "code": ("anonymous", "post", lambda w: "/dang-nhap/ma/", ("code",)),
    "password_sign_in": (
        "anonymous",
        "post",
        lambda w: "/accounts/login/",
        ("login-username", "login-password", "login_submit"),
    ),
    "register": (
        "anonymous",
        "post",
        lambda w: "/accounts/register/",
        (
            "registration-phone",
            "registration-email",
            "registration-password1",
            "registration-password2",
            "registration_submit",
        ),
    ),
    "complaint": (
        "anonymous",
        "post",
        lambda w: f"/live/phien/{w.live_a.pk}/khieu-nai/",
        ("contact", "text"),
    ),
    "basket_add": (
        "anonymous",
        "post",
        lambda w: f"/basket/add/{w.product_a.pk}/",
        ("quantity", "action"),
    ),
    "shipping_address": (
        "anonymous",
        "post",
        lambda w: "/checkout/shipping-address/",
        ("first_name", "last_name", "line1", "province", "commune", "phone_number", "notes"),
    ),
    "apply": (
        "buyer",
        "post",
        lambda w: "/nguoi-ban/dang-ky/",
        (
            "kind",
            "display_name",
            "representative_name",
            "phone",
            "province",
            "commune",
            "address",
            "products",
            "bank_bin",
            "bank_account_number",
            "bank_account_holder",
            "action",
        ),
    ),
    "address": (
        "buyer",
        "post",
        lambda w: "/accounts/addresses/add/",
        ("first_name", "last_name", "line1", "province", "commune", "phone_number"),
    ),
    "review": (
        "buyer",
        "post",
        lambda w: f"/catalogue/{w.product_a.slug}_{w.product_a.pk}/reviews/add/",
        ("title", "body", "score"),
    ),
    "shop_profile": (
        "seller_a",
        "post",
        lambda w: "/kenh-nguoi-ban/thong-tin/",
        ("description", "address"),
    ),
    "product_details": (
        "seller_a",
        "post",
        lambda w: f"/kenh-nguoi-ban/san-pham/{w.draft_a.pk}/thong-tin/",
        ("title", "category", "unit", "price", "stock", "description", "harvest_season"),
    ),
    "certificate": (
        "seller_a",
        "post",
        lambda w: f"/kenh-nguoi-ban/san-pham/{w.product_a.pk}/chung-nhan/",
        ("stars", "group", "level", "decision_number", "issued_on", "expires_on"),
    ),
    "label_sheet": (
        "seller_a",
        "get",
        lambda w: "/kenh-nguoi-ban/san-pham/nhan-truy-xuat/",
        ("product",),
    ),
    "new_live": (
        "seller_a",
        "post",
        lambda w: "/live/kenh/moi/",
        ("title", "description", "platform", "stream_url", "starts_at", "ends_at"),
    ),
    "decide": (
        "staff_x",
        "post",
        lambda w: f"/can-bo-xa/ho-so/{w.applied.pk}/quyet-dinh/",
        ("decision", "reason"),
    ),
    "commune_report": (
        "staff_x",
        "get",
        lambda w: "/can-bo-xa/bao-cao/",
        ("commune", "period", "year", "month", "quarter"),
    ),
    "operator_report": (
        "operator",
        "get",
        lambda w: "/van-hanh/bao-cao/",
        ("province", "commune", "period", "year", "month", "quarter"),
    ),
}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_hostile_input_never_breaks_a_page(client, world, target):
    role, method, url, names = TARGETS[target]
    sign_in(client, world, role)
    target_url = url(world)

    before = CASES["run"]

    @FUZZ
    @given(data=_fields(*names))
    def run(data):
        _send(client, method, target_url, data)

    run()
    assert CASES["run"] - before >= EXAMPLES // 2, "hypothesis generated too few cases"


@pytest.mark.parametrize(
    "path",
    ["/truy-xuat/{}/", "/live/{}/", "/nguoi-ban/{}/", "/thanh-toan/don-hang/{}/"],
)
def test_hostile_path_values_are_not_found_not_errors(client, world, path):
    @FUZZ
    @given(value=st.sampled_from([v for v in NASTY if v and "/" not in v and "\x00" not in v]))
    def run(value):
        _send(client, "get", path.format(value[:200]), {})

    run()


SCRIPT = "<script>alert('xss')</script>"


def test_stored_text_is_escaped_where_it_is_shown(
    client, world, django_capture_on_commit_callbacks
):
    from django.utils.html import escape

    shown = escape(SCRIPT)  # &lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;
    sign_in(client, world, "seller_a")
    client.post(
        "/kenh-nguoi-ban/thong-tin/", {"description": f"Chè ngon {SCRIPT}", "address": SCRIPT}
    )
    world.shop_a.refresh_from_db()
    assert SCRIPT in world.shop_a.description  # kept as typed…
    page = client.get(f"/nguoi-ban/{world.shop_a.slug}/").content.decode()
    assert SCRIPT not in page  # …and shown as text
    assert f"Chè ngon {shown}" in page
    with django_capture_on_commit_callbacks(execute=True):  # the search row is refreshed
        world.product_a.title = f"Chè {SCRIPT}"
        world.product_a.save()
    for path in (
        f"/catalogue/{world.product_a.slug}_{world.product_a.pk}/",
        "/search/?q=ch%C3%A8",
        f"/truy-xuat/{world.product_a.traceability_code}/",
    ):
        html = client.get(path, follow=True).content.decode()
        assert SCRIPT not in html, path
        assert f"Chè {shown}" in html, path


def _server_error(request):
    from django.http import HttpResponseServerError

    return HttpResponseServerError("boom")


urlpatterns = []  # filled below: a page that fails, for the harness's own check


def test_the_harness_reports_a_server_error(client, settings):
    """The fuzz tests fail on a 5xx: shown with a page that always answers 500."""
    from django.urls import path

    urlpatterns[:] = [path("boom/", _server_error)]
    settings.ROOT_URLCONF = __name__
    with pytest.raises(AssertionError):
        _send(client, "get", "/boom/", {"q": NASTY[7]})
