"""Provinces and communes are listed the way a Vietnamese reader looks for them."""

import pytest

from marketplace.places.models import Commune, Province
from marketplace.text import sorted_vietnamese
from sellers.forms import ApplicationForm, JoinTeamForm, TeamMemberForm

pytestmark = pytest.mark.django_db


def test_vietnamese_alphabet_then_tones():
    names = ["Vĩnh Long", "Đồng Tháp", "Dak Lak", "Cao Bằng", "Cà Mau", "An Giang", "Ấp", "Ẩn"]
    assert sorted_vietnamese(names) == [
        "An Giang",
        "Ẩn",
        "Ấp",
        "Cà Mau",
        "Cao Bằng",
        "Dak Lak",
        "Đồng Tháp",
        "Vĩnh Long",
    ]


def labels(field):
    return [label for value, label in field.choices if value != ""]


def test_province_lists_put_dong_thap_before_vinh_long():
    for form in (ApplicationForm(), JoinTeamForm()):
        provinces = labels(form.fields["province"])
        assert len(provinces) == Province.objects.count() == 34
        assert provinces.index("Đồng Tháp") < provinces.index("Vĩnh Long")
        assert provinces == sorted_vietnamese(provinces)


def test_commune_list_of_a_province_is_in_vietnamese_order():
    province = Province.objects.get(name="Tuyên Quang")
    form = JoinTeamForm(province_id=province.pk)
    names = dict(Commune.objects.filter(province=province).values_list("pk", "name"))
    communes = [names[int(str(value))] for value, _ in form.fields["commune"].choices if value]
    assert len(communes) == len(names)
    assert communes == sorted_vietnamese(communes)


def test_the_three_vinh_tuy_communes_each_say_their_province():
    vinh_tuy = Commune.objects.filter(name="Vĩnh Tuy")
    assert vinh_tuy.values("province").distinct().count() >= 2
    form = TeamMemberForm(communes=vinh_tuy)
    shown = labels(form.fields["commune"])
    assert len(set(shown)) == vinh_tuy.count()
    assert all(
        label.startswith("Xã Vĩnh Tuy, ") or label.startswith("Phường Vĩnh Tuy, ")
        for label in shown
    )
