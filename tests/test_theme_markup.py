"""The village theme's markup: light pages, nothing inline for a strict CSP, every page
usable without JavaScript. (Browser checks of the same pages live in tests/theme.)"""

import re

import pytest
from django.urls import reverse

from tests.factories import SellerMemberFactory, UserFactory, sellable_product

pytestmark = pytest.mark.django_db

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_lean_page(html: str):
    """One stylesheet and at most one deferred script of our own, nothing inline."""
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert [s for s in styles if "lang/lang" in s] and not [s for s in styles if "oscar/" in s]
    assert all("src=" in s and "defer" in s for s in scripts), scripts
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()
    assert not INLINE_HANDLER.search(html) and not STYLE_ATTRIBUTE.search(html)
    assert html.count("<h1") == 1
    assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
    assert 'name="language"' in html  # the language switch
    assert 'role="search"' in html and 'class="basket-link"' in html
    assert "<footer" in html


def test_storefront_pages_load_only_the_theme(client):
    product = sellable_product(title="Chè Shan Tuyết Tân Lập")
    urls = [
        reverse("home"),
        reverse("catalogue:index"),
        reverse("search:search") + "?q=che",
        reverse("search:search") + "?q=khongcogica",
        product.get_absolute_url(),
        product.seller.get_absolute_url(),
        reverse("basket:summary"),
        reverse("customer:login"),
        reverse("users:phone"),
        reverse("livestream:schedule"),
    ]
    for url in urls:
        assert_lean_page(html_of(client.get(url)))


def test_seller_back_office_uses_the_theme_too(client):
    member = SellerMemberFactory(user=UserFactory(phone="+84912000321"))
    client.force_login(member.user)
    for url in (reverse("backoffice:home"), reverse("catalog_manage:list")):
        assert_lean_page(html_of(client.get(url)))


def test_oscar_dashboard_keeps_its_own_styling(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = html_of(client.get("/dashboard/"))
    assert "oscar/css/dashboard.css" in html and "lang/lang.css" not in html


def test_basket_line_is_removed_without_javascript(client):
    tea = sellable_product(title="Chè Shan Tuyết Tân Lập")
    honey = sellable_product(title="Mật ong bạc hà")
    for product in (tea, honey):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    html = html_of(client.get(reverse("basket:summary")))
    # Each line's "Remove" is a submit button that sends that line's DELETE field.
    buttons = re.findall(
        r'<button type="submit"\s+class="btn btn-link"\s+name="(form-\d+-DELETE)"',
        html,
    )
    assert len(buttons) == 2
    fields = dict(re.findall(r'<input type="hidden"\s+name="(form-[^"]+)"\s+value="([^"]*)"', html))
    quantities = re.findall(r'name="(form-\d+-quantity)"\s+value="(\d+)"', html)
    data = {**fields, **dict(quantities), buttons[0]: "on"}
    data["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    client.post(reverse("basket:summary"), data, follow=True)
    after = html_of(client.get(reverse("basket:summary")))
    assert after.count('class="line"') == 1
    assert '<span class="count">1</span>' in after


def test_basket_quantity_is_updated_without_javascript(client):
    tea = sellable_product(title="Chè Shan Tuyết Tân Lập")
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 1})
    html = html_of(client.get(reverse("basket:summary")))
    fields = dict(re.findall(r'<input type="hidden" name="(form-[^"]+)" value="([^"]*)"', html))
    data = {**fields, "form-0-quantity": "3"}
    client.post(reverse("basket:summary"), data, follow=True)
    assert '<span class="count">3</span>' in html_of(client.get(reverse("basket:summary")))
