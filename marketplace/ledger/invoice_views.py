"""Commission invoices on screen: the seller's own (to read and print) and the operator's
(issue a month's invoices, read and print any, record a seller's payment)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.operations.access import operator_required
from sellers.access import seller_required

from . import invoices
from .forms import MarkPaidForm
from .models import CommissionInvoice
from .services import LedgerError


class IssueForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=gettext_lazy("A month that is over, e.g. 2026-11."),
    )


def _last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _invoice_page(request, invoice, **extra):
    return render(
        request,
        "ledger/invoice.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.select_related("fulfilment").order_by("booked_at", "pk"),
            "totals": invoices.invoice_totals(invoice),
            **extra,
        },
    )


@seller_required
def seller_invoices(request):
    seller = request.seller_context.seller
    page = Paginator(
        CommissionInvoice.objects.filter(seller=seller).order_by("-period_start"), 24
    ).get_page(request.GET.get("page"))
    return render(request, "ledger/seller_invoices.html", {"page": page, "seller": seller})


@seller_required
def seller_invoice(request, pk):
    invoice = get_object_or_404(
        CommissionInvoice.objects.select_related("seller", "payout"),
        pk=pk,
        seller=request.seller_context.seller,
    )
    return _invoice_page(request, invoice, back_url_name="money:invoices")


@operator_required
def operator_invoices(request):
    form = IssueForm(request.POST or None, initial={"month": _last_month()})
    if request.method == "POST" and form.is_valid():
        try:
            issued = invoices.issue_invoices(month=form.cleaned_data["month"], actor=request.user)
        except LedgerError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(count)s commission invoices issued.") % {"count": len(issued)}
            )
        return redirect("operations:invoices")
    status = request.GET.get("status", "")
    rows = CommissionInvoice.objects.select_related("seller").order_by(
        "-period_start", "seller__display_name"
    )
    if status in CommissionInvoice.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "ledger/invoices.html",
        {
            "form": form,
            "page": page,
            "status": status,
            "statuses": CommissionInvoice.Status.choices,
            "to_invoice": invoices.sellers_to_invoice(_last_month()),
        },
    )


@operator_required
def operator_invoice(request, pk):
    invoice = get_object_or_404(CommissionInvoice.objects.select_related("seller", "payout"), pk=pk)
    return _invoice_page(
        request, invoice, paid_form=MarkPaidForm(), back_url_name="operations:invoices"
    )


@require_POST
@operator_required
def operator_invoice_paid(request, pk):
    invoice = get_object_or_404(CommissionInvoice, pk=pk)
    form = MarkPaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the bank reference of the seller's payment."))
        return redirect("operations:invoice", pk=invoice.pk)
    try:
        invoices.mark_invoice_paid(
            invoice=invoice, actor=request.user, bank_reference=form.cleaned_data["bank_reference"]
        )
    except LedgerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Invoice %(number)s marked as paid.") % {"number": invoice.number}
        )
    return redirect("operations:invoice", pk=invoice.pk)
