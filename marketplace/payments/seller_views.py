"""The seller's side of direct transfers: the parts buyers pay into the seller's own
account, confirming one arrived (one click), and giving a buyer's money back."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.ledger.services import paid_to_seller
from sellers.access import seller_required

from . import refunds, services
from .models import DirectTransfer


class SellerRefundForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you gave the money back"), max_length=255, required=True
    )


def _own(request, pk) -> DirectTransfer:
    """One of this seller's transfers; another seller's is "not found"."""
    context = request.seller_context
    return get_object_or_404(
        DirectTransfer.objects.select_related("attempt__order", "fulfilment", "seller"),
        pk=pk,
        seller=context.seller,
    )


def _members_only(request) -> None:
    if request.seller_context.acting_as_helper:
        raise PermissionDenied  # helpers never handle the shop's money


@seller_required
def transfer_list(request):
    seller = request.seller_context.seller
    rows = (
        DirectTransfer.objects.filter(seller=seller)
        .exclude(state=DirectTransfer.State.CANCELLED)
        .select_related("attempt__order", "fulfilment")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/seller/transfers.html",
        {"page": page, "seller": seller, "ctx": request.seller_context},
    )


@require_POST
@seller_required
def confirm(request, pk):
    """One click: the buyer's transfer for this part is in the seller's account."""
    _members_only(request)
    transfer = _own(request, pk)
    try:
        changed = services.confirm_direct(
            transfer=transfer,
            actor=request.seller_context.actor,
            via=DirectTransfer.Via.SELLER,
        )
    except services.PaymentFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Recorded: you received %(code)s.") % {"code": transfer.code}
            if changed
            else _("This transfer was already recorded as received."),
        )
    return redirect("fulfilment:detail", pk=transfer.fulfilment_id)


@seller_required
def refund(request, pk):
    """The seller gave the buyer back the whole part it was paid directly for."""
    _members_only(request)
    transfer = _own(request, pk)
    part = transfer.fulfilment
    form = SellerRefundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refunds.refund_by_seller(
                fulfilment=part,
                actor=request.seller_context.actor,
                reason=form.cleaned_data["reason"],
            )
        except services.PaymentFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Recorded: you gave the buyer back the money for order %(number)s.")
                % {"number": transfer.attempt.order.number},
            )
            return redirect("fulfilment:detail", pk=part.pk)
    return render(
        request,
        "payments/seller/refund.html",
        {
            "transfer": transfer,
            "part": part,
            "form": form,
            "refundable": paid_to_seller(part),
        },
    )
