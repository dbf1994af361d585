"""``manage.py check --deploy --database default``: what only the database can tell.

An empty commission table and demo accounts that still open with the published password
are refused; each check is shown to pass once the operator has fixed it.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from marketplace.demo import data as demo
from marketplace.ledger.models import CommissionRate
from marketplace.operations import checks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ids():
    return {error.id for error in checks.demo_data(None, databases=["default"])}


def test_an_empty_commission_table_is_refused_until_a_rate_is_set():
    CommissionRate.objects.all().delete()
    assert "ops.E201" in _ids()
    CommissionRate.objects.create(seller_kind="household", rate=Decimal("0.05"))
    assert "ops.E201" not in _ids()


def test_a_demo_account_with_the_published_password_is_refused():
    CommissionRate.objects.create(seller_kind="household", rate=Decimal("0.05"))
    operator = UserFactory(email="admin@cholang.vn", is_superuser=True, is_staff=True)
    operator.set_password(demo.DEMO_PASSWORD)
    operator.save()
    errors = checks.demo_data(None, databases=["default"])
    assert [e.id for e in errors] == ["ops.E202"]
    assert "admin@cholang.vn still signs in with the published demo password" in errors[0].msg
    operator.set_password("a-real-and-long-password-2026")
    operator.save()
    assert _ids() == set()


def test_the_database_checks_run_with_the_deploy_check(settings):
    CommissionRate.objects.all().delete()
    with pytest.raises(SystemCheckError, match="ops.E201"):
        call_command("check", deploy=True, databases=["default"], fail_level="ERROR")


def test_without_a_database_the_deploy_check_does_not_query_it(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert checks.demo_data(None, databases=None) == []
