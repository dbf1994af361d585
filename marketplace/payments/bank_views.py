"""The operator's bank queue: incoming transfers that did not pay their order by
themselves, each closed with one click (a POST that goes through a service)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.templatetags.currency_filters import currency

from marketplace.operations.access import operator_required

from . import banktransfers, selectors
from .models import BankTransaction


@operator_required
def bank_queue(request):
    """Transfers waiting for a decision, then the latest ones already dealt with."""
    page = Paginator(selectors.bank_queue(), 50).get_page(request.GET.get("page"))
    context = {"page": page, "queue": page, "recent": selectors.bank_recent()}
    return render(request, "payments/operator/bank.html", context)


def _accept(request, tx):
    tx = banktransfers.accept_as_paid(tx=tx, actor=request.user)
    message = _("Order %(number)s is paid.") % {"number": tx.order.number}
    if tx.refund_amount:
        message += " " + _("Send %(amount)s back to the buyer.") % {
            "amount": currency(tx.refund_amount)
        }
    return message


def _refund(request, tx):
    tx = banktransfers.mark_for_refund(tx=tx, actor=request.user)
    return _("Send %(amount)s back to the sender.") % {"amount": currency(tx.refund_amount)}


def _attach(request, tx):
    number = request.POST.get("number", "").strip().upper().removeprefix("CHOLANG").strip()
    tx = banktransfers.attach_to_order(tx=tx, actor=request.user, number=number)
    if tx.status == BankTransaction.Status.ACCEPTED:
        return _("Order %(number)s is paid.") % {"number": tx.order.number}
    return _("Attached to order %(number)s: %(problem)s.") % {
        "number": tx.order.number,
        "problem": tx.get_problem_display(),
    }


def _dismiss(request, tx):
    banktransfers.dismiss(tx=tx, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Transfer dismissed.")


RESOLUTIONS = {"accept": _accept, "refund": _refund, "attach": _attach, "dismiss": _dismiss}


@operator_required
@require_POST
def resolve(request, pk, action):
    resolution = RESOLUTIONS.get(action)
    if resolution is None:
        raise Http404
    tx = get_object_or_404(BankTransaction, pk=pk)
    try:
        messages.success(request, resolution(request, tx))
    except banktransfers.ResolutionError as exc:
        messages.error(request, str(exc))
    return redirect("operations:bank")
