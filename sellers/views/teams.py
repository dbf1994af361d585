"""Commune staff: their commune's digital-technology team (requests, members, removal)
and every helper consent given by the commune's sellers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.places.models import Commune

from .. import helpers, selectors
from ..forms import RemoveMemberForm, TeamMemberForm
from ..models import HelperConsent, HelperMembership
from ..services import SellerError
from .commune import staff_required


def _addable_communes(user):
    """Communes whose team ``user`` may add to: their own (the operator: any with sellers)."""
    if user.is_superuser:
        return Commune.objects.filter(sellers__isnull=False).distinct().order_by("name")
    return Commune.objects.filter(staff__user=user).order_by("name")


@staff_required
def team(request, add_form=None):
    user = request.user
    consents = Paginator(selectors.commune_consents(user), 50).get_page(request.GET.get("page"))
    members = list(selectors.team_members(user)[:300])
    return render(
        request,
        "sellers/commune/team.html",
        {
            "pending": [m for m in members if m.status == HelperMembership.Status.PENDING],
            "active": [m for m in members if m.status == HelperMembership.Status.ACTIVE],
            "removed": [m for m in members if m.status == HelperMembership.Status.REMOVED][:30],
            "add_form": add_form or TeamMemberForm(communes=_addable_communes(user)),
            "remove_form": RemoveMemberForm(),
            "consents": consents,
        },
    )


@require_POST
@staff_required
def add(request):
    form = TeamMemberForm(request.POST, communes=_addable_communes(request.user))
    if form.is_valid():
        try:
            membership = helpers.add_team_member(
                actor=request.user,
                commune=form.cleaned_data["commune"],
                phone=form.cleaned_data["phone"],
            )
        except SellerError as exc:
            form.add_error("phone", str(exc))
        else:
            messages.success(request, _("%(name)s is now in the team.") % {"name": membership.user})
            return redirect("commune:team")
    return team(request, add_form=form)


@require_POST
@staff_required
def approve(request, pk):
    membership = get_object_or_404(HelperMembership.objects.select_related("commune"), pk=pk)
    try:
        helpers.approve_team_member(actor=request.user, membership=membership)
    except SellerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s is now in the team.") % {"name": membership.user})
    return redirect("commune:team")


@require_POST
@staff_required
def remove(request, pk):
    membership = get_object_or_404(HelperMembership.objects.select_related("commune"), pk=pk)
    form = RemoveMemberForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    revoked = helpers.remove_team_member(actor=request.user, membership=membership, reason=reason)
    messages.success(
        request,
        _("%(name)s is no longer in the team; %(n)s shop permissions were withdrawn.")
        % {"name": membership.user, "n": revoked},
    )
    return redirect("commune:team")


@require_POST
@staff_required
def revoke_consent(request, pk):
    """Staff withdraw one helper's permission for one shop of their commune."""
    consent = get_object_or_404(HelperConsent.objects.select_related("seller", "helper"), pk=pk)
    helpers.revoke_consent(actor=request.user, consent=consent)  # refuses other communes
    messages.success(
        request,
        _("%(helper)s can no longer act for %(shop)s.")
        % {"helper": consent.helper, "shop": consent.seller.display_name},
    )
    return redirect("commune:team")
