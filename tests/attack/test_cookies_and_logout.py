"""Cookies carry Secure and SameSite in production; signing out needs a POST."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db


def test_basket_and_history_cookies_are_secure_and_same_site(client, settings):
    settings.SESSION_COOKIE_SECURE = True  # as in production
    product = sellable_product()
    response = client.get(product.get_absolute_url())
    history = response.cookies["oscar_history"]
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    basket = response.cookies["oscar_open_basket"]
    for cookie in (history, basket):
        assert cookie["secure"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


def test_cookies_stay_usable_over_plain_http_in_development(client, settings):
    settings.SESSION_COOKIE_SECURE = False
    product = sellable_product()
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert not response.cookies["oscar_open_basket"]["secure"]
    assert response.cookies["oscar_open_basket"]["samesite"] == "Lax"


def test_signing_out_needs_a_post_from_this_site(client):
    from django.test import Client

    user = UserFactory()
    client.force_login(user)
    # A GET, as an image or link on another site would send, changes nothing.
    assert client.get("/accounts/logout/").status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)
    # A cross-site POST has no CSRF token.
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(user)
    assert forged.post("/accounts/logout/").status_code == 403
    # The header's button signs out, without JavaScript.
    page = client.get("/accounts/", follow=True).content.decode()
    assert 'action="/accounts/logout/" method="post"' in page
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
