"""Report pages and CSV files for commune staff, sellers and the operator.

Who sees what: commune staff only the communes they are staff of (any other commune is
refused, on pages and CSV alike); a seller (or a helper acting for it) only its own shop;
the operator (a superuser, as for payouts and refunds) everything. Anonymous visitors go to sign-in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.operations.access import is_operator, operator_required
from marketplace.places.models import Commune, Province
from marketplace.text import sorted_vietnamese
from sellers.access import seller_required, staff_communes

from . import exports, periods, present
from .report import seller_report
from .selectors import TIME_KINDS, Scope
from .snapshots import request_snapshot


def _signin(view):
    return login_required(view, login_url=settings.SELLER_SIGNIN_URL)


def _int(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def _period(request) -> periods.Period:
    try:
        return periods.parse(request.GET.get("period"))
    except periods.PeriodError as exc:
        messages.error(request, str(exc))
        return periods.month_of()


def _commune(request) -> tuple[Commune, list[Commune]]:
    """The commune asked for, if this user may see it, and the communes to choose from."""
    wanted = _int(request.GET.get("commune"))
    if is_operator(request.user):
        if wanted is None:
            raise Http404
        return get_object_or_404(Commune.objects.select_related("province"), pk=wanted), []
    mine = list(staff_communes(request.user).select_related("province").order_by("name"))
    if not mine:
        raise PermissionDenied
    if wanted is None:
        return mine[0], mine
    for commune in mine:
        if commune.pk == wanted:
            return commune, mine
    raise PermissionDenied


def _snapshot_context(request, scope: Scope, period: periods.Period) -> dict:
    snapshot = request_snapshot(scope=scope, period=period)
    query = request.GET.copy()
    query.pop("print", None)
    context = {
        "snapshot": snapshot,
        "period": period,
        "period_choices": periods.choices(),
        "printable": request.GET.get("print") == "1",
        "query": query.urlencode(),
    }
    if snapshot.has_data:
        context.update(present.area_context(snapshot.data))
        rows = context["by_seller"]
        context.update(data=snapshot.data, seller_rows=rows if context["printable"] else rows[:50])
    return context


@_signin
def commune_page(request):
    commune, communes = _commune(request)
    period = _period(request)
    context = _snapshot_context(request, Scope("commune", commune.pk), period)
    context.update(
        commune=commune,
        communes=communes,
        csv_url=_csv_url(request, commune, period),
        can_recompute=is_operator(request.user),
    )
    return render(request, "reports/commune.html", context)


def _csv_url(request, commune, period) -> str:
    query = urlencode({"commune": commune.pk, "period": period.key})
    return f"{reverse('commune:reports:csv')}?{query}"


@_signin
def commune_csv(request):
    commune, _communes = _commune(request)
    period = _period(request)
    snapshot = request_snapshot(scope=Scope("commune", commune.pk), period=period)
    if not snapshot.has_data:
        messages.info(request, _("The report is still being prepared. Try again in a moment."))
        return redirect(f"{reverse('commune:reports:page')}?{request.GET.urlencode()}")
    response, writer = exports.csv_response(f"bao-cao-xa-{commune.code}-{period.key}.csv")
    title = _("Report of %(commune)s") % {"commune": commune}
    exports.write_area(writer, snapshot.data, title=title)
    return response


def _operator_scope(request) -> tuple[Scope, Province | None]:
    province_id = _int(request.GET.get("province"))
    if province_id is None:
        return Scope("all"), None
    province = get_object_or_404(Province, pk=province_id)
    return Scope("province", province.pk), province


@operator_required
def operator_page(request):
    scope, province = _operator_scope(request)
    period = _period(request)
    context = _snapshot_context(request, scope, period)
    query = {"period": period.key, **({"province": province.pk} if province else {})}
    context.update(
        province=province,
        provinces=sorted_vietnamese(Province.objects.all(), name=lambda p: p.name),
        csv_url=f"{reverse('operations:reports-csv')}?{urlencode(query)}",
    )
    return render(request, "reports/operator.html", context)


@operator_required
def operator_csv(request):
    scope, province = _operator_scope(request)
    period = _period(request)
    snapshot = request_snapshot(scope=scope, period=period)
    if not snapshot.has_data:
        messages.info(request, _("The report is still being prepared. Try again in a moment."))
        return redirect(f"{reverse('operations:reports')}?{request.GET.urlencode()}")
    name = f"bao-cao-{province.slug if province else 'toan-san'}-{period.key}.csv"
    response, writer = exports.csv_response(name)
    title = _("Report of %(area)s") % {"area": province or _("the whole marketplace")}
    exports.write_area(writer, snapshot.data, title=title)
    return response


@require_POST
@operator_required
def operator_recompute(request):
    """Compute a report again now, even a settled one (after a late correction)."""
    scope, _province = _operator_scope(request)
    commune_id = _int(request.POST.get("commune"))
    if commune_id is not None:
        scope = Scope("commune", get_object_or_404(Commune, pk=commune_id).pk)
    try:
        period = periods.parse(request.POST.get("period"))
    except periods.PeriodError as exc:
        messages.error(request, str(exc))
        return redirect("operations:reports")
    request_snapshot(scope=scope, period=period, force=True)
    messages.success(request, _("The report is being computed again."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("operations:reports")
    return redirect(target)


@seller_required
def seller_page(request):
    seller = request.seller_context.seller
    period = _period(request)
    by = request.GET.get("by") or "day"
    if by not in TIME_KINDS:
        messages.error(request, _("Choose days, weeks or months."))
        by = "day"
    data = seller_report(seller, period, by)
    title = {
        "day": _("Revenue and orders per day"),
        "week": _("Revenue and orders per week (13 weeks)"),
        "month": _("Revenue and orders per month (12 months)"),
    }[by]
    points = (
        present.month_points(data["series"])
        if by == "month"
        else present.day_points(data["series"], by)
    )
    by_status = sorted(
        ({"label": present.status_label(k), "count": v} for k, v in data["by_status"].items()),
        key=lambda r: -r["count"],
    )
    context = {
        "seller": seller,
        "ctx": request.seller_context,
        "period": period,
        "period_choices": periods.choices(),
        "by": by,
        "data": data,
        "headlines": present.headlines(data["totals"], data["previous"], present.SELLER_HEADLINES),
        "by_status": by_status,
        "chart": present.chart(points, chart_id="sales", title=title),
    }
    return render(request, "reports/seller.html", context)
