"""The key pages on a 360 px phone in headless Chromium, on the demo data.

For each page: no serious or critical axe-core violation, HTML+CSS+JS within 100 KB on
the wire and everything with the first screen's images within 200 KB (first load, empty
browser cache), no console error, nothing wider than the screen, no request leaving the
machine, and a screenshot in test-results/screenshots/. The measured figures are written
to test-results/pages.json.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from catalog.selectors import public_products
from catalog.stories.models import ProducerStoryPage
from livestream.models import LiveSession
from marketplace.demo.loader import load_demo
from sellers.models import SellerMember
from tests.factories import commune

from .browser import (
    AXE_SOURCE,
    HTML_CSS_JS_BUDGET,
    PHONE,
    SCREENSHOTS,
    WITH_IMAGES_BUDGET,
    Recorder,
    measure,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USER_BACKEND = "marketplace.users.backends.PhoneOrEmailBackend"
GUEST_ADDRESS = {
    "last_name": "Nguyễn Thị",
    "first_name": "Chúc",
    "phone_number": "0912 345 678",
    "line1": "Thôn Tân Lập",
}


def session_for(user) -> str:
    """A signed-in session made directly, as the sign-in view would leave it."""
    backend = (
        USER_BACKEND
        if USER_BACKEND in settings.AUTHENTICATION_BACKENDS
        else settings.AUTHENTICATION_BACKENDS[-1]
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def phone_page(browser_service, live_server, user=None):
    guarded = browser_service.new_context(**PHONE)
    if user is not None:
        guarded.context.add_cookies(
            [{"name": "sessionid", "value": session_for(user), "url": live_server.url}]
        )
    page = guarded.context.new_page()
    page.set_default_timeout(15_000)
    return guarded, page, Recorder(page)


def public_pages(live_server) -> list[tuple[str, str]]:
    product = public_products().filter(images__isnull=False).order_by("pk").first()
    seller = product.seller
    story = ProducerStoryPage.objects.live().filter(seller__isnull=False).first()
    live = LiveSession.objects.order_by("starts_at").first()
    base = live_server.url
    return [
        ("home", f"{base}/"),
        ("catalogue", f"{base}{reverse('catalogue:index')}"),
        ("search", f"{base}{reverse('search:search')}?q=ch%C3%A8"),
        ("product", f"{base}{product.get_absolute_url()}"),
        ("story", f"{base}{story.url}"),
        ("seller", f"{base}{reverse('sellers:detail', args=[seller.slug])}"),
        ("live", f"{base}{live.get_absolute_url()}"),
    ]


def visit_buyer_journey(page, recorder, live_server, reports, errors):
    """Product → basket → checkout as a guest, measuring each step."""
    for name, url in public_pages(live_server):
        run(reports, errors, name, lambda n=name, u=url: measure(page, recorder, n, u))
    add = page.locator("form[action*='/basket/add/'] [type=submit]").first
    product_url = dict(public_pages(live_server))["product"]

    def to_basket():
        page.goto(product_url)
        with page.expect_navigation():
            add.click()
        return measure(page, recorder, "basket", f"{live_server.url}{reverse('basket:summary')}")

    run(reports, errors, "basket", to_basket)
    checkout = f"{live_server.url}{reverse('checkout:index')}"
    # A guest goes straight to the delivery address.
    address = "checkout-address"
    run(reports, errors, address, lambda: measure(page, recorder, address, checkout))
    run(reports, errors, "checkout-review", lambda: to_review(page, recorder, checkout))


def to_review(page, recorder, checkout):
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    page.goto(checkout)
    for name, value in GUEST_ADDRESS.items():
        page.fill(f"[name={name}]", value)
    page.select_option("select[name=province]", str(place.province_id))
    communes = page.locator(f"select[name=commune] option[value='{place.pk}']")
    submit = page.locator("form:has([name=line1]) [type=submit]").first
    if not communes.count():  # without JavaScript the province is sent first
        with page.expect_navigation():
            submit.click()
    page.select_option("select[name=commune]", str(place.pk))
    return measure(page, recorder, "checkout-review", "", navigate=submit.click)


def run(reports, errors, name, visit):
    try:
        reports[name] = visit()
    except Exception as exc:  # a page that cannot be reached is reported, not fatal
        errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


@pytest.fixture
def demo(page_cache, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert AXE_SOURCE.exists(), "run `npm ci` first (axe-core)"
    return load_demo()


def test_key_pages_on_a_phone(demo, live_server, browser_service, subtests):
    reports, errors = {}, {}
    guarded, page, recorder = phone_page(browser_service, live_server)
    try:
        visit_buyer_journey(page, recorder, live_server, reports, errors)
        blocked = list(guarded.blocked)
    finally:
        guarded.close()

    # The demo buyer has no shop: the application form is theirs to fill.
    applicant = get_user_model().objects.get(email="nguoimua@cholang.vn")
    seller_user = SellerMember.objects.select_related("user").order_by("pk").first().user
    for name, user, path in [
        ("seller-application", applicant, reverse("sellers:apply")),
        ("seller-dashboard", seller_user, reverse("backoffice:home")),
    ]:
        guarded, page, recorder = phone_page(browser_service, live_server, user)
        try:
            run(
                reports, errors, name, lambda: measure(page, recorder, name, live_server.url + path)
            )
            blocked += guarded.blocked
        finally:
            guarded.close()

    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "pages.json").write_text(
        json.dumps({"pages": {k: vars(v) for k, v in reports.items()}, "errors": errors}, indent=2)
    )
    print("\n" + "\n".join(report.summary() for report in reports.values()))

    assert not blocked, f"requests that tried to leave the machine: {blocked}"
    expected = [
        "home", "catalogue", "search", "product", "story", "seller", "live", "basket",
        "checkout-address", "checkout-review", "seller-application", "seller-dashboard",
    ]  # fmt: skip
    for name in expected:
        with subtests.test(msg=f"{name} reached"):
            assert name not in errors, errors.get(name)
            assert reports[name].status == 200
    for name, report in reports.items():
        with subtests.test(msg=f"{name} accessibility"):
            assert not report.violations, "\n".join(report.violations)
        with subtests.test(msg=f"{name} console"):
            assert not report.console_errors, report.console_errors
        with subtests.test(msg=f"{name} width"):
            assert report.scroll_width <= PHONE["viewport"]["width"]
        with subtests.test(msg=f"{name} bytes"):
            assert report.code_bytes <= HTML_CSS_JS_BUDGET, report.summary()
            assert report.total_bytes <= WITH_IMAGES_BUDGET, report.summary()
