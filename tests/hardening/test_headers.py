"""Security headers, CSRF on every POST, and uploads that can never be served as pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.hardening.conftest import sign_in
from tests.hardening.urlmap import all_routes

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


STOREFRONT = ["/", "/catalogue/", "/search/?q=che", "/basket/", "/dang-nhap/", "/live/"]


@pytest.mark.parametrize("path", STOREFRONT)
def test_storefront_pages_get_a_strict_policy_and_the_other_headers(client, world, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_answered_from_the_page_cache_keep_their_policy(client, world):
    first = client.get("/catalogue/")
    second = client.get("/catalogue/")
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


def test_stripe_is_allowed_only_on_the_card_page(client, world):
    from tests.hardening.conftest import sign_in as as_role

    as_role(client, world, "buyer")
    world.attempt.method = "stripe"
    world.attempt.save(update_fields=["method"])
    card = client.get(f"/thanh-toan/don-hang/{world.order.number}/the/")
    assert "https://js.stripe.com" in _csp(card)["script-src"]
    assert "'unsafe-inline'" not in _csp(card)["script-src"]
    for path in ("/", f"/thanh-toan/don-hang/{world.order.number}/"):
        assert "https://js.stripe.com" not in client.get(path)["Content-Security-Policy"]


def test_video_embeds_are_allowed_only_where_lives_are_shown(client, world):
    live = client.get(f"/live/phien/{world.live_a.pk}/")
    assert "https://www.youtube-nocookie.com" in _csp(live)["frame-src"]
    assert _csp(client.get("/catalogue/"))["frame-src"] == ["'none'"]


@pytest.mark.parametrize("path", ["/cms/", "/django-admin/", "/dashboard/"])
def test_back_offices_get_their_own_relaxed_policy(client, world, path):
    sign_in(client, world, "operator")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    csp = _csp(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def test_storefront_html_has_nothing_inline_the_policy_would_block(client, world):
    pages = [
        *STOREFRONT,
        f"/catalogue/{world.product_a.slug}_{world.product_a.pk}/",
        f"/nguoi-ban/{world.shop_a.slug}/",
        f"/live/phien/{world.live_a.pk}/",
        "/accounts/login/",
        "/checkout/shipping-address/",
    ]
    found = []
    for path in pages:
        html = client.get(path, follow=True).content.decode()
        for kind, pattern in (
            ("script", INLINE_SCRIPT),
            ("handler", INLINE_HANDLER),
            ("style", INLINE_STYLE),
        ):
            # JSON data blocks are not run as script.
            hits = [h for h in pattern.findall(html) if "application/json" not in h]
            found += [f"{path}: inline {kind} {hit[:80]}" for hit in hits]
    assert not found, "\n".join(found)


# --- CSRF ----------------------------------------------------------------------------------

# Signed by Stripe, the bank-notification service and the carrier instead.
CSRF_EXEMPT = {"webhooks:stripe", "webhooks:bank", "carrier:webhook"}
# Wagtail's admin API (Django REST framework) checks CSRF itself for signed-in sessions.
DRF_PREFIX = "wagtailadmin_api:"


def test_every_post_needs_the_csrf_token(world):
    """A POST without the token is refused (403) by every view, whoever sends it."""
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world, "seller_a")
    accepted = []
    checked = 0
    for route in all_routes():
        url = route.url()
        if not route.check(url) or route.key in CSRF_EXEMPT:
            continue
        checked += 1
        if route.key.startswith(DRF_PREFIX):
            continue  # checked below, as staff
        response = client.post(url, {"x": "1"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append(f"{route.key} {url}: {response.status_code}")
    assert checked > 500
    assert not accepted, "\n".join(accepted)


def test_the_cms_api_checks_csrf_for_signed_in_staff(world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world, "operator")
    routes = [r for r in all_routes() if (r.key or "").startswith(DRF_PREFIX)]
    assert routes
    for route in routes:
        response = client.post(route.url(), {"x": "1"})
        assert response.status_code == 403, route.url()
        assert b"CSRF" in response.content


def test_the_webhook_is_exempt_but_checks_its_signature(client):
    response = Client(enforce_csrf_checks=True).post(
        "/webhooks/stripe/", b"{}", content_type="application/json"
    )
    assert response.status_code == 400


# --- public and private files --------------------------------------------------------------


def test_media_serves_only_images_and_never_as_a_page(client, settings, tmp_path):
    media = tmp_path / "media"
    (media / "x").mkdir(parents=True)
    (media / "x" / "page.html").write_text("<script>alert(1)</script>")
    (media / "x" / "logo.svg").write_text("<svg onload='alert(1)'></svg>")
    (media / "x" / "photo.jpg").write_bytes(b"\xff\xd8\xff<html><script>alert(1)</script>")
    assert client.get("/media/x/page.html").status_code == 404
    assert client.get("/media/x/logo.svg").status_code == 404
    photo = client.get("/media/x/photo.jpg")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in photo["Content-Security-Policy"]


def test_private_papers_are_outside_the_public_media_folder(client, world, settings):
    from pathlib import Path

    for stored in (world.applied.id_document, world.certificate_a.scan):
        path = Path(stored.path)
        assert Path(settings.PRIVATE_MEDIA_ROOT) in path.parents
        assert Path(settings.MEDIA_ROOT) not in path.parents
        assert client.get(f"/media/{stored.name}").status_code == 404
        sign_in(client, world, "operator")
        assert client.get(f"/media/{stored.name}").status_code == 404
        client.logout()
    # The authorised views do serve them, to those allowed.
    sign_in(client, world, "staff_x")
    paper = client.get(f"/nguoi-ban/ho-so/{world.applied.pk}/giay-to/")
    assert paper.status_code == 200
    assert paper["X-Content-Type-Options"] == "nosniff"
    assert not paper["Content-Type"].startswith("text/html")
