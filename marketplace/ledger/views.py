"""Operator pages for money owed to sellers: payout batches per period (CSV with bank
details, marked paid once transferred), the period report, commission rates."""

import datetime

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.templatetags.currency_filters import currency

from marketplace.operations.access import operator_required
from marketplace.payments import once
from marketplace.payments.forms import PeriodForm
from marketplace.security.spreadsheet import csv_response
from sellers.models import Seller

from . import selectors, services
from .forms import CommissionForm, MarkPaidForm
from .models import PayoutBatch


def _last_month() -> dict:
    first = timezone.localdate().replace(day=1)
    end = first - datetime.timedelta(days=1)
    return {"start": end.replace(day=1), "end": end}


def _expired():
    return HttpResponseBadRequest(_("This form has expired: open the page again."))


def _batch_changes(start, end) -> list[str]:
    owed = [seller for seller in selectors.payout_report(start, end) if seller.owed > 0]
    payable = [seller for seller in owed if services.is_payable(seller)]
    total = sum((seller.owed for seller in payable), 0)
    changes = [
        _("Create a payout batch for %(start)s – %(end)s: %(count)s sellers, %(total)s in all.")
        % {
            "start": f"{start:%d/%m/%Y}",
            "end": f"{end:%d/%m/%Y}",
            "count": len(payable),
            "total": currency(total),
        }
    ]
    changes += [
        _("Pay %(amount)s to %(seller)s.")
        % {"amount": currency(seller.owed), "seller": seller.display_name}
        for seller in payable
    ]
    changes += [
        _("%(seller)s is owed money but has no bank account: left out.")
        % {"seller": seller.display_name}
        for seller in owed
        if not services.is_payable(seller)
    ]
    return changes


def _create_batch(request, start, end):
    if not once.confirmed(request):
        return once.confirm_page(
            request,
            title=_("Create the payout batch"),
            changes=_batch_changes(start, end),
            button=_("Yes, create the batch"),
            back_url=f"{reverse('operations:payouts')}?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        )
    try:
        key = once.key_from(request)
    except once.MissingKey:
        return _expired()

    def apply():
        batch, missing = services.create_payout_batch(
            period_start=start, period_end=end, actor=request.user
        )
        left_out = "".join(
            " "
            + _("%(seller)s is owed money but has no bank account: left out.")
            % {"seller": seller.display_name}
            for seller in missing
        )
        return (
            _("Payout batch %(batch)s created.") % {"batch": batch} + left_out,
            reverse("operations:payout-batch", args=[batch.pk]),
        )

    try:
        outcome = once.run_once(key=key, action="payout_batch", actor=request.user, apply=apply)
    except services.LedgerError as exc:
        messages.error(request, str(exc))
        return None
    return once.respond(request, outcome)


@operator_required
@once.repeat_shows_first_result
def payouts(request):
    """Batches so far; choose a finished period to pay every seller owed money."""
    form = PeriodForm(request.POST or request.GET or None, initial=_last_month())
    preview = []
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if request.method == "POST":
            response = _create_batch(request, start, end)
            if response is not None:
                return response
        preview = list(selectors.payout_report(start, end))
    context = {
        "form": form,
        "preview": preview,
        "batches": selectors.batches()[:24],
        "money_key": once.new_key(),
    }
    return render(request, "ledger/payouts.html", context)


@operator_required
def payout_batch(request, pk):
    batch = get_object_or_404(PayoutBatch, pk=pk)
    form = MarkPaidForm(request.POST or None)
    context = {
        "batch": batch,
        "payouts": selectors.batch_payouts(batch),
        "form": form,
        "money_key": once.new_key(),
    }
    return render(request, "ledger/batch.html", context)


@operator_required
@require_POST
@once.repeat_shows_first_result
def mark_paid(request, pk):
    batch = get_object_or_404(PayoutBatch, pk=pk)
    form = MarkPaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the bank transfer reference to mark the batch paid."))
        return redirect("operations:payout-batch", pk=batch.pk)
    reference = form.cleaned_data["bank_reference"]
    payouts_ = list(selectors.batch_payouts(batch))
    if not once.confirmed(request):
        total = sum((payout.amount for payout in payouts_), 0)
        return once.confirm_page(
            request,
            title=_("Mark payout batch %(batch)s paid") % {"batch": batch},
            changes=[
                _(
                    "Record that %(count)s transfers, %(total)s in all, were sent with bank "
                    "reference %(reference)s; sellers see them as paid from today."
                )
                % {"count": len(payouts_), "total": currency(total), "reference": reference}
            ],
            button=_("Yes, the transfers were sent"),
            back_url=reverse("operations:payout-batch", args=[batch.pk]),
        )
    try:
        key = once.key_from(request)
    except once.MissingKey:
        return _expired()

    def apply():
        services.mark_batch_paid(batch=batch, actor=request.user, bank_reference=reference)
        message = _("Batch %(batch)s marked as paid (bank reference %(reference)s).") % {
            "batch": batch,
            "reference": reference,
        }
        return message, reverse("operations:payout-batch", args=[batch.pk])

    try:
        outcome = once.run_once(key=key, action="mark_paid", actor=request.user, apply=apply)
    except services.LedgerError as exc:
        messages.error(request, str(exc))
        return redirect("operations:payout-batch", pk=batch.pk)
    return once.respond(request, outcome)


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


def _percent(rate) -> str:
    return f"{(rate * 100).normalize():f} %"


@operator_required
@once.repeat_shows_first_result
def commissions(request):
    """The platform's commission for each kind of seller."""
    current = selectors.commission_rates()
    form = CommissionForm(request.POST or None, rates=current)
    if request.method == "POST" and form.is_valid():
        changed = {kind: rate for kind, rate in form.rates().items() if rate != current[kind]}
        labels = dict(Seller.Kind.choices)
        if not changed:
            messages.info(request, _("No rate was changed."))
            return redirect("operations:commissions")
        if not once.confirmed(request):
            return once.confirm_page(
                request,
                title=_("Change commission rates"),
                changes=[
                    _("Commission for %(kind)s: %(before)s → %(after)s, for sales from now on.")
                    % {
                        "kind": labels[kind],
                        "before": _percent(current[kind]),
                        "after": _percent(rate),
                    }
                    for kind, rate in changed.items()
                ],
                button=_("Yes, change the rates"),
                back_url=reverse("operations:commissions"),
            )
        try:
            key = once.key_from(request)
        except once.MissingKey:
            return _expired()

        def apply():
            for kind, rate in changed.items():
                services.set_commission_rate(seller_kind=kind, rate=rate, actor=request.user)
            return (
                _("Commission rates saved. They apply to new sales."),
                reverse("operations:commissions"),
            )

        try:
            outcome = once.run_once(key=key, action="commission", actor=request.user, apply=apply)
        except services.LedgerError as exc:
            messages.error(request, str(exc))
        else:
            return once.respond(request, outcome)
    context = {"form": form, "money_key": once.new_key()}
    return render(request, "ledger/commissions.html", context)
