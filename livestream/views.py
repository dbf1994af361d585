"""Buyer-facing live pages: schedule, live page, pin JSON, short codes, basket, .ics."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from oscar.templatetags.currency_filters import currency

from marketplace.security.ratelimit import client_ip
from sellers.models import Seller

from . import selectors, services
from .calendar import ics_for
from .forms import ComplaintForm
from .models import Follow, LiveProduct, LiveSession, LiveVisit
from .platforms import embed_url

SEEN_SESSION_KEY = "live_seen"
COMPLAINTS_PER_HOUR = 5


def _count_click(request, live, item=None, source=LiveVisit.Source.PAGE) -> None:
    """One click-through per viewer per live and source; reloads are not counted again."""
    seen = request.session.get(SEEN_SESSION_KEY, [])
    key = f"{live.pk}:{source}"
    if key in seen:
        return
    if services.record_visit(
        request=request, live=live, item=item, kind=LiveVisit.Kind.CLICK, source=source
    ):
        request.session[SEEN_SESSION_KEY] = [*seen[-20:], key]


@require_GET
def schedule(request):
    lives = list(selectors.upcoming_lives())
    return render(request, "livestream/schedule.html", {"lives": lives, "now": timezone.now()})


@require_GET
def rules(request):
    return render(request, "livestream/rules.html")


@require_GET
def detail(request, pk: int):
    live = selectors.live_for_page(pk)
    if live is None:
        raise Http404
    items = selectors.live_items(live)
    pinned = next((item for item in items if item.pk == live.pinned_id), None)
    running = live.is_running()
    if running or live.status == LiveSession.Status.LIVE:
        _count_click(request, live)
    video_url = (
        live.replay_url
        if live.status == LiveSession.Status.ENDED and live.replay_url
        else live.stream_url
    )
    context = {
        "live": live,
        "items": items,
        "pinned": pinned,
        "running": running,
        "video_url": video_url,
        "can_embed": embed_url(live.platform, video_url) is not None,
        "embed": embed_url(live.platform, video_url) if request.GET.get("xem") else None,
        "chapters": selectors.chapters(live) if live.status == LiveSession.Status.ENDED else [],
        "poll_seconds": settings.LIVESTREAM_POLL_SECONDS,
        "following": request.user.is_authenticated
        and Follow.objects.filter(user=request.user, seller=live.seller).exists(),
    }
    return render(request, "livestream/detail.html", context)


def pin_payload(state: dict) -> dict:
    """The JSON viewers poll: only what changes, a few hundred bytes."""
    payload = {
        "s": state["status"],
        "v": state["pinned_at"].timestamp() if state["pinned_at"] else 0,
    }
    if state["pinned_id"]:
        normal = state["normal"]
        live_price = state["pinned__live_price"]
        running = state["status"] == LiveSession.Status.LIVE
        payload.update(
            id=state["pinned_id"],
            code=state["pinned__code"],
            title=state["pinned__product__title"],
            price=currency(live_price if live_price and running else normal, "VND"),
            was=currency(normal, "VND") if live_price and running and live_price < normal else "",
        )
    return payload


@require_GET
def pin(request, pk: int):
    state = selectors.pin_state(pk)
    if state is None:
        raise Http404
    pinned_at = state["pinned_at"].timestamp() if state["pinned_at"] else 0
    etag = f'"{state["status"]}-{state["pinned_id"]}-{pinned_at}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    body = json.dumps(pin_payload(state), ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max(settings.LIVESTREAM_POLL_SECONDS // 2, 1)}"
    return response


@require_GET
def code(request, code: str):
    item = selectors.item_for_code(code)
    if item is None:
        return _unknown_code(request, code)
    live = item.live
    source = LiveVisit.Source.QR if request.GET.get("qr") else LiveVisit.Source.CODE
    _count_click(request, live, item, source)
    items = {i.pk: i for i in selectors.live_items(live)}
    item = items.get(item.pk, item)
    return render(
        request,
        "livestream/code.html",
        {"item": item, "live": live, "running": live.is_running(), "code": item.code},
    )


def _unknown_code(request, code: str):
    stale = LiveProduct.objects.select_related("live__seller").filter(code__iexact=code).first()
    seller = stale.live.seller if stale else None
    lives = selectors.seller_upcoming(seller) if seller else selectors.upcoming_lives(limit=10)
    response = render(
        request,
        "livestream/code_unknown.html",
        {"code": code.upper(), "seller": seller, "lives": list(lives)},
    )
    response.status_code = 404
    return response


@require_POST
def add_to_basket(request, pk: int, item_pk: int):
    item = get_object_or_404(
        LiveProduct.objects.select_related("live__seller", "product"),
        pk=item_pk,
        live_id=pk,
        shown=True,
        live__seller__status__in=Seller.SELLING_STATUSES,
        product__is_public=True,
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = item.live.get_absolute_url()
    info = request.strategy.fetch_for_product(item.product)
    allowed, reason = (False, _("This product is not for sale right now."))
    if info.availability.is_available_to_buy:
        allowed, reason = info.availability.is_purchase_permitted(1)
    if not allowed:
        messages.error(request, reason)
        return redirect(back)
    request.basket.add_product(item.product, 1)
    source = request.POST.get("source", LiveVisit.Source.PAGE)
    if source not in LiveVisit.Source.values:
        source = LiveVisit.Source.PAGE
    services.record_visit(
        request=request, live=item.live, item=item, kind=LiveVisit.Kind.BASKET, source=source
    )
    messages.success(
        request, _("“%(title)s” is in your basket.") % {"title": item.product.get_title()}
    )
    return redirect(back)


@require_GET
def calendar_file(request, pk: int):
    live = selectors.live_for_page(pk)
    if live is None:
        raise Http404
    response = HttpResponse(ics_for(live, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="live-{live.pk}.ics"'
    return response


@login_required
@require_POST
def follow(request, slug: str):
    seller = get_object_or_404(Seller.objects.selling(), slug=slug)
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, seller=seller)
        messages.info(request, _("You will no longer get reminders from this shop."))
    else:
        services.follow(user=request.user, seller=seller)
        messages.success(request, _("We will remind you before this shop's next lives."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("livestream:schedule")
    return redirect(back)


def complaint(request, pk: int):
    live = selectors.live_for_page(pk)
    if live is None:
        raise Http404
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = f"live-complaint:{client_ip(request)}"
        if cache.get(key, 0) >= COMPLAINTS_PER_HOUR:
            form.add_error(None, _("Too many complaints from this connection. Try again later."))
        else:
            cache.set(key, cache.get(key, 0) + 1, 3600)
            services.file_complaint(live=live, user=request.user, **form.cleaned_data)
            messages.success(
                request, _("Thank you. The marketplace team will look at your complaint.")
            )
            return redirect(live.get_absolute_url())
    return render(request, "livestream/complaint.html", {"live": live, "form": form})
