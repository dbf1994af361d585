"""Report pages and CSV files: who may see what, progress, caching, CSV format."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.reports import snapshots
from marketplace.reports.models import ReportSnapshot
from marketplace.reports.periods import Period
from marketplace.reports.selectors import Scope
from tests.factories import UserFactory

PAGE, CSV = "commune:reports:page", "commune:reports:csv"


def get_ready(client, capture, url, params):
    """First visit queues the computation; once it ran, the next visit shows figures."""
    with capture(execute=True):
        first = client.get(url, params)
    assert first.status_code == 200
    return first, client.get(url, params)


def test_commune_staff_sees_their_commune_with_chart_and_figures(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff_a)
    first, page = get_ready(
        client, django_capture_on_commit_callbacks, reverse(PAGE), {"period": "2026-03"}
    )
    assert b"<progress" in first.content  # shown while the report is computed
    html = page.content.decode()
    assert page.status_code == 200
    assert "<progress" not in html
    assert "Chè Tân Lập" in html and "HTX Mật ong Vĩnh Tuy" in html
    assert "Chuối Ngọc Đường" not in html  # commune B's seller
    assert "450.000" in html  # March revenue of commune A
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img"' in html
    assert '<title id="trend-t">' in html and '<desc id="trend-d">' in html
    assert "style=" not in html.split('id="content_inner"')[1]
    assert html.count("<h1") == 1


def test_staff_of_one_commune_never_get_another_communes_figures(client, world):
    client.force_login(world.staff_a)
    params = {"commune": world.b.pk, "period": "2026-03"}
    assert client.get(reverse(PAGE), params).status_code == 403
    assert client.get(reverse(CSV), params).status_code == 403
    assert not ReportSnapshot.objects.filter(scope="commune", scope_id=world.b.pk).exists()


def test_csv_is_utf8_with_bom_and_only_the_communes_sellers(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff_b)
    params = {"commune": world.b.pk, "period": "2026-03"}
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(reverse(CSV), params)
    assert waiting.status_code == 302  # not computed yet: back to the page
    response = client.get(reverse(CSV), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert "Chuối Ngọc Đường,1,1,70000" in text
    assert "Chè Tân Lập" not in text and "HTX Mật ong" not in text


@pytest.mark.parametrize("name", [PAGE, CSV, "operations:reports", "operations:reports-csv"])
def test_anonymous_visitors_go_to_sign_in(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "next=" in response.url


@pytest.mark.parametrize("name", [PAGE, CSV, "operations:reports", "operations:reports-csv"])
def test_buyers_are_refused(client, world, name):
    client.force_login(UserFactory())
    assert client.get(reverse(name)).status_code == 403


def test_commune_staff_are_not_operators(client, world):
    client.force_login(world.staff_a)
    assert client.get(reverse("operations:reports")).status_code == 403
    assert (
        client.post(reverse("operations:reports-recompute"), {"period": "2026-03"}).status_code
        == 403
    )


def test_operator_sees_every_commune_and_province(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    _, page = get_ready(
        client,
        django_capture_on_commit_callbacks,
        reverse("operations:reports"),
        {"period": "2026-03"},
    )
    html = page.content.decode()
    assert "520.000" in html and "Chuối Ngọc Đường" in html and "Chè Tân Lập" in html
    _, commune_page = get_ready(
        client,
        django_capture_on_commit_callbacks,
        reverse(PAGE),
        {"commune": world.b.pk, "period": "2026-04"},
    )
    assert "140.000" in commune_page.content.decode()


def test_bad_period_shows_a_message_not_an_error(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse(PAGE), {"period": "March"})
    assert response.status_code == 200
    assert "2026-Q1" in response.content.decode() or "2026-03" in response.content.decode()
    assert client.get(reverse(PAGE), {"commune": "x"}).status_code == 404


def test_seller_sees_only_its_own_report(client, world):
    client.force_login(world.owner1)
    response = client.get(reverse("backoffice:reports:page"), {"period": "2026-03", "by": "week"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "300.000" in html and world.p1.title in html
    assert world.p2.title not in html and "150.000" not in html
    assert 'class="report-chart"' in html
    client.force_login(UserFactory())
    assert client.get(reverse("backoffice:reports:page")).status_code == 403


def test_settled_period_is_computed_once_and_kept(world, django_capture_on_commit_callbacks):
    scope, march = Scope("commune", world.a.pk), Period(2026, 3)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.request_snapshot(scope=scope, period=march)
    snap = ReportSnapshot.objects.get(scope="commune", scope_id=world.a.pk, period="2026-03")
    assert snap.state == "ready" and snap.final and snap.data["totals"]["gmv"] == 450000
    ReportSnapshot.objects.filter(pk=snap.pk).update(
        computed_at=timezone.now() - datetime.timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True) as queued:
        snapshots.request_snapshot(scope=scope, period=march)
    assert queued == []  # a settled report is never recomputed on its own


def test_open_period_is_recomputed_when_old(world, settings, django_capture_on_commit_callbacks):
    scope, current = Scope("commune", world.a.pk), snapshots.parse(None)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.request_snapshot(scope=scope, period=current)
    snap = ReportSnapshot.objects.get(period=current.key, scope_id=world.a.pk)
    assert snap.state == "ready" and not snap.final
    with django_capture_on_commit_callbacks(execute=True) as queued:
        snapshots.request_snapshot(scope=scope, period=current)
    assert queued == []  # fresh: kept
    old = timezone.now() - datetime.timedelta(seconds=settings.REPORTS_OPEN_MAX_AGE + 1)
    ReportSnapshot.objects.filter(pk=snap.pk).update(computed_at=old)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = snapshots.request_snapshot(scope=scope, period=current)
    assert len(queued) == 1 and again.state == "queued"
    snap.refresh_from_db()
    assert snap.state == "ready" and snap.computed_at > old


def test_printable_page_has_no_controls(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.staff_a)
    _, page = get_ready(
        client,
        django_capture_on_commit_callbacks,
        reverse(PAGE),
        {"period": "2026-Q1", "print": "1"},
    )
    html = page.content.decode()
    assert 'class="report-controls"' not in html and "Ctrl+P" in html
    assert "reports/reports.css" in html and "450.000" in html


def test_operator_can_force_a_settled_report_to_be_computed_again(
    client, world, django_capture_on_commit_callbacks
):
    scope, march = Scope("commune", world.a.pk), Period(2026, 3)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.request_snapshot(scope=scope, period=march)
    world.orders[1].fulfilments.update(status="refused")  # a very late correction
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("operations:reports-recompute"),
            {"period": "2026-03", "commune": world.a.pk, "next": "https://evil.example/"},
        )
    assert response.status_code == 302 and response.url == reverse("operations:reports")
    snap = ReportSnapshot.objects.get(scope="commune", scope_id=world.a.pk, period="2026-03")
    assert snap.data["totals"]["gmv"] == 250000  # 450.000 without O1's 200.000


def test_helper_acting_for_a_seller_sees_that_sellers_report_only(client, world):
    from sellers.access import ACTING_FOR_SESSION_KEY

    client.force_login(world.helper)
    session = client.session
    session[ACTING_FOR_SESSION_KEY] = world.s1.pk
    session.save()
    html = client.get(reverse("backoffice:reports:page"), {"period": "2026-03"}).content.decode()
    assert "300.000" in html and world.p1.title in html and world.p2.title not in html


def test_chart_text_is_at_least_12_px_on_a_360_px_phone():
    import re

    from marketplace.reports.charts import Point, bar_line_chart

    points = [
        Point(label=f"{d:02d}", long_label=f"ngày {d}", value=d * 1000, line=d)
        for d in range(1, 32)
    ]
    svg = str(bar_line_chart(points, chart_id="c", title="t", desc="d", line_name="Đơn hàng"))
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    sizes = {float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)}
    shown = 336  # a 360 px screen less the page's margins
    assert sizes and min(sizes) * shown / width >= 12
    labels = re.findall(r'text-anchor="middle" font-size="[\d.]+">(\d+)</text>', svg)
    assert 2 <= len(labels) <= 6  # axis labels never crowd each other


def test_a_quiet_period_says_why_its_figures_are_zero(client, world):
    client.force_login(world.owner1)
    quiet = client.get(reverse("backoffice:reports:page"), {"period": "2025-06"})
    assert "các số liệu dưới đây bằng 0 vì chưa có đơn hàng nào" in quiet.content.decode()
    busy = client.get(reverse("backoffice:reports:page"), {"period": "2026-03"})
    assert "bằng 0 vì chưa có đơn hàng nào" not in busy.content.decode()
