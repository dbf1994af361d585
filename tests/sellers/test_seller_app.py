"""The installable seller channel: only its own pages carry the app, copies name their owner."""

import json

import pytest
from django.urls import reverse

from sellers.offline import COOKIE, COPY_HEADER
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller_client(client):
    seller = factories.SellerFactory()
    client.force_login(factories.SellerMemberFactory(seller=seller).user)
    return client


def test_seller_pages_carry_the_manifest_and_the_worker_script(seller_client):
    page = seller_client.get(reverse("catalog_manage:list"))
    html = page.content.decode()
    assert reverse("backoffice:manifest") in html
    assert reverse("backoffice:service_worker") in html
    assert 'id="cl-offline" hidden' in html
    assert page[COPY_HEADER] == page.cookies[COOKIE].value


def test_storefront_pages_carry_nothing_of_the_app(client, seller_client):
    html = seller_client.get(reverse("catalogue:index")).content.decode()
    assert reverse("backoffice:manifest") not in html
    assert "sellers/app/" not in html
    assert "cl-offline" not in html


def test_the_key_cookie_is_dropped_when_signed_out_and_for_another_person(seller_client):
    seller_client.get(reverse("backoffice:home"))
    assert seller_client.cookies[COOKIE].value
    other = factories.SellerMemberFactory(seller=factories.SellerFactory()).user
    seller_client.force_login(other)
    seller_client.get(reverse("catalogue:index"))
    assert seller_client.cookies[COOKIE].value == ""  # deleted
    seller_client.get(reverse("backoffice:home"))
    assert seller_client.cookies[COOKIE].value
    signed_out = seller_client.post(reverse("customer:logout"))
    assert signed_out.cookies[COOKIE].value == ""


def test_the_same_person_keeps_the_cookie_on_storefront_pages(seller_client):
    # Positive control for the test above: nothing is dropped while the same seller browses.
    seller_client.get(reverse("backoffice:home"))
    key = seller_client.cookies[COOKIE].value
    response = seller_client.get(reverse("catalogue:index"))
    assert COOKIE not in response.cookies
    assert seller_client.cookies[COOKIE].value == key


def test_manifest_names_the_channel_in_vietnamese_and_its_icons(client):
    data = json.loads(client.get(reverse("backoffice:manifest")).content)
    assert data["name"] == "Kênh người bán Chợ Làng"
    assert data["scope"] == data["start_url"] == reverse("backoffice:home")
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_worker_is_small_and_lists_the_shell(client):
    response = client.get(reverse("backoffice:service_worker"))
    assert response["Content-Type"].startswith("text/javascript")
    assert len(response.content) <= 10 * 1024
    assert reverse("backoffice:offline").encode() in response.content


def test_offline_page_shows_nothing_personal(seller_client):
    html = seller_client.get(reverse("backoffice:offline")).content.decode()
    assert "Không có sóng" in html
    assert "csrfmiddlewaretoken" not in html
    assert reverse("customer:logout") not in html
