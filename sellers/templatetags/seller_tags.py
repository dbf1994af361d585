"""Template helpers of the seller pages: team names and the helper's menu link."""

from django import template

from .. import wording
from ..models import HelperMembership

register = template.Library()


@register.simple_tag
def team_name(commune) -> str:
    """ "Tổ công nghệ số cộng đồng xã Vĩnh Tuy", capitalised to start a line."""
    name = wording.team_name(commune)
    return name[:1].upper() + name[1:]


@register.simple_tag
def is_helper(user) -> bool:
    """Whether the menu shows the helper's work area: team members and those who asked."""
    if not user.is_authenticated:
        return False
    return (
        HelperMembership.objects.filter(user=user)
        .exclude(status=HelperMembership.Status.REMOVED)
        .exists()
    )
