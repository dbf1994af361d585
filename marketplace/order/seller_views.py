"""Seller back office: its own order parts, and moving them along."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.ledger.services import commission_for
from marketplace.payments.selectors import current_attempts, is_cod
from sellers.access import seller_required

from . import selectors, services
from .models import Fulfilment


class FulfilmentUpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=Fulfilment.Status.choices)
    tracking_note = forms.CharField(
        label=gettext_lazy("Tracking note (courier, tracking number)"),
        required=False,
        max_length=255,
    )


@seller_required
def fulfilment_list(request):
    seller = request.seller_context.seller
    status = request.GET.get("status", "")
    if status not in Fulfilment.Status.values:
        status = ""
    page = Paginator(selectors.seller_fulfilments(seller, status=status), 25).get_page(
        request.GET.get("page")
    )
    _add_money(seller, page.object_list)
    return render(
        request,
        "order/seller/fulfilment_list.html",
        {"page": page, "status": status, "statuses": Fulfilment.Status.choices, "seller": seller},
    )


def _add_money(seller, parts) -> None:
    """Each part's payment method, cash to collect and commission, for the seller."""
    parts = list(parts)
    attempts = current_attempts(p.order_id for p in parts)
    commissions = commission_for(seller, parts)
    for part in parts:
        attempt = attempts.get(part.order_id)
        part.payment = attempt.get_method_display() if attempt else ""
        part.cash_to_collect = (
            part.total if attempt and attempt.method == attempt.Method.COD else None
        )
        part.commission = commissions[part.pk]
        part.you_receive = part.total - part.commission


def _next_statuses(part):
    allowed = services.TRANSITIONS.get(part.status, set())
    return [(value, label) for value, label in Fulfilment.Status.choices if value in allowed]


@seller_required
def fulfilment_detail(request, pk):
    seller = request.seller_context.seller
    part = selectors.seller_fulfilment(seller, pk)
    _add_money(seller, [part])
    form = FulfilmentUpdateForm(initial={"tracking_note": part.tracking_note})
    form.fields["status"].choices = [(part.status, part.get_status_display())] + _next_statuses(
        part
    )
    return render(
        request,
        "order/seller/fulfilment_detail.html",
        {"part": part, "form": form, "seller": seller},
    )


@seller_required
def packing_slip(request, pk):
    """A page to print and put in the parcel: who it goes to, what is in it, cash to take."""
    seller = request.seller_context.seller
    part = selectors.seller_fulfilment(seller, pk)
    _add_money(seller, [part])
    return render(request, "order/seller/packing_slip.html", {"part": part, "seller": seller})


@require_POST
@seller_required
def fulfilment_update(request, pk):
    context = request.seller_context
    part = selectors.seller_fulfilment(context.seller, pk)
    form = FulfilmentUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.update_fulfilment(
                fulfilment=part,
                status=form.cleaned_data["status"],
                tracking_note=form.cleaned_data["tracking_note"],
                actor=context.actor,
                cod=is_cod(part.order),
            )
            messages.success(request, _("Order part updated."))
        except services.FulfilmentError as exc:
            messages.error(request, str(exc))
    return redirect("fulfilment:detail", pk=part.pk)
