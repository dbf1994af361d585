"""Adding an address to the address book, with and without JavaScript."""

import json

import pytest
from django.test import Client

from tests.factories import UserFactory, commune

ADD = "/accounts/addresses/add/"


def _typed(place, **extra):
    return {
        "last_name": "Nguyễn Thị",
        "first_name": "Chúc",
        "phone_number": "0912 345 678",
        "province": str(place.province_id),
        "commune": "",
        "line1": "Thôn Tân Lập",
        "line2": "",
        "notes": "Gọi trước khi giao",
        **extra,
    }


@pytest.mark.django_db
def test_without_javascript_the_province_button_fills_the_communes_and_keeps_the_form(client):
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    commune("Bảo Nhai", "Lào Cai")
    user = UserFactory()
    client.force_login(user)
    page = client.get(ADD).content.decode()
    assert 'name="choose_province"' in page and "formnovalidate" in page
    # The still-empty commune list must not stop the button (a "required" would).
    commune_select = page.split('name="commune"')[0].rsplit("<select", 1)[1]
    assert "required" not in commune_select
    shown = client.post(ADD, {**_typed(place), "choose_province": "1"})
    body = shown.content.decode()
    assert shown.status_code == 200 and user.addresses.count() == 0
    assert "Vĩnh Tuy" in body and "Bảo Nhai" not in body
    assert 'value="Thôn Tân Lập"' in body and "Gọi trước khi giao" in body
    assert "invalid-feedback" not in body and "is-invalid" not in body  # no errors yet
    # The button comes first in the form, so Enter presses it: a complete form is saved.
    saved = client.post(ADD, {**_typed(place, commune=str(place.pk)), "choose_province": "1"})
    assert saved.status_code == 302
    assert user.addresses.get().commune == place


@pytest.mark.django_db
def test_the_communes_of_a_province_in_vietnamese_order(client):
    for name in ("Yên Sơn", "Đông Thọ", "An Tường", "Vĩnh Tuy"):
        place = commune(name, "Tuyên Quang")
    commune("Bảo Nhai", "Lào Cai")
    answer = client.get(f"/dia-chi/xa/?tinh={place.province_id}")
    labels = [label for _pk, label in json.loads(answer.content)["communes"]]
    names = [label.split(", ")[0].split(" ", 1)[1] for label in labels]  # "Xã An Tường, …"
    mine = [name for name in names if name in {"Yên Sơn", "Đông Thọ", "An Tường", "Vĩnh Tuy"}]
    assert mine == ["An Tường", "Đông Thọ", "Vĩnh Tuy", "Yên Sơn"]
    assert "Bảo Nhai" not in names
    assert "Xã Vĩnh Tuy, Tuyên Quang" in labels  # as the form without JavaScript shows it
    assert "public" in answer["Cache-Control"]
    for bad in ("", "abc", "999999"):
        assert json.loads(client.get(f"/dia-chi/xa/?tinh={bad}").content) == {"communes": []}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_javascript_choosing_the_province_lists_its_communes(live_server, browser_context):
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    commune("Bảo Nhai", "Lào Cai")
    user = UserFactory()
    django_client = Client()
    django_client.force_login(user)
    context = browser_context.context
    session = django_client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + ADD)
    assert page.locator("[data-communes-button]").count() == 0  # the script fills the list
    page.get_by_label("Họ và tên đệm").fill("Nguyễn Thị")
    page.get_by_label("Tên", exact=True).fill("Chúc")
    page.locator("select[name=province]").select_option(str(place.province_id))
    page.locator("select[name=commune]").select_option(str(place.pk))
    page.get_by_label("Số nhà, thôn/xóm hoặc đường").fill("Thôn Tân Lập")
    page.locator("input[name=phone_number]").fill("0912345678")
    form = page.locator("form:has(select[name=province])")
    form.locator("button[type=submit]:not([data-communes-button])").click()
    page.wait_for_url("**/accounts/addresses/")
    assert user.addresses.get().commune == place
    assert not errors
