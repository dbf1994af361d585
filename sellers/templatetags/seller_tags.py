"""Template helpers of the seller pages: team names and the menu's work-area links."""

from django import template
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.operations.access import is_operator

from .. import wording
from ..models import CommuneStaff, HelperMembership

register = template.Library()


@register.simple_tag
def team_name(commune) -> str:
    """ "Tổ công nghệ số cộng đồng xã Vĩnh Tuy", capitalised to start a line."""
    name = wording.team_name(commune)
    return name[:1].upper() + name[1:]


@register.simple_tag
def work_areas(user) -> list[tuple[str, str]]:
    """The work areas the menu links for ``user`` beyond shopping and the seller area:
    the helper's, the commune officer's, the operator's. One query."""
    if not user.is_authenticated:
        return []
    roles = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            helper=Exists(
                HelperMembership.objects.filter(user=OuterRef("pk")).exclude(
                    status=HelperMembership.Status.REMOVED
                )
            ),
            officer=Exists(CommuneStaff.objects.filter(user=OuterRef("pk"))),
        )
        .values("helper", "officer")
        .first()
    ) or {}
    areas = []
    if roles.get("helper"):
        areas.append((reverse("backoffice:helper"), _("Helper area")))
    if roles.get("officer"):
        areas.append((reverse("commune:queue"), _("Commune work")))
    if is_operator(user):
        areas.append((reverse("operations:home"), _("Operator area")))
    return areas
