"""Report figures against values computed by hand from the fixture (see conftest)."""

import datetime

import pytest

from marketplace.ledger.models import LedgerEntry
from marketplace.reports import periods
from marketplace.reports.periods import Period
from marketplace.reports.report import area_report, expiring_certificates, seller_report
from marketplace.reports.selectors import Scope
from tests.reports.world import vn

MARCH, APRIL = Period(2026, 3), Period(2026, 4)
Q1, Q2 = Period(2026, 1, 3), Period(2026, 4, 3)


def commune_report(world, period, which="a"):
    return area_report(Scope("commune", getattr(world, which).pk), period)


def test_periods_use_vietnam_midnight():
    assert periods.parse("2026-03").end == datetime.datetime(
        2026, 3, 31, 17, 0, tzinfo=datetime.UTC
    )
    assert periods.parse("2026-Q1") == Q1 and Q1.end == APRIL.start
    assert Q2.previous() == Q1 and MARCH.previous() == Period(2026, 2)
    assert Period(2026, 1).previous() == Period(2025, 12)
    assert [p.key for p in APRIL.months_back(3)] == ["2026-02", "2026-03", "2026-04"]
    assert periods.month_of(vn(3, 31, 23, 30)) == MARCH
    assert periods.quarter_of(vn(4, 1, 0, 15)) == Q2
    with pytest.raises(periods.PeriodError):
        periods.parse("2026-13")


def test_march_commune_totals_are_the_hand_computed_ones(world):
    totals = commune_report(world, MARCH)["totals"]
    assert totals == {
        "gmv": 450000,
        "items": 6,
        "orders": 3,
        "sellers_applied": 1,
        "sellers_approved": 1,
        "sellers_suspended": 0,
        "sellers_active": 2,
        "products_listed": 2,
        "products_new": 1,
        "cod_refusals": 0,
        "cod_refused_value": 0,
        "lives_held": 1,
        "live_orders": 1,
        "live_gmv": 200000,
        "helper_actions": 2,
        "sellers_helped": 1,
    }


def test_order_at_2330_on_the_last_day_counts_in_that_month(world):
    march = commune_report(world, MARCH)
    s2 = next(r for r in march["by_seller"] if r["id"] == world.s2.pk)
    assert (s2["gmv"], s2["items"], s2["orders"]) == (150000, 3, 1)


def test_refund_is_subtracted_in_the_month_it_was_made(world):
    april = commune_report(world, APRIL)
    assert april["totals"]["gmv"] == 50000
    assert april["totals"]["items"] == 0
    assert april["totals"]["orders"] == 1
    by_seller = {r["id"]: (r["gmv"], r["items"], r["orders"]) for r in april["by_seller"]}
    assert by_seller == {world.s1.pk: (100000, 1, 1), world.s2.pk: (-50000, -1, 0)}
    assert april["totals"]["cod_refusals"] == 1
    assert april["totals"]["cod_refused_value"] == 100000
    assert april["totals"]["sellers_suspended"] == 1


def test_cancelled_and_refused_parts_bring_no_revenue_but_show_in_statuses(world):
    march, april = commune_report(world, MARCH), commune_report(world, APRIL)
    assert march["by_status"] == {"delivered": 3, "cancelled": 1}
    assert april["by_status"] == {"delivered": 1, "refused": 1}
    methods = {r["method"]: (r["orders"], r["gmv"]) for r in march["by_method"]}
    assert methods == {"cod": (1, 200000), "vietqr": (2, 250000)}
    methods = {r["method"]: (r["orders"], r["gmv"]) for r in april["by_method"]}
    assert methods == {"stripe": (1, 100000), "vietqr": (0, -50000)}


def test_product_groups_and_ocop_stars(world):
    march, april = commune_report(world, MARCH), commune_report(world, APRIL)
    assert {r["group"]: (r["gmv"], r["items"]) for r in march["by_group"]} == {
        "beverage": (300000, 3),
        "food": (150000, 3),
    }
    assert {r["group"]: r["gmv"] for r in april["by_group"]} == {
        "beverage": 100000,
        "food": -50000,
    }
    # P2's 3★ certificate was issued on 2 April: not yet valid at the end of March.
    assert march["ocop_stars"] == [[1, 0], [2, 0], [3, 0], [4, 1], [5, 0]]
    assert april["ocop_stars"] == [[1, 0], [2, 0], [3, 1], [4, 1], [5, 0]]


def test_quarters_split_at_the_vietnam_midnight(world):
    q1, q2 = commune_report(world, Q1), commune_report(world, Q2)
    assert (q1["totals"]["gmv"], q1["totals"]["orders"]) == (450000, 3)
    assert (q2["totals"]["gmv"], q2["totals"]["orders"]) == (50000, 1)
    assert q2["previous"]["gmv"] == 450000
    assert q1["previous"]["gmv"] == 0


@pytest.mark.parametrize("period", [MARCH, APRIL, Q1, Q2])
@pytest.mark.parametrize("which", ["a", "b"])
def test_sum_over_sellers_equals_the_commune_total(world, period, which):
    report = commune_report(world, period, which)
    for figure in ("gmv", "items", "orders"):
        assert sum(r[figure] for r in report["by_seller"]) == report["totals"][figure]
    assert sum(r["gmv"] for r in report["by_group"]) == report["totals"]["gmv"]
    assert sum(r["gmv"] for r in report["by_method"]) == report["totals"]["gmv"]
    assert sum(r["orders"] for r in report["by_method"]) == report["totals"]["orders"]


