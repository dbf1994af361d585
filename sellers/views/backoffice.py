"""The seller back office home: shop status, profile, bank details, helpers, audit log;
and the helper's own page to link to sellers and switch to "act for seller Y"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.security.ratelimit import client_ip
from sellers.audit_text import lines

from .. import helpers, selectors, services
from ..access import (
    active_consents,
    consent_ended,
    helper_communes,
    seller_context,
    seller_required,
)
from ..banks import bank_name
from ..forms import BankForm, ConsentCodeForm, ConsentRequestForm, JoinTeamForm, ProfileForm
from ..models import HelperConsent
from ..offline import offline_copy
from ..wording import consent_end_message
from .apply import signin_required

# Pages other parts of the back office provide; shown only when their URLs exist.
SECTION_LINKS = (
    (("catalog_manage:list",), gettext_lazy("Products and stock")),
    (("catalog_manage:story",), gettext_lazy("Your story page")),
    (("fulfilment:list", "fulfilment:index"), gettext_lazy("Orders to send")),
    (("livestream:manage",), gettext_lazy("Your livestreams")),
    (("money:statement",), gettext_lazy("Your money")),
    (("direct:list",), gettext_lazy("Transfers to your account")),
    (("money:invoices",), gettext_lazy("Commission invoices")),
    (("backoffice:reports:page",), gettext_lazy("Sales report")),
)


def _section_links():
    links = []
    for names, label in SECTION_LINKS:
        for name in names:
            try:
                links.append((reverse(name), label))
                break
            except NoReverseMatch:
                continue
    return links


@offline_copy
@seller_required
def home(request, profile_form=None, bank_form=None):
    context = request.seller_context
    seller = context.seller
    return render(
        request,
        "sellers/backoffice/home.html",
        {
            "ctx": context,
            "seller": seller,
            "links": _section_links(),
            "bank_name": bank_name(seller.bank_bin) if seller.bank_bin else "",
            "profile_form": profile_form or ProfileForm(instance=seller),
            "bank_form": bank_form or BankForm(instance=seller),
            "consents": selectors.helper_consents(seller),
            "helper_actions": lines(selectors.helper_actions(seller)[:20]),
        },
    )


@require_POST
@seller_required
def profile(request):
    context = request.seller_context
    form = ProfileForm(request.POST, instance=context.seller)
    if not form.is_valid():
        return home(request, profile_form=form)
    services.update_shop_profile(context=context, **form.cleaned_data)
    messages.success(request, _("Shop details saved."))
    return redirect("backoffice:home")


@require_POST
@seller_required
def bank(request):
    context = request.seller_context
    if context.acting_as_helper:
        raise PermissionDenied  # helpers never touch where the money goes
    form = BankForm(request.POST, instance=context.seller)
    if not form.is_valid():
        return home(request, bank_form=form)
    services.update_bank_details(
        context=context,
        bank_bin=form.cleaned_data["bank_bin"],
        account_number=form.cleaned_data["bank_account_number"],
        account_holder=form.cleaned_data["bank_account_holder"],
    )
    messages.success(request, _("Bank details saved."))
    return redirect("backoffice:home")


@require_POST
@seller_required
def direct_transfers(request):
    """Switch "buyers pay me directly by bank transfer" on or off (members only)."""
    context = request.seller_context
    if context.acting_as_helper:
        raise PermissionDenied  # helpers never touch where the money goes
    on = request.POST.get("on") == "1"
    try:
        services.set_direct_transfers(context=context, on=on)
    except services.SellerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Buyers now pay you directly by bank transfer.")
            if on
            else _("Buyers' transfers go through the marketplace again."),
        )
    return redirect("backoffice:home")


@require_POST
@seller_required
def revoke(request, pk):
    context = request.seller_context
    if context.acting_as_helper:
        raise PermissionDenied  # consent is the seller's own to withdraw
    consent = get_object_or_404(HelperConsent, pk=pk, seller=context.seller)
    helpers.revoke_consent(actor=request.user, consent=consent)
    messages.success(request, _("The helper can no longer act for your shop."))
    return redirect("backoffice:home")


@seller_required
def audit_log(request):
    seller = request.seller_context.seller
    page = Paginator(selectors.audit_events(seller=seller), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "sellers/audit.html",
        {"page": page, "lines": lines(page.object_list), "title": _("Your shop's activity log")},
    )


@signin_required
def helper_home(request, request_form=None, code_form=None, join_form=None):
    """A helper's work area: their team, the sellers who consented with "act for"
    buttons, asking a seller of their communes for consent, and consents that ended."""
    user = request.user
    ended = list(selectors.ended_consents(user)[:20])
    by_shop = selectors.revoked_by_shop(ended)
    ended = [(c, consent_end_message(c, by_shop=c.pk in by_shop)) for c in ended]
    return render(
        request,
        "sellers/backoffice/helper.html",
        {
            "memberships": selectors.helper_memberships(user),
            "communes": helper_communes(user),
            "consents": active_consents(user),
            "ended": ended,
            "current": seller_context(request),
            "request_form": request_form or ConsentRequestForm(),
            "code_form": code_form,
            "join_form": join_form or JoinTeamForm(province_id=request.GET.get("province")),
        },
    )


@require_POST
@signin_required
def helper_join(request):
    form = JoinTeamForm(request.POST)
    if not form.is_valid():
        return helper_home(request, join_form=form)
    membership = helpers.ask_to_join_team(user=request.user, commune=form.cleaned_data["commune"])
    if membership.is_active:
        messages.info(request, _("You are already a member of this team."))
    else:
        messages.success(
            request,
            _("Your request was sent. Commune staff will add you to the team after checking."),
        )
    return redirect("backoffice:helper")


@require_POST
@signin_required
def helper_request(request):
    form = ConsentRequestForm(request.POST)
    if form.is_valid():
        phone = form.cleaned_data["seller_phone"]
        try:
            helpers.request_consent_code(
                helper=request.user, seller_phone=phone, ip=client_ip(request)
            )
        except services.SellerError as exc:
            form.add_error("seller_phone", str(exc))
        else:
            code_form = ConsentCodeForm(initial={"seller_phone": phone})
            return helper_home(request, request_form=form, code_form=code_form)
    return helper_home(request, request_form=form)


@require_POST
@signin_required
def helper_confirm(request):
    form = ConsentCodeForm(request.POST)
    if form.is_valid():
        try:
            consent = helpers.confirm_consent(
                helper=request.user,
                seller_phone=form.cleaned_data["seller_phone"],
                code=form.cleaned_data["code"],
                ip=client_ip(request),
            )
        except services.SellerError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(
                request, _("%(shop)s agreed: you can now act for it.") % {"shop": consent.seller}
            )
            return redirect("backoffice:helper")
    return helper_home(request, code_form=form)


@require_POST
@signin_required
def act_for(request):
    try:
        seller_id = int(request.POST.get("seller", ""))
    except ValueError:
        raise PermissionDenied from None
    try:
        seller = helpers.start_acting_for(request=request, seller_id=seller_id)
    except PermissionDenied:
        return consent_ended(request, seller_id)  # says why, or refuses like before
    messages.info(request, _("You are now acting for %(shop)s.") % {"shop": seller})
    return redirect("backoffice:home")


@require_POST
@signin_required
def stop_acting(request):
    helpers.stop_acting(request)
    return redirect("backoffice:helper")
