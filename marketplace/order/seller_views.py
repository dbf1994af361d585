"""Seller back office: its own order parts, and moving them along."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.ledger.services import commission_for
from marketplace.payments.selectors import current_attempts, direct_transfer_for, is_cod
from sellers.access import seller_required
from sellers.offline import offline_copy

from . import selectors, services, shipments
from .models import Fulfilment, Shipment


class ShipmentForm(forms.Form):
    grams = forms.IntegerField(
        label=gettext_lazy("Parcel weight (grams)"),
        min_value=1,
        max_value=50_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    service = forms.ChoiceField(
        label=gettext_lazy("Service"),
        choices=[("standard", gettext_lazy("Standard")), ("express", gettext_lazy("Express"))],
    )


class FulfilmentUpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=Fulfilment.Status.choices)
    tracking_note = forms.CharField(
        label=gettext_lazy("Tracking note (courier, tracking number)"),
        required=False,
        max_length=255,
    )


@offline_copy
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
    shipment = shipments.live_shipment(part)
    ship_form = None
    if part.status in shipments.SHIPPABLE and (shipment is None or shipment.status == "pending"):
        ship_form = ShipmentForm(
            initial={
                "grams": shipment.grams if shipment else shipments.suggested_grams(part),
                "service": shipment.service if shipment else "standard",
            }
        )
    return render(
        request,
        "order/seller/fulfilment_detail.html",
        {
            "part": part,
            "form": form,
            "seller": seller,
            "shipment": shipment,
            "ship_form": ship_form,
            "events": shipment.events.all() if shipment else [],
            "direct": direct_transfer_for(part),
        },
    )


@require_POST
@seller_required
def shipment_create(request, pk):
    """One click: the parcel goes to the carrier and the label can be printed."""
    context = request.seller_context
    part = selectors.seller_fulfilment(context.seller, pk)
    form = ShipmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the parcel's weight in grams."))
        return redirect("fulfilment:detail", pk=part.pk)
    try:
        shipments.create_shipment(
            fulfilment=part,
            actor=context.actor,
            grams=form.cleaned_data["grams"],
            service=form.cleaned_data["service"],
            cod=is_cod(part.order),
        )
        messages.success(request, _("Shipment created: print the label and stick it on."))
    except shipments.ShipmentError as exc:
        messages.error(request, str(exc))
    return redirect("fulfilment:detail", pk=part.pk)


def _own_shipment(request, pk, shipment_pk) -> Shipment:
    part = selectors.seller_fulfilment(request.seller_context.seller, pk)
    return get_object_or_404(
        Shipment.objects.select_related("fulfilment"), pk=shipment_pk, fulfilment=part
    )


@require_POST
@seller_required
def shipment_cancel(request, pk, shipment_pk):
    shipment = _own_shipment(request, pk, shipment_pk)
    try:
        shipments.cancel_shipment(shipment=shipment, actor=request.seller_context.actor)
        messages.success(request, _("Shipment cancelled. You can create a new one."))
    except shipments.ShipmentError as exc:
        messages.error(request, str(exc))
    return redirect("fulfilment:detail", pk=pk)


@seller_required
def shipment_label(request, pk, shipment_pk):
    """The A6 label as a PDF to print."""
    shipment = _own_shipment(request, pk, shipment_pk)
    try:
        content, content_type = shipments.label(shipment=shipment)
    except shipments.ShipmentError as exc:
        messages.error(request, str(exc))
        return redirect("fulfilment:detail", pk=pk)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{shipment.tracking_code}.pdf"'
    return response


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
