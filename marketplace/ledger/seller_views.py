"""The seller's money: the month's statement on screen and as CSV (the same rows)."""

import datetime

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from marketplace.security.spreadsheet import csv_response
from sellers.access import seller_required

from .statement import csv_rows, recent_months, seller_statement


def _month(request) -> datetime.date:
    months = recent_months()
    raw = request.GET.get("month", "")
    if not raw:
        return months[0]
    try:
        chosen = datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        chosen = None
    if chosen not in months:
        messages.error(request, _("Choose one of the last 12 months."))
        return months[0]
    return chosen


@seller_required
def statement(request):
    seller = request.seller_context.seller
    month = _month(request)
    context = {
        "ctx": request.seller_context,
        "seller": seller,
        "statement": seller_statement(seller, month),
        "months": recent_months(),
        "month": month,
    }
    return render(request, "ledger/seller_statement.html", context)


@seller_required
def statement_csv(request):
    seller = request.seller_context.seller
    month = _month(request)
    response, writer = csv_response(f"sao-ke-{month:%Y-%m}.csv")
    writer.writerows(csv_rows(seller_statement(seller, month)))
    return response
