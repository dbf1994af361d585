"""Operator: payout report per period as CSV, with bank details for the transfers."""

import csv

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse, HttpResponseBadRequest

from marketplace.payments.forms import PeriodForm

from .selectors import payout_report


@staff_member_required
def payout_csv(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("start and end dates (YYYY-MM-DD) are required")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payouts-{start}-{end}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read Vietnamese names correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            "seller",
            "kind",
            "phone",
            "bank_bin",
            "account_number",
            "account_holder",
            "period_movements",
            "balance_at_end",
        ]
    )
    for seller in payout_report(start, end):
        writer.writerow(
            [
                seller.display_name,
                seller.kind,
                seller.phone,
                seller.bank_bin,
                seller.bank_account_number,
                seller.bank_account_holder,
                int(seller.period_total or 0),
                int(seller.balance_at_end or 0),
            ]
        )
    return response
