"""Vietnam's administrative units after the 1 July 2025 reform, as loaded by ``migrate``."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from marketplace.address.models import Country
from marketplace.places.admin_units import (
    DATA_FILE,
    AdminUnitDataError,
    communes_of,
    find_commune,
    load_admin_units,
    search_key,
)
from marketplace.places.models import AdminUnitDataset, Commune, Province
from marketplace.text import fold

pytestmark = pytest.mark.django_db

VERSION = "2025.10.1"


def _snapshot():
    """Every unit as the database holds it, keyed by primary key."""
    return {
        "provinces": set(Province.objects.values_list("pk", "code", "name", "slug")),
        "communes": set(
            Commune.objects.values_list("pk", "code", "name", "province__code", "search_name")
        ),
    }


def _write_dataset(tmp_path, *, version, edit=None):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["version"] = version
    if edit:
        edit(data)
    path = tmp_path / "units.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- What every installation has after migrate ------------------------------------------


def test_migrate_loads_34_provinces_and_3321_communes():
    assert Province.objects.count() == 34
    assert Counter(Province.objects.values_list("kind", flat=True)) == {
        "tinh": 28,
        "thanh_pho": 6,
    }
    assert Commune.objects.count() == 3321
    assert Counter(Commune.objects.values_list("kind", flat=True)) == {
        "xa": 2621,
        "phuong": 687,
        "dac_khu": 13,
    }


def test_dataset_version_is_recorded_on_the_dataset_and_every_row():
    dataset = AdminUnitDataset.objects.get()
    assert dataset.version == VERSION
    assert dataset.effective_date == dt.date(2025, 7, 1)
    assert (dataset.province_count, dataset.commune_count) == (34, 3321)
    assert "vietnam-provinces" in dataset.source
    assert set(Province.objects.values_list("dataset_version", flat=True)) == {VERSION}
    assert set(Commune.objects.values_list("dataset_version", flat=True)) == {VERSION}


def test_merged_provinces_are_gone_and_their_wards_moved():
    slugs = set(Province.objects.values_list("slug", flat=True))
    assert not slugs & {"ha-giang", "hoa-binh", "vinh-phuc", "yen-bai", "ha-nam"}
    # Wards named after the old provincial capitals now sit in the absorbing province.
    assert Commune.objects.get(code="00694").province.name == "Tuyên Quang"  # Hà Giang 1
    assert Commune.objects.get(code="04795").province.name == "Phú Thọ"  # Hòa Bình
    assert Commune.objects.get(code="08716").province.name == "Phú Thọ"  # Vĩnh Phúc


@pytest.mark.parametrize(
    ("code", "name", "province"),
    [
        ("02890", "Bảo Nhai", "Lào Cai"),  # Bảo Nhai + Cốc Ly + Nậm Đét, Bắc Hà
        ("01156", "Vĩnh Tuy", "Tuyên Quang"),  # Bắc Quang, formerly Hà Giang
        ("00967", "Việt Lâm", "Tuyên Quang"),  # Vị Xuyên, formerly Hà Giang
        ("04960", "Liên Sơn", "Phú Thọ"),  # Lương Sơn, formerly Hòa Bình
    ],
)
def test_seed_communes_resolve_to_their_province_after_the_merge(code, name, province):
    commune = Commune.objects.select_related("province").get(code=code)
    assert (commune.name, commune.kind, commune.province.name) == (name, "xa", province)
    assert find_commune(fold(name), fold(province)) == commune


def test_communes_absorbed_in_2025_are_not_units_any_more():
    # Nam Thượng (Kim Bôi, Hòa Bình) went into xã Hợp Kim and Vũ Di (Vĩnh Tường, Vĩnh Phúc)
    # into xã Vĩnh Tường; both provinces became part of Phú Thọ. A seed naming the old
    # commune must be mapped on purpose, not matched to a namesake.
    assert not Commune.objects.filter(search_name__in=["nam thuong", "vu di"]).exists()
    assert find_commune("Nam Thượng") is None
    assert find_commune("Vũ Di", "Phú Thọ") is None
    assert find_commune("hop kim", "phu tho").code == "05068"
    assert find_commune("vinh tuong", "phu tho").code == "09076"


def test_province_slugs_are_ascii_and_unique():
    slugs = list(Province.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 34
    assert all(slug.isascii() and slug == slug.lower() and " " not in slug for slug in slugs)
    assert Province.objects.get(slug="tuyen-quang").name == "Tuyên Quang"
    ho_chi_minh = Province.objects.get(slug="ho-chi-minh")
    assert (ho_chi_minh.name, ho_chi_minh.kind) == ("Hồ Chí Minh", "thanh_pho")


def test_names_have_no_kind_prefix_and_search_names_are_folded():
    assert Commune.objects.get(code="02890").search_name == "bao nhai"
    for name, search_name in Commune.objects.values_list("name", "search_name"):
        assert not name.startswith(("Xã ", "Phường ", "Đặc khu "))
        assert search_name == fold(name).replace("–", "-").replace("’", "'")
        assert search_name.isascii()
    assert search_key("Cư M’gar") == "cu m'gar"
    assert find_commune("cu m'gar", "dak lak") == Commune.objects.get(name="Cư M’gar")
    assert not Province.objects.filter(name__startswith="Thành phố").exists()


# --- Loader ---------------------------------------------------------------------------------


def test_loading_again_changes_nothing_and_duplicates_nothing():
    before = _snapshot()

    first = load_admin_units()
    second = load_admin_units()

    for summary in (first, second):
        assert (summary.province_count, summary.commune_count) == (34, 3321)
        assert summary.provinces_created == summary.communes_created == 0
        assert summary.provinces_updated == summary.communes_updated == 0
    assert _snapshot() == before
    assert AdminUnitDataset.objects.filter(version=VERSION).count() == 1


def test_loader_repairs_edited_rows_in_place():
    commune = Commune.objects.get(code="02890")
    Commune.objects.filter(pk=commune.pk).update(
        name="Bảo Nhai cũ",
        search_name="bao nhai cu",
        province=Province.objects.get(slug="ha-noi"),
        dataset_version="2024",
    )
    Province.objects.filter(slug="lao-cai").update(name="Lao Cai", dataset_version="2024")

    summary = load_admin_units()

    assert (summary.communes_updated, summary.provinces_updated) == (1, 1)
    commune.refresh_from_db()
    assert (commune.name, commune.search_name, commune.province.name) == (
        "Bảo Nhai",
        "bao nhai",
        "Lào Cai",
    )
    assert commune.dataset_version == VERSION
    assert Commune.objects.count() == 3321


def test_new_dataset_version_is_stamped_and_units_missing_from_it_are_kept(tmp_path):
    lao_cai = Province.objects.get(slug="lao-cai")
    old = Commune.objects.create(
        code="99999",
        name="Xóm Cũ",
        kind="xa",
        province=lao_cai,
        search_name="xom cu",
        dataset_version="2024.1",
    )

    def rename(data):
        row = next(c for c in data["communes"] if c["code"] == "01156")
        row["name"] = "Vĩnh Tuy Mới"

    summary = load_admin_units(path=_write_dataset(tmp_path, version="2026.1", edit=rename))

    assert summary.version == "2026.1"
    assert (summary.communes_created, summary.communes_updated) == (0, 3321)
    assert summary.communes_stale == 1
    assert AdminUnitDataset.objects.filter(version="2026.1", commune_count=3321).exists()
    assert Commune.objects.filter(dataset_version="2026.1").count() == 3321
    renamed = Commune.objects.get(code="01156")
    assert (renamed.name, renamed.search_name) == ("Vĩnh Tuy Mới", "vinh tuy moi")
    old.refresh_from_db()
    assert old.dataset_version == "2024.1"


def test_inconsistent_file_is_refused_before_anything_is_written(tmp_path):
    def orphan(data):
        data["communes"][0]["province"] = "00"

    before = _snapshot()
    with pytest.raises(AdminUnitDataError, match="unknown provinces"):
        load_admin_units(path=_write_dataset(tmp_path, version="broken", edit=orphan))
    assert _snapshot() == before
    assert not AdminUnitDataset.objects.filter(version="broken").exists()


def test_command_reloads_and_prints_counts():
    out = io.StringIO()
    call_command("load_admin_units", stdout=out)
    text = out.getvalue()
    assert f"Dataset {VERSION} (effective 2025-07-01): 34 provinces, 3321 communes" in text
    assert "Communes: 0 created, 0 updated." in text


def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_admin_units", path=str(tmp_path / "missing.json"))


# --- Reads for forms --------------------------------------------------------------------------


def test_find_commune_ignores_diacritics_case_and_kind_words():
    bao_nhai = Commune.objects.get(code="02890")
    assert find_commune("bao nhai", "lao cai") == bao_nhai
    assert find_commune("BAO NHAI") == bao_nhai
    assert find_commune("Xã Bảo Nhai", "Tỉnh Lào Cai") == bao_nhai
    assert find_commune("Côn Đảo", "TP. Hồ Chí Minh").kind == "dac_khu"
    assert find_commune("bao nhai", "tuyen quang") is None
    assert find_commune("") is None


def test_find_commune_needs_the_province_when_the_name_is_shared():
    # Vĩnh Tuy is a ward of Hà Nội and a commune of Tuyên Quang and of An Giang.
    assert find_commune("vinh tuy") is None
    assert find_commune("vinh tuy", "tuyen quang").code == "01156"
    assert find_commune("Phường Vĩnh Tuy", "Hà Nội").code == "00283"


def test_find_commune_uses_the_written_name_when_folding_collides():
    # Thái Nguyên has both Văn Lang and Văn Lăng: "van lang" alone cannot choose.
    assert find_commune("van lang", "thai nguyen") is None
    assert find_commune("Văn Lăng", "Thái Nguyên").code == "05665"
    assert find_commune("văn lang", "Thái Nguyên").code == "02143"


def test_communes_of_a_province_in_alphabetical_order(django_assert_num_queries):
    tuyen_quang = Province.objects.get(slug="tuyen-quang")
    with django_assert_num_queries(1):
        communes = list(communes_of(tuyen_quang))
        labels = [str(c) for c in communes]  # uses the province: must not query per row

    assert len(communes) == Commune.objects.filter(province=tuyen_quang).count()
    assert all(label.endswith(", Tuyên Quang") for label in labels)
    names = [c.name for c in communes]
    # Đ sorts with D, not after Y as a byte-wise sort would put it.
    assert names.index("Cao Bồ") < names.index("Đồng Văn") < names.index("Giáp Trung")
    assert names.index("Giáp Trung") < names.index("Yên Sơn")


# --- Oscar's country list -------------------------------------------------------------------


def test_vietnam_is_the_first_shipping_country():
    vietnam = Country.objects.get(iso_3166_1_a2="VN")
    assert (vietnam.iso_3166_1_a3, vietnam.iso_3166_1_numeric) == ("VNM", "704")
    assert vietnam.printable_name == "Việt Nam"
    assert vietnam.name == "Socialist Republic of Viet Nam"
    assert vietnam.is_shipping_country
    assert Country.objects.filter(is_shipping_country=True).first() == vietnam
