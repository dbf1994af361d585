"""The installable seller app's parts of a page: only on seller-channel pages, never on the
storefront (its pages carry no manifest, no worker and no script of the app)."""

import json

from django import template
from django.utils.translation import gettext as _

from ..offline import is_seller_channel

register = template.Library()


def _texts() -> dict[str, str]:
    return {
        "new_product": _("New product"),
        "photos": _("%s photos"),
        "waiting": _("waiting to send"),
        "sent": _("sent from this phone"),
        "next": _("Continue"),
        "conflict": _("changed elsewhere meanwhile; nothing was overwritten"),
        "refused": _("the server did not accept it:"),
        "check": _("Check and save again"),
        "discard": _("Discard"),
        "discard_confirm": _("Discard this draft from the phone?"),
        "kept": _(
            "Not sent: the signal dropped. The draft is kept on this phone and goes by itself "
            "when the signal returns."
        ),
        "kept_publish": _(
            "Not sent: the signal dropped. The listing is kept on this phone and is published "
            "by itself when the signal returns."
        ),
        "go_on": _(
            "Not sent: the signal dropped. The photos are kept on this phone: go on with the "
            "details below, everything goes when the signal returns."
        ),
        "published": _("published from this phone"),
        "fix": _("Fix on the details screen"),
        "step_photo": _("photo %s/%s"),
        "step_details": _("details step"),
        "step_publish": _("publishing step"),
        "shrinking": _("Making the photos smaller…"),
        "sending": _("Sending…"),
    }


@register.inclusion_tag("sellers/app/_head.html", takes_context=True)
def seller_app_head(context):
    request = context.get("request")
    on = bool(request) and is_seller_channel(request.path)
    # In an attribute: pages keep to deferred scripts from files, nothing inline.
    return {"on": on, "texts": json.dumps(_texts(), ensure_ascii=False) if on else ""}


@register.inclusion_tag("sellers/app/_banner.html", takes_context=True)
def seller_app_banner(context):
    request = context.get("request")
    return {"on": bool(request) and is_seller_channel(request.path)}