def test_commune_b_sees_only_its_seller_share_of_a_mixed_order(world):
    march = commune_report(world, MARCH, "b")
    assert march["totals"]["gmv"] == 70000
    assert [r["id"] for r in march["by_seller"]] == [world.s3.pk]
    assert commune_report(world, APRIL, "b")["totals"]["gmv"] == 140000


def test_previous_period_and_twelve_month_trend(world):
    april = commune_report(world, APRIL)
    assert april["previous"]["gmv"] == 450000 and april["previous"]["orders"] == 3
    assert len(april["trend"]) == 12
    assert april["trend"][0]["month"] == "2025-05"
    assert april["trend"][-2] == {"month": "2026-03", "gmv": 450000, "items": 6, "orders": 3}
    assert april["trend"][-1] == {"month": "2026-04", "gmv": 50000, "items": 0, "orders": 1}
    assert sum(m["gmv"] for m in april["trend"]) == 500000


def test_operator_report_across_communes_with_money(world):
    LedgerEntry.objects.create(seller=world.s1, kind="sale", amount=200000, created_at=vn(3, 12))
    LedgerEntry.objects.create(
        seller=world.s1, kind="commission", amount=-10000, created_at=vn(3, 12)
    )
    report = area_report(Scope("all"), MARCH)
    assert report["totals"]["gmv"] == 520000
    assert [(r["id"], r["gmv"]) for r in report["by_commune"]] == [
        (world.a.pk, 450000),
        (world.b.pk, 70000),
    ]
    assert [(r["name"], r["gmv"]) for r in report["by_province"]] == [("Tuyên Quang", 520000)]
    assert report["commission"] == 10000
    assert report["payouts_due"] == {"count": 1, "total": 190000}
    province = area_report(Scope("province", world.a.province_id), MARCH)
    assert province["totals"]["gmv"] == 520000


def test_expiring_certificates_list_the_soonest(world):
    soon = expiring_certificates(Scope("all"), today=datetime.date(2027, 12, 1))
    assert [c["product"] for c in soon] == [world.p1.title]  # P1 expires 1 Jan 2028
    assert expiring_certificates(Scope("all"), today=datetime.date(2027, 6, 1)) == []


def test_seller_report_by_day_and_best_products(world):
    data = seller_report(world.s1, MARCH, "day")
    assert data["totals"] == {"gmv": 300000, "items": 3, "orders": 2}
    assert len(data["series"]) == 31
    by_day = {row["day"]: (row["gmv"], row["orders"]) for row in data["series"] if row["gmv"]}
    assert by_day == {"2026-03-10": (200000, 1), "2026-03-15": (100000, 1)}
    assert [(p["title"], p["gmv"], p["items"]) for p in data["best"]] == [
        (world.p1.title, 300000, 3)
    ]
    assert data["by_status"] == {"delivered": 2, "cancelled": 1}
    assert [(live["title"], live["orders"]) for live in data["lives"]] == [("Sao chè trực tiếp", 2)]


def test_seller_report_by_week_and_month(world):
    weeks = seller_report(world.s2, APRIL, "week")["series"]
    assert len(weeks) == 13 and weeks[-1]["day"] == "2026-04-27"
    # The refund of 3 April falls in the week starting Monday 30 March.
    week = next(w for w in weeks if w["day"] == "2026-03-30")
    assert (week["gmv"], week["orders"]) == (100000, 1)  # 150.000 on 31/03 − 50.000
    months = seller_report(world.s2, APRIL, "month")["series"]
    assert [(m["month"], m["gmv"]) for m in months[-2:]] == [
        ("2026-03", 150000),
        ("2026-04", -50000),
    ]


def test_report_queries_do_not_grow_with_orders(world, django_assert_max_num_queries):
    from tests.reports.world import make_order

    with django_assert_max_num_queries(40):
        commune_report(world, MARCH)
    for day in range(1, 20):
        make_order(vn(3, day), [(world.s1, world.p1, 1, 100000, "delivered")], "cod")
    with django_assert_max_num_queries(40):
        report = commune_report(world, MARCH)
    assert report["totals"]["gmv"] == 450000 + 19 * 100000


def test_chart_is_accessible_svg_with_labels():
    from django.utils import translation

    from marketplace.reports.charts import Point, bar_line_chart, compact, describe

    points = [Point("03/26", "Tháng 3/2026", 450000, 3), Point("04/26", "Tháng 4/2026", 50000, 1)]
    with translation.override("vi"):
        desc = describe(points, "Doanh thu")
        svg = bar_line_chart(points, chart_id="c", title="Doanh thu", desc=desc, line_name="Đơn")
        assert compact(2158369000) == "2,2 tỷ"
    assert svg.startswith("<svg") and 'aria-labelledby="c-t c-d"' in svg
    assert '<title id="c-t">Doanh thu</title>' in svg
    desc = desc.replace("\xa0", " ")
    assert "500.000 ₫" in desc and "cao nhất Tháng 3/2026 (450.000 ₫)" in desc
    assert svg.count('<rect class="bar"') == 3  # two bars and the legend
    assert "<polyline" in svg and "style=" not in svg
