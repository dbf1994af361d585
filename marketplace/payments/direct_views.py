"""The operator's page of sellers paid directly by buyers: switch one off (with a reason
the seller reads) or allow it again."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.operations.access import operator_required
from sellers import services as seller_services
from sellers.models import Seller


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the seller reads it)"), max_length=255, required=False
    )


@operator_required
def direct_sellers(request):
    sellers = Seller.objects.filter(
        Q(direct_transfers=True) | ~Q(direct_transfers_blocked="")
    ).order_by("display_name")
    return render(
        request,
        "payments/operator/direct_sellers.html",
        {"sellers": sellers, "form": BlockForm()},
    )


@require_POST
@operator_required
def direct_seller(request, pk):
    seller = get_object_or_404(Seller, pk=pk)
    if request.POST.get("action") == "allow":
        seller_services.allow_direct_transfers(seller=seller, actor=request.user)
        messages.success(
            request,
            _("%(seller)s may take direct transfers again.") % {"seller": seller.display_name},
        )
        return redirect("operations:direct-sellers")
    form = BlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        seller_services.block_direct_transfers(seller=seller, actor=request.user, reason=reason)
    except seller_services.SellerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Direct transfers to %(seller)s are off.") % {"seller": seller.display_name},
        )
    return redirect("operations:direct-sellers")
