"""The audit log as sentences: "Nguyễn Minh Tuấn (tổ công nghệ xã Vĩnh Tuy) changed the
price of Chè Shan Tuyết: 40.000 ₫ → 45.000 ₫", translated, never a raw code or a dict.

Every verb the code records has a sentence here (a test reads the source for the verbs);
an unknown verb still reads as a sentence ("… made a change to …").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from oscar.templatetags.currency_filters import currency

from marketplace.audit.models import AuditEvent

from .models import CommuneStaff, HelperMembership, Seller, SellerMember
from .wording import helper_label, person_name, team_name


@dataclass(frozen=True)
class Line:
    at: datetime.datetime
    sentence: str
    reason: str
    shop: str


def lines(events) -> list[Line]:
    """``events`` (a page of them) as sentences, in three queries whatever their number."""
    events = list(events)
    roles = _Roles(events)
    return [
        Line(
            at=event.at,
            sentence=sentence(event, roles.label(event)),
            reason=event.reason,
            shop=event.on_behalf_of.display_name if event.on_behalf_of_id else "",
        )
        for event in events
    ]


class _Roles:
    """Who each actor was for the event: a helper of a team, commune staff, operator."""

    def __init__(self, events: list[AuditEvent]):
        ids = {e.actor_id for e in events if e.actor_id}
        self.teams = set(
            HelperMembership.objects.filter(user_id__in=ids).values_list("user_id", "commune_id")
        )
        self.members = set(
            SellerMember.objects.filter(user_id__in=ids).values_list("user_id", "seller_id")
        )
        self.staff = set(
            CommuneStaff.objects.filter(user_id__in=ids).values_list("user_id", "commune_id")
        )

    def label(self, event: AuditEvent) -> str:
        actor = event.actor
        if actor is None:
            return _("The system")
        key = (actor.pk, event.commune_id)
        # A team member acting for a shop they do not belong to is there as a helper.
        helping = (actor.pk, event.on_behalf_of_id) not in self.members
        if event.commune_id and key in self.teams and helping:
            return helper_label(actor, event.commune)
        if event.commune_id and key in self.staff:
            return _("%(name)s (commune staff)") % {"name": person_name(actor)}
        if actor.is_superuser:
            return _("%(name)s (marketplace operator)") % {"name": person_name(actor)}
        return person_name(actor)


def _money(value) -> str:
    try:
        return currency(Decimal(str(value)))
    except (InvalidOperation, TypeError, ValueError):
        return "—"


def _when(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return "—"
    return date_format(timezone.localtime(moment), "d/m/Y H:i")


def _product_changes(event: AuditEvent, who: str) -> str:
    before, after, name = event.before or {}, event.after or {}, event.target_repr
    changed = [
        key for key in ("title", "unit", "price", "stock") if before.get(key) != after.get(key)
    ]
    if changed == ["price"]:
        return _("%(who)s changed the price of %(product)s: %(before)s → %(after)s") % {
            "who": who,
            "product": name,
            "before": _money(before["price"]) if before.get("price") else "—",
            "after": _money(after.get("price")),
        }
    parts = []
    for key in changed:
        old, new = before.get(key), after.get(key)
        if key == "price":
            old, new = (_money(old) if old else "—"), _money(new)
        label = {"title": _("name"), "unit": _("unit"), "price": _("price"), "stock": _("stock")}
        parts.append(f"{label[key]} {old if old not in (None, '') else '—'} → {new}")
    if not parts:
        return _("%(who)s saved %(product)s without changes") % {"who": who, "product": name}
    return _("%(who)s changed %(product)s: %(changes)s") % {
        "who": who,
        "product": name,
        "changes": "; ".join(parts),
    }


def _bank(summary: dict) -> str:
    if not summary or not summary.get("account"):
        return _("no account")
    return " ".join(x for x in (summary.get("bank"), summary.get("account")) if x) + (
        f" ({summary['holder']})" if summary.get("holder") else ""
    )


def _kind(value) -> str:
    try:
        return str(Seller.Kind(value).label)
    except ValueError:
        return "—"


def _rate(value) -> str:
    try:
        return f"{(Decimal(str(value)) * 100).normalize():f}%".replace(".", ",")
    except (InvalidOperation, TypeError, ValueError):
        return "—"


def _fulfilment_status(value: str) -> str:
    status = apps.get_model("order", "Fulfilment").Status
    try:
        return str(status(value).label)
    except ValueError:
        return "—"


def _consent_method(after: dict) -> str:
    if after.get("method") == "in_person":
        return _("agreed in person before commune staff")
    return _("confirmed with the code sent to the shop's phone")


# verb → template; "%(who)s" is the actor, "%(target)s" the object's name when recorded,
# "%(shop)s" the seller acted for. Verbs whose sentence needs more are in SPECIAL below.
SIMPLE = {
    "seller.applied": gettext_lazy("%(who)s sent the application of %(shop)s"),
    "seller.approved": gettext_lazy("%(who)s approved the shop %(shop)s"),
    "seller.rejected": gettext_lazy("%(who)s rejected the application of %(shop)s"),
    "seller.changes_requested": gettext_lazy("%(who)s asked %(shop)s to change its application"),
    "seller.suspended": gettext_lazy("%(who)s suspended the shop %(shop)s"),
    "seller.reinstated": gettext_lazy("%(who)s reopened the shop %(shop)s"),
    "seller.direct_transfers_on": gettext_lazy(
        "%(who)s let buyers pay %(shop)s directly by bank transfer"
    ),
    "seller.direct_transfers_off": gettext_lazy(
        "%(who)s stopped direct bank transfers to %(shop)s"
    ),
    "seller.direct_transfers_blocked": gettext_lazy(
        "%(who)s switched off direct bank transfers to %(shop)s"
    ),
    "seller.direct_transfers_allowed": gettext_lazy(
        "%(who)s allowed %(shop)s to take direct bank transfers again"
    ),
    "payment.direct_received": gettext_lazy(
        "%(who)s confirmed that %(shop)s received the transfer for order part %(target)s"
    ),
    "ledger.invoice_issued": gettext_lazy("%(who)s issued the commission invoice %(target)s"),
    "ledger.invoice_paid": gettext_lazy("%(who)s marked the commission invoice %(target)s as paid"),
    "helper.acting_started": gettext_lazy("%(who)s started acting for %(shop)s"),
    "product.created": gettext_lazy("%(who)s started a new product listing: %(target)s"),
    "product.published": gettext_lazy("%(who)s put %(target)s on sale"),
    "product.unpublished": gettext_lazy("%(who)s took %(target)s off sale"),
    "product.photo_deleted": gettext_lazy("%(who)s deleted a photo of %(target)s"),
    "product.photos_reordered": gettext_lazy(
        "%(who)s changed the order of the photos of %(target)s"
    ),
    "ocop.verify": gettext_lazy("%(who)s verified the certificate %(target)s"),
    "ocop.reject": gettext_lazy("%(who)s rejected the certificate %(target)s"),
    "ocop.revoke": gettext_lazy("%(who)s revoked the certificate %(target)s"),
    "story.created": gettext_lazy("%(who)s created the story page of %(shop)s"),
    "order.cancelled": gettext_lazy("%(who)s cancelled order %(target)s"),
    "live.updated": gettext_lazy("%(who)s changed the live “%(target)s”"),
    "live.cancelled": gettext_lazy("%(who)s cancelled the live “%(target)s”"),
    "live.started": gettext_lazy("%(who)s started the live “%(target)s”"),
    "live.ended": gettext_lazy("%(who)s ended the live “%(target)s”"),
    "live.host_revoked": gettext_lazy(
        "%(who)s withdrew the livestream host verification of %(shop)s"
    ),
}


def _special(verb: str, e: AuditEvent, v: dict) -> str | None:
    b, a = e.before or {}, e.after or {}
    if verb in ("product.updated", "product.stock_updated"):
        return _product_changes(e, v["who"])
    if verb == "product.photos_added":
        n = a.get("photos") or 0
        return ngettext(
            "%(who)s added %(n)s photo to %(target)s",
            "%(who)s added %(n)s photos to %(target)s",
            n,
        ) % {**v, "n": n}
    if verb == "ocop.declared":
        return _("%(who)s declared a %(stars)s★ OCOP certificate: %(target)s") % {
            **v,
            "stars": a.get("stars", "—"),
        }
    if verb == "seller.bank_changed":
        return _("%(who)s changed the payout account of %(shop)s: %(before)s → %(after)s") % {
            **v,
            "before": _bank(b),
            "after": _bank(a),
        }
    if verb == "seller.profile_updated":
        names = {"description": _("description"), "address": _("address")}
        fields = [str(names[k]) for k in names if b.get(k) != a.get(k)] or [_("details")]
        return _("%(who)s updated the shop details of %(shop)s: %(fields)s") % {
            **v,
            "fields": ", ".join(fields),
        }
    if verb == "consent.granted":
        helper = a.get("helper") or "—"
        if a.get("method") == "in_person":
            return _("%(who)s recorded that %(shop)s lets %(helper)s act for it (%(how)s)") % {
                **v,
                "helper": helper,
                "how": _consent_method(a),
            }
        return _("%(shop)s let %(helper)s act for it (%(how)s)") % {
            **v,
            "helper": helper,
            "how": _consent_method(a),
        }
    if verb == "consent.revoked":
        return _("%(who)s withdrew the permission of %(helper)s to act for %(shop)s") % {
            **v,
            "helper": b.get("helper") or "—",
        }
    if verb.startswith("team."):
        return _team(verb, e, v)
    if verb.startswith("fulfilment."):
        return _("%(who)s marked the order part %(target)s as “%(status)s”") % {
            **v,
            "status": _fulfilment_status(a.get("status") or verb.split(".", 1)[1]),
        }
    return _money_sentence(verb, e, v) or _live_sentence(verb, e, v)


def _team(verb: str, e: AuditEvent, v: dict) -> str:
    a = e.after or {}
    v = {**v, "member": a.get("member") or "—", "team": team_name(e.commune) if e.commune else ""}
    if verb == "team.requested":
        return _("%(who)s asked to join the %(team)s") % v
    if verb == "team.added":
        return _("%(who)s added %(member)s to the %(team)s") % v
    if verb == "team.approved":
        return _("%(who)s accepted %(member)s into the %(team)s") % v
    if verb == "team.declined":
        return _("%(who)s turned down the request of %(member)s to join the %(team)s") % v
    if verb == "team.removed":
        n = a.get("consents_revoked") or 0
        return ngettext(
            "%(who)s removed %(member)s from the %(team)s (%(n)s shop's permission withdrawn)",
            "%(who)s removed %(member)s from the %(team)s (%(n)s shops' permissions withdrawn)",
            n,
        ) % {**v, "n": n}
    return _("%(who)s tried to change the %(team)s outside their commune (refused)") % v


def _money_sentence(verb: str, e: AuditEvent, v: dict) -> str | None:
    b, a = e.before or {}, e.after or {}
    if verb == "ledger.commission_set":
        return _("%(who)s set the commission for %(kind)s sellers: %(before)s → %(after)s") % {
            **v,
            "kind": _kind(a.get("seller_kind")).lower(),
            "before": _rate(b.get("rate")),
            "after": _rate(a.get("rate")),
        }
    if verb == "ledger.payout_created":
        return _("%(who)s prepared a payout of %(amount)s to %(shop)s") % {
            **v,
            "amount": _money(a.get("amount")),
        }
    if verb == "ledger.batch_created":
        n = a.get("payouts") or 0
        text = ngettext(
            "%(who)s created the payout batch %(target)s: %(n)s payout",
            "%(who)s created the payout batch %(target)s: %(n)s payouts",
            n,
        ) % {**v, "n": n}
        if a.get("left_out"):
            text += "; " + _("left out for lack of a bank account: %(names)s") % {
                "names": ", ".join(map(str, a["left_out"]))
            }
        return text
    if verb == "ledger.batch_paid":
        return _("%(who)s marked the payout batch %(target)s as paid (bank reference %(ref)s)") % {
            **v,
            "ref": a.get("bank_reference") or "—",
        }
    if verb == "payment.transfer_confirmed":
        return _("%(who)s confirmed the bank transfer of %(amount)s for order %(target)s") % {
            **v,
            "amount": _money(a.get("amount")),
        }
    if verb == "payment.refunded":
        return _("%(who)s refunded %(amount)s on order %(target)s") % {
            **v,
            "amount": _money(a.get("amount")),
        }
    if verb == "payment.late_card_refunded":
        return _(
            "A card payment of %(amount)s for order %(target)s arrived after the buyer had "
            "chosen another way to pay, and was refunded to the card"
        ) % {**v, "amount": _money(a.get("amount"))}
    if verb == "cod.refusals_reset":
        n = a.get("cleared") or 0
        return ngettext(
            "%(who)s let %(phone)s pay cash on delivery again (%(n)s refusal cleared)",
            "%(who)s let %(phone)s pay cash on delivery again (%(n)s refusals cleared)",
            n,
        ) % {**v, "phone": a.get("phone") or "—", "n": n}
    return None


def _live_sentence(verb: str, e: AuditEvent, v: dict) -> str | None:
    a = e.after or {}
    if verb == "live.scheduled":
        return _("%(who)s scheduled the live “%(target)s” for %(when)s") % {
            **v,
            "when": _when(a.get("starts_at")),
        }
    if verb == "live.host_verified":
        return _("%(who)s verified %(host)s as the livestream host of %(shop)s") % {
            **v,
            "host": a.get("host_name") or "—",
        }
    if verb == "live.products_set":
        n = len(a)
        return ngettext(
            "%(who)s chose %(n)s product for the live “%(target)s”",
            "%(who)s chose %(n)s products for the live “%(target)s”",
            n,
        ) % {**v, "n": n}
    return None


def sentence(event: AuditEvent, who: str) -> str:
    """One event as a sentence in the current language."""
    shop = event.on_behalf_of.display_name if event.on_behalf_of_id else event.target_repr
    values = {"who": who, "target": event.target_repr or "—", "shop": shop or "—"}
    verb = event.verb
    if verb.endswith(".denied") and not verb.startswith("team."):
        return _("%(who)s tried to act on %(target)s outside their commune (refused)") % values
    if verb in SIMPLE:
        return str(SIMPLE[verb]) % values
    text = _special(verb, event, values)
    if text:
        return text
    if event.target_repr:
        return _("%(who)s made a change to %(target)s") % values
    return _("%(who)s made a change") % values
