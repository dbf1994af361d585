"""How helpers, their teams and their consents are named to people: in pages, in the
audit log and in the consent text message. One place, so the words stay the same
everywhere (and the SMS wording can be reviewed on its own)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.places.models import Commune

from .models import HelperConsent, SellerMember, commune_phrase


def person_name(user) -> str:
    """A person as others know them: full name, else phone, never an id."""
    if user is None:
        return _("The system")
    return user.get_full_name() or str(user.phone or "") or user.email or _("a user")


def team_name(commune: Commune) -> str:
    """ "tổ công nghệ số cộng đồng xã Liên Sơn"."""
    return _("community digital-technology team of %(commune)s") % {
        "commune": commune_phrase(commune)
    }


def helper_label(user, commune: Commune) -> str:
    """ "Nguyễn Minh Tuấn (tổ công nghệ xã Liên Sơn)": how the log names a helper."""
    return _("%(name)s (technology team, %(commune)s)") % {
        "name": person_name(user),
        "commune": commune_phrase(commune),
    }


def consent_sms(*, helper, commune: Commune) -> tuple[str, dict]:
    """The text the seller receives when a helper asks for consent, and its values;
    the code sender adds the code and renders it as plain text. It names the team and
    commune, and warns that the code is for the helper in front of the seller only:
    phone scammers ask for codes like this one."""
    message = _(
        "Chợ Làng: “%(helper)s” of the %(team)s asks to help run your shop. If they are "
        "with you and you agree, show them this code: %(code)s. NEVER read it to anyone "
        "over the phone. Expires in 5 minutes."
    )
    return message, {"helper": person_name(helper), "team": team_name(commune)}


def consent_end_message(consent: HelperConsent, *, by_shop: bool | None = None) -> str:
    """Why a helper can no longer act for a shop, in the helper's words. ``by_shop``
    (whether a member of the shop revoked it) spares a query when the caller knows."""
    shop = consent.seller.display_name
    if consent.revoked_at is None:
        # Still granted, but the helper is no longer in the commune's team.
        return _(
            "You are no longer a member of the %(team)s, so you can no longer act for %(shop)s."
        ) % {"team": team_name(consent.seller.commune), "shop": shop}
    if consent.revoked_by_id == consent.helper_id:
        return _("You stopped helping %(shop)s.") % {"shop": shop}
    if by_shop is None:
        by_shop = SellerMember.objects.filter(
            seller_id=consent.seller_id, user_id=consent.revoked_by_id
        ).exists()
    if by_shop:
        return _("The shop %(shop)s has withdrawn your permission to act for it.") % {"shop": shop}
    return _("Commune staff have withdrawn your permission to act for %(shop)s.") % {"shop": shop}
