"""Addresses are province → commune, validated against the official units."""

import pytest

from marketplace.address.forms import UserAddressForm
from marketplace.checkout.forms import ShippingAddressForm
from tests.factories import UserFactory, commune

pytestmark = pytest.mark.django_db


def address_data(**overrides):
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    data = {
        "last_name": "Nguyễn Thị",
        "first_name": "Chúc",
        "phone_number": "0912 345 678",
        "province": str(place.province_id),
        "commune": str(place.pk),
        "line1": "Thôn Tân Lập",
        "line2": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_a_user_address_saves_commune_and_province_in_vietnam():
    form = UserAddressForm(UserFactory(), data=address_data())
    assert form.is_valid(), form.errors
    address = form.save()
    assert address.country.iso_3166_1_a2 == "VN"
    assert address.commune.name == "Vĩnh Tuy"
    assert address.state == "Tỉnh Tuyên Quang"
    assert "Xã Vĩnh Tuy" in address.summary
    assert str(address.phone_number) == "+84912345678"


def test_commune_list_only_holds_the_chosen_provinces_communes():
    form = UserAddressForm(UserFactory(), data=address_data(commune=""))
    assert not form.is_valid()
    communes = form.fields["commune"].queryset
    assert communes.exists()
    assert set(communes.values_list("province__name", flat=True)) == {"Tuyên Quang"}
    # Nothing typed is lost: the form re-renders with the buyer's data.
    assert form["line1"].value() == "Thôn Tân Lập"


def test_a_commune_of_another_province_is_refused_clearly():
    other = commune("Bảo Nhai", "Lào Cai")
    form = ShippingAddressForm(data=address_data(commune=str(other.pk)))
    assert not form.is_valid()
    assert "Chọn một xã/phường thuộc tỉnh/thành phố đã chọn" in str(form.errors["commune"])


def test_without_a_province_no_commune_can_be_chosen():
    form = ShippingAddressForm(data=address_data(province=""))
    assert not form.is_valid()
    assert not form.fields["commune"].queryset.exists()
    assert "province" in form.errors


def test_shipping_address_form_has_no_district_state_or_postcode():
    form = ShippingAddressForm()
    assert {"state", "postcode", "line4", "country"}.isdisjoint(form.fields)
    assert {"province", "commune"} <= set(form.fields)


def test_adding_an_address_already_in_the_book_says_so(client):
    user = UserFactory()
    client.force_login(user)
    first = client.post("/accounts/addresses/add/", address_data())
    assert first.status_code == 302
    again = client.post("/accounts/addresses/add/", address_data())
    assert again.status_code == 200
    assert "Địa chỉ này đã tồn tại trên sổ địa chỉ" in again.content.decode()
    assert user.addresses.count() == 1


def test_shipping_to_an_address_id_not_ones_own_is_not_found(client):
    from django.urls import reverse

    from tests.factories import sellable_product

    owner = UserFactory()
    form = UserAddressForm(owner, data=address_data())
    assert form.is_valid(), form.errors
    theirs = form.save()
    buyer = UserFactory()
    mine = UserAddressForm(buyer, data=address_data(line1="Bản Mông"))
    assert mine.is_valid(), mine.errors
    mine = mine.save()
    client.force_login(buyer)
    client.post(reverse("basket:add", kwargs={"pk": sellable_product().pk}), {"quantity": 1})
    url = reverse("checkout:shipping-address")
    for address_id in (str(theirs.pk), "999999", "abc"):
        response = client.post(url, {"address_id": address_id, "action": "ship_to"})
        assert response.status_code == 404, address_id
    # Positive control: the buyer's own address is shipped to.
    response = client.post(url, {"address_id": str(mine.pk), "action": "ship_to"})
    assert response.status_code == 302 and response.url == reverse("checkout:preview")
