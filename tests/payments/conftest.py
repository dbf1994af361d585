"""Checkout fixtures."""

import pytest


@pytest.fixture
def admin_units(db):
    """The commune the factories use, recreated if a transactional test flushed it.

    Transactional tests (threads, live server) flush tables at teardown; communes are
    loaded by a migration, so a test after such a flush may not find them.
    """
    from marketplace.places.models import Commune, Province

    province, _ = Province.objects.get_or_create(
        name="Tuyên Quang",
        defaults={"code": "08", "kind": "tinh", "slug": "tuyen-quang", "dataset_version": "t"},
    )
    Commune.objects.get_or_create(
        name="Vĩnh Tuy",
        province=province,
        defaults={"code": "02509", "kind": "xa", "search_name": "vinh tuy", "dataset_version": "t"},
    )
    from oscar.core.loading import get_model

    get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Socialist Republic of Viet Nam",
            "is_shipping_country": True,
        },
    )
