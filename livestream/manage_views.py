"""Seller side (schedule, products, control page) and staff side (host verification)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellers.access import may_review, seller_required, staff_communes
from sellers.models import Seller

from . import selectors, services
from .forms import HostVerificationForm, LiveForm, LiveProductsForm
from .models import HostVerification, LiveSession


def _own_live(request, pk: int) -> LiveSession:
    # Another seller's live is simply not found: its existence is not revealed.
    return get_object_or_404(
        LiveSession.objects.select_related("seller"), pk=pk, seller=request.seller_context.seller
    )


@seller_required
def seller_lives(request):
    seller = request.seller_context.seller
    context = {
        "lives": selectors.seller_lives(seller),
        "verification": HostVerification.objects.filter(seller=seller).first(),
        "ctx": request.seller_context,
    }
    return render(request, "livestream/manage/list.html", context)


@seller_required
def edit_live(request, pk: int | None = None):
    live = _own_live(request, pk) if pk else None
    form = LiveForm(request.POST or None, request.FILES or None, instance=live)
    if request.method == "POST" and form.is_valid():
        try:
            if live is None:
                live = services.schedule_live(
                    seller=request.seller_context.seller,
                    actor=request.user,
                    details=form.details(),
                )
            else:
                live.refresh_from_db()  # the form changed the instance in memory
                services.update_live(live=live, actor=request.user, details=form.details())
        except services.LiveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved. Now choose the products to show."))
            return redirect("livestream:manage_products", pk=live.pk)
    return render(request, "livestream/manage/edit.html", {"form": form, "live": live})


@seller_required
def live_products(request, pk: int):
    live = _own_live(request, pk)
    current = {item.product_id: item for item in live.items.filter(shown=True)}
    form = LiveProductsForm(
        request.POST or None, products=selectors.sellable_products(live.seller), current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_live_products(live=live, actor=request.user, items=form.items())
        except services.LiveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Products saved."))
            return redirect("livestream:control", pk=live.pk)
    return render(request, "livestream/manage/products.html", {"form": form, "live": live})


def _qr_svg(request, item) -> str:
    url = request.build_absolute_uri(item.get_absolute_url()) + "?qr=1"
    return segno.make(url, error="m").svg_inline(scale=3, title=item.code)


@seller_required
def control(request, pk: int):
    """The phone page the seller keeps open during the live."""
    live = _own_live(request, pk)
    if request.method == "POST":
        return _control_action(request, live)
    items = selectors.live_items(live)
    if request.GET.get("qr"):
        for item in items:
            item.qr_svg = _qr_svg(request, item)
    context = {
        "live": live,
        "items": items,
        "stats": selectors.live_stats(live),
        "orders": selectors.recent_orders(live),
        "verified": services.host_is_verified(live.seller),
    }
    return render(request, "livestream/manage/control.html", context)


def _control_action(request, live: LiveSession):
    action = request.POST.get("action")
    try:
        if action == "start":
            services.start_live(live=live, actor=request.user)
            messages.success(request, _("You are live. Pin a product when you show it."))
        elif action == "end":
            services.end_live(live=live, actor=request.user)
            messages.success(request, _("The live has ended. Live prices have stopped."))
        elif action == "cancel":
            services.cancel_live(live=live, actor=request.user)
            messages.info(request, _("The live is cancelled."))
        elif action == "pin":
            item = services.pin_product(
                live=live, item_id=_int(request.POST.get("item")), actor=request.user
            )
            messages.success(request, _("Pinned: %(title)s") % {"title": item.product.title})
        else:
            messages.error(request, _("Unknown action."))
    except services.LiveError as exc:
        messages.error(request, str(exc))
    return redirect("livestream:control", pk=live.pk)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- commune staff and operator ---------------------------------------------------------


def _staff_scope(user):
    """None means every commune (operator); raise 403 for anyone who is not staff."""
    if user.is_superuser:
        return None
    communes = staff_communes(user)
    if not communes.exists():
        raise PermissionDenied
    return communes


@login_required
def hosts(request):
    scope = _staff_scope(request.user)
    return render(
        request,
        "livestream/staff/hosts.html",
        {"sellers": selectors.verifications_for(scope), "form": HostVerificationForm()},
    )


@login_required
@require_POST
def verify_host(request, seller_pk: int):
    seller = get_object_or_404(Seller, pk=seller_pk)
    if not may_review(request.user, seller.commune_id):
        raise PermissionDenied
    if request.POST.get("action") == "revoke":
        services.revoke_host(
            seller=seller, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.info(request, _("Verification withdrawn for %(shop)s.") % {"shop": seller})
        return redirect("livestream:hosts")
    form = HostVerificationForm(request.POST)
    if form.is_valid():
        services.verify_host(seller=seller, actor=request.user, **form.cleaned_data)
        messages.success(request, _("%(shop)s may now go live.") % {"shop": seller})
    else:
        messages.error(request, _("Enter the host's name and the document you checked."))
    return redirect("livestream:hosts")
