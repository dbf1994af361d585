"""The operator's start page: what is waiting, and where every operator task is."""

from django.shortcuts import render

from marketplace.ledger.selectors import unpaid_batches
from marketplace.order.selectors import remittance_queue
from marketplace.payments.selectors import transfers_waiting

from .access import operator_required


@operator_required
def home(request):
    return render(
        request,
        "operations/home.html",
        {
            "transfers_waiting": transfers_waiting().count(),
            "unpaid_batches": unpaid_batches().count(),
            "remittance_lines": remittance_queue().count(),
        },
    )
