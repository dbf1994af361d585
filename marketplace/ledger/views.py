"""Operator pages for money owed to sellers: payout batches per period (CSV with bank
details, marked paid once transferred), the period report, commission rates."""

import datetime

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.payments.access import operator_required
from marketplace.payments.forms import PeriodForm
from marketplace.security.spreadsheet import csv_response

from . import selectors, services
from .forms import CommissionForm, MarkPaidForm
from .models import PayoutBatch


def _last_month() -> dict:
    first = timezone.localdate().replace(day=1)
    end = first - datetime.timedelta(days=1)
    return {"start": end.replace(day=1), "end": end}


@operator_required
def payouts(request):
    """Batches so far; choose a finished period to pay every seller owed money."""
    form = PeriodForm(request.POST or request.GET or None, initial=_last_month())
    preview = []
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if request.method == "POST":
            try:
                batch, missing = services.create_payout_batch(
                    period_start=start, period_end=end, actor=request.user
                )
            except services.LedgerError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Payout batch created."))
                for seller in missing:
                    messages.warning(
                        request,
                        _("%(seller)s is owed money but has no bank account: left out.")
                        % {"seller": seller.display_name},
                    )
                return redirect("payments:payout-batch", pk=batch.pk)
        preview = list(selectors.payout_report(start, end))
    context = {"form": form, "preview": preview, "batches": selectors.batches()[:24]}
    return render(request, "ledger/payouts.html", context)


@operator_required
def payout_batch(request, pk):
    batch = get_object_or_404(PayoutBatch, pk=pk)
    form = MarkPaidForm(request.POST or None)
    context = {
        "batch": batch,
        "payouts": selectors.batch_payouts(batch),
        "form": form,
    }
    return render(request, "ledger/batch.html", context)


@operator_required
@require_POST
def mark_paid(request, pk):
    batch = get_object_or_404(PayoutBatch, pk=pk)
    form = MarkPaidForm(request.POST)
    if form.is_valid():
        try:
            services.mark_batch_paid(
                batch=batch, actor=request.user, bank_reference=form.cleaned_data["bank_reference"]
            )
            messages.success(request, _("Batch marked as paid."))
        except services.LedgerError as exc:
            messages.error(request, str(exc))
    return redirect("payments:payout-batch", pk=batch.pk)


@operator_required
def payout_batch_csv(request, pk):
    """One row per bank transfer to make: what the bank's bulk-transfer sheet needs."""
    batch = get_object_or_404(PayoutBatch, pk=pk)
    response, writer = csv_response(f"payout-batch-{batch.pk}.csv")
    writer.writerow(
        ["seller", "bank_bin", "account_number", "account_holder", "amount", "memo", "phone"]
    )
    for payout in selectors.batch_payouts(batch):
        writer.writerow(
            [
                payout.seller.display_name,
                payout.bank_bin,
                payout.bank_account_number,
                payout.bank_account_holder,
                int(payout.amount),
                f"CHOLANG TT{batch.pk} {payout.period_start:%m%Y}",
                payout.seller.phone,
            ]
        )
    return response


@operator_required
def payout_csv(request):
    """Every seller's movements in a period and balance at its end."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Start and end dates (YYYY-MM-DD) are required."))
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response, writer = csv_response(f"payouts-{start}-{end}.csv")
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
    for seller in selectors.payout_report(start, end):
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


@operator_required
def commissions(request):
    """The platform's commission for each kind of seller."""
    form = CommissionForm(request.POST or None, rates=selectors.commission_rates())
    if request.method == "POST" and form.is_valid():
        try:
            for kind, rate in form.rates().items():
                services.set_commission_rate(seller_kind=kind, rate=rate, actor=request.user)
        except services.LedgerError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Commission rates saved. They apply to new sales."))
            return redirect("payments:commissions")
    return render(request, "ledger/commissions.html", {"form": form})
