"""Who may open (GET) and act on (POST) every view of the project.

Each route from the URL resolver must have an expectation here, found by its URL name,
else by its namespace (``"admin:*"``), else by its path prefix (third-party back offices).
A new view without one fails ``test_every_view_is_classified``: whoever adds a view
decides who may use it.

``get`` / ``post``: the roles that may. ``None`` for ``post`` means the view has no POST
action worth proving (it answers 405 or treats POST like GET). ``SAME`` marks pages that
show nothing private whatever the kwargs (unguessable tokens, public content): every role
gets the same answer, and never a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ALL = frozenset(
    {
        "anonymous",
        "buyer",
        "seller_a",
        "seller_b",
        "helper",
        "stranger_helper",
        "staff_x",
        "staff_y",
        "operator",
    }
)
SIGNED_IN = ALL - {"anonymous"}
NOBODY = frozenset()
SAME = "same"  # see the module docstring
OWNER_A = frozenset({"seller_a", "helper"})  # seller A, or the helper acting for A
SELLERS = frozenset({"seller_a", "seller_b", "helper"})  # anyone acting for a seller
MEMBERS = frozenset({"seller_a", "seller_b"})  # the seller's own people (not helpers)
HELPERS = SIGNED_IN  # any signed-in person can ask a seller for consent
STAFF = frozenset({"staff_x", "staff_y", "operator"})
STAFF_X = frozenset({"staff_x", "operator"})
OPERATOR = frozenset({"operator"})
BUYER = frozenset({"buyer"})
ANONYMOUS = frozenset({"anonymous"})


@dataclass(frozen=True)
class Access:
    get: frozenset | str
    post: frozenset | str | None = None
    kwargs: Callable | None = None  # world → URL kwargs
    query: str | Callable = ""  # or world → query string
    data: Callable | None = None  # world → POST data (a plausible action)
    # The object is not in the test world (allowed roles may get a 404, others never a 200).
    absent: bool = False


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _product(w):
    p = w.product_a
    return {"product_slug": p.slug, "product_pk": p.pk, "pk": p.pk}


def _wishlist(w):
    line = w.wishlist.lines.first()  # an earlier POST in the same sweep may remove it
    return {
        "key": w.wishlist.key,
        "to_key": w.wishlist.key,
        "product_pk": w.product_a.pk,
        "line_pk": line.pk if line else 1,
    }


def _order(w):
    return {"number": w.order.number, "order_number": w.order.number}


def _live(w):
    return {"pk": w.live_a.pk, "item_pk": w.live_item_a.pk}


EXPECTATIONS: dict[str, Access] = {
    # --- project, sign-in, language ----------------------------------------------------
    "home": Access(ALL),
    "healthz": Access(ALL),
    "set_language": Access(ALL, post=ALL),
    "users:phone": Access(ALL, post=ALL),
    "users:code": Access(SAME, post=SAME),  # step two: only after step one
    "webhooks:stripe": Access(NOBODY, post=ALL),  # signed by Stripe: checked in its tests
    "route:media/<path:path>": Access(SAME),
    "wagtaildocs_serve": Access(SAME),
    "wagtaildocs_authenticate_with_password": Access(SAME, post=SAME),
    "wagtail_serve": Access(SAME, post=SAME),
    "wagtailcore_authenticate_with_password": Access(SAME, post=SAME),
    "wagtailcore_login": Access(ALL, post=ALL),
    # --- sellers: applying, public pages ------------------------------------------------
    "sellers:apply": Access(SIGNED_IN, post=SIGNED_IN),
    "sellers:application": Access(SIGNED_IN),
    "sellers:document": Access(STAFF_X, kwargs=_pk("applied")),
    "sellers:detail": Access(ALL, kwargs=lambda w: {"slug": w.shop_a.slug}),
    # --- seller back office ---------------------------------------------------------------
    "backoffice:home": Access(SELLERS),
    "backoffice:profile": Access(NOBODY, post=SELLERS),
    "backoffice:bank": Access(NOBODY, post=MEMBERS),
    "backoffice:revoke": Access(
        NOBODY,
        post=frozenset({"seller_a"}),
        kwargs=lambda w: {"pk": w.shop_a.helper_consents.get().pk},
    ),
    "backoffice:audit": Access(SELLERS),
    "backoffice:helper": Access(SIGNED_IN),
    "backoffice:helper_join": Access(
        NOBODY, post=SIGNED_IN, data=lambda w: {"province": w.shop_a.commune.province_id}
    ),
    "backoffice:helper_request": Access(NOBODY, post=SIGNED_IN),
    "backoffice:helper_confirm": Access(NOBODY, post=SIGNED_IN),
    "backoffice:act_for": Access(NOBODY, post=SIGNED_IN),
    "backoffice:stop_acting": Access(NOBODY, post=SIGNED_IN),
    "backoffice:reports:page": Access(SELLERS),
    "catalog_manage:list": Access(SELLERS, post=SELLERS),
    "catalog_manage:new": Access(SELLERS, post=SELLERS),
    "catalog_manage:photos": Access(OWNER_A, post=OWNER_A, kwargs=_pk("draft_a")),
    "catalog_manage:photo": Access(
        OWNER_A,
        post=OWNER_A,
        kwargs=lambda w: {"pk": w.draft_a.pk, "image_id": w.photo_a.pk},
        data=lambda w: {"action": "delete", "confirm": "1"},
    ),
    "catalog_manage:details": Access(OWNER_A, post=OWNER_A, kwargs=_pk("draft_a")),
    "catalog_manage:publish": Access(OWNER_A, post=OWNER_A, kwargs=_pk("draft_a")),
    "catalog_manage:certificates": Access(OWNER_A, post=OWNER_A, kwargs=_pk("product_a")),
    "catalog_manage:certificate_scan": Access(
        OWNER_A,
        kwargs=lambda w: {"pk": w.product_a.pk, "certificate_id": w.certificate_a.pk},
    ),
    "catalog_manage:labels": Access(SELLERS),
    "catalog_manage:labels_print": Access(SELLERS),
    "catalog_manage:story": Access(SELLERS, post=SELLERS),
    "fulfilment:list": Access(SELLERS),
    "fulfilment:detail": Access(OWNER_A, kwargs=_pk("fulfilment_a")),
    "fulfilment:update": Access(
        NOBODY,
        post=OWNER_A,
        kwargs=_pk("fulfilment_a"),
        data=lambda w: {"status": "confirmed"},
    ),
    "livestream:manage": Access(SELLERS),
    "livestream:manage_new": Access(SELLERS, post=SELLERS),
    "livestream:manage_edit": Access(OWNER_A, post=OWNER_A, kwargs=_pk("live_a")),
    "livestream:manage_products": Access(OWNER_A, post=OWNER_A, kwargs=_pk("live_a")),
    "livestream:control": Access(
        OWNER_A, post=OWNER_A, kwargs=_pk("live_a"), data=lambda w: {"action": "start"}
    ),
    # --- commune staff ---------------------------------------------------------------------
    "commune:queue": Access(STAFF),
    "commune:review": Access(STAFF_X, kwargs=_pk("applied")),
    "commune:decide": Access(
        NOBODY, post=STAFF_X, kwargs=_pk("applied"), data=lambda w: {"decision": "approve"}
    ),
    "commune:consent": Access(
        NOBODY,
        post=STAFF_X,
        kwargs=lambda w: {"pk": w.shop_a.pk},
        data=lambda w: {"helper_phone": w.users["stranger_helper"].phone, "confirmed": "on"},
    ),
    "commune:audit": Access(STAFF),
    "commune:team": Access(STAFF),
    "commune:consent_revoke": Access(
        NOBODY, post=STAFF_X, kwargs=lambda w: {"pk": w.shop_a.helper_consents.get().pk}
    ),
    "commune:team_add": Access(
        NOBODY,
        post=STAFF_X,
        data=lambda w: {"commune": w.shop_a.commune_id, "phone": w.users["buyer"].phone},
    ),
    "commune:team_approve": Access(
        NOBODY, post=STAFF_X, kwargs=lambda w: {"pk": w.extra["candidate_x"].pk}
    ),
    "commune:team_remove": Access(
        NOBODY, post=STAFF_X, kwargs=lambda w: {"pk": w.extra["helper_member_x"].pk}
    ),
    "commune:reports:page": Access(STAFF_X, query=lambda w: f"commune={w.shop_a.commune_id}"),
    "commune:reports:csv": Access(STAFF_X, query=lambda w: f"commune={w.shop_a.commune_id}"),
    "catalog_commune:queue": Access(STAFF),
    "catalog_commune:review": Access(
        STAFF_X, post=STAFF_X, kwargs=_pk("certificate_a"), data=lambda w: {"decision": "verify"}
    ),
    "catalog_commune:scan": Access(STAFF_X, kwargs=_pk("certificate_a")),
    "livestream:hosts": Access(STAFF),
    "livestream:verify_host": Access(
        NOBODY, post=STAFF_X, kwargs=lambda w: {"seller_pk": w.shop_a.pk}
    ),
    # --- operator ------------------------------------------------------------------------
    "operator_reports:page": Access(OPERATOR),
    "operator_reports:csv": Access(OPERATOR),
    "operator_reports:recompute": Access(NOBODY, post=OPERATOR),
    "payments:operator": Access(OPERATOR),
    "payments:transfers": Access(OPERATOR),
    "payments:find-order": Access(OPERATOR, query="number=100001"),
    "payments:refund": Access(OPERATOR, post=OPERATOR, kwargs=_order),
    "payments:cod": Access(OPERATOR, post=OPERATOR),
    "payments:payouts": Access(OPERATOR, post=OPERATOR),
    "payments:payout-batch": Access(OPERATOR, post=OPERATOR, absent=True),
    "payments:payout-paid": Access(NOBODY, post=OPERATOR, absent=True),
    "payments:payout-batch-csv": Access(OPERATOR, absent=True),
    "payments:commissions": Access(OPERATOR, post=OPERATOR),
    "payments:confirm": Access(NOBODY, post=OPERATOR, kwargs=_pk("attempt")),
    "payments:payout-csv": Access(OPERATOR, query="start=2026-01-01&end=2026-12-31"),
    # --- buyers: payment pages of their own order ------------------------------------------
    "payments:order": Access(BUYER, kwargs=_order),
    "payments:card": Access(BUYER, post=BUYER, kwargs=_order),
    "payments:switch": Access(NOBODY, post=BUYER, kwargs=_order, data=lambda w: {"method": "cod"}),
    "trace:product": Access(ALL, kwargs=lambda w: {"code": w.product_a.traceability_code}),
    # A scan waiting for commune staff is never public, not even to its seller here.
    "trace:certificate": Access(
        NOBODY,
        kwargs=lambda w: {"code": w.product_a.traceability_code, "pk": w.certificate_a.pk},
    ),
    # --- livestream (public) -----------------------------------------------------------------
    "livestream:schedule": Access(ALL),
    "livestream:rules": Access(ALL),
    "livestream:detail": Access(ALL, kwargs=_live),
    "livestream:pin": Access(ALL, kwargs=_live),
    "livestream:ics": Access(ALL, kwargs=_live),
    "livestream:complaint": Access(ALL, post=ALL, kwargs=_live),
    "livestream:add": Access(NOBODY, post=ALL, kwargs=_live),
    "livestream:follow": Access(NOBODY, post=SIGNED_IN, kwargs=lambda w: {"slug": w.shop_a.slug}),
    "livestream:code": Access(ALL, kwargs=lambda w: {"code": w.live_item_a.code}),
    # --- Oscar storefront ------------------------------------------------------------------
    "catalogue:index": Access(ALL),
    "catalogue:detail": Access(ALL, kwargs=_product),
    "catalogue:category": Access(SAME),
    "catalogue:range": Access(SAME),
    "catalogue:reviews-list": Access(ALL, kwargs=_product),
    "catalogue:reviews-detail": Access(SAME, kwargs=_product),
    "catalogue:reviews-add": Access(SIGNED_IN, post=SIGNED_IN, kwargs=_product),
    "catalogue:reviews-vote": Access(SAME, post=SAME, kwargs=_product),
    "search:search": Access(ALL),
    "search:suggest": Access(ALL),
    "offer:list": Access(ALL),
    "offer:detail": Access(SAME),
    "basket:summary": Access(ALL, post=ALL),
    "basket:add": Access(NOBODY, post=ALL, kwargs=_pk("product_a")),
    "basket:vouchers-add": Access(NOBODY, post=ALL),
    "basket:vouchers-remove": Access(NOBODY, post=ALL),
    "basket:saved": Access(SIGNED_IN, post=SIGNED_IN),
    "checkout:index": Access(ALL, post=ALL),
    "checkout:shipping-address": Access(ALL, post=ALL),
    "checkout:shipping-method": Access(ALL, post=ALL),
    "checkout:payment-method": Access(ALL, post=ALL),
    "checkout:payment-details": Access(ALL, post=ALL),
    "checkout:preview": Access(ALL, post=ALL),
    "checkout:thank-you": Access(ALL),
    "checkout:user-address-update": Access(BUYER, post=BUYER, kwargs=_pk("address")),
    "checkout:user-address-delete": Access(BUYER, post=BUYER, kwargs=_pk("address")),
    # --- Oscar customer accounts -------------------------------------------------------------
    "customer:login": Access(ALL, post=ALL),
    "customer:logout": Access(ALL, post=ALL),
    "customer:register": Access(ALL, post=ALL),
    "customer:summary": Access(SIGNED_IN),
    "customer:change-password": Access(SIGNED_IN, post=SIGNED_IN),
    "customer:profile-view": Access(SIGNED_IN),
    "customer:profile-update": Access(SIGNED_IN, post=SIGNED_IN),
    "customer:profile-delete": Access(SIGNED_IN, post=SIGNED_IN),
    "customer:order-list": Access(SIGNED_IN),
    "customer:order": Access(BUYER, post=BUYER, kwargs=_order),
    "customer:order-line": Access(
        BUYER,
        post=BUYER,
        kwargs=lambda w: {**_order(w), "line_id": w.order.lines.get().pk},
    ),
    "customer:anon-order-form": Access(SAME, post=SAME),
    "customer:anon-order": Access(SAME, post=SAME),
    "customer:address-list": Access(SIGNED_IN),
    "customer:address-create": Access(SIGNED_IN, post=SIGNED_IN),
    "customer:address-detail": Access(BUYER, post=BUYER, kwargs=_pk("address")),
    "customer:address-delete": Access(BUYER, post=BUYER, kwargs=_pk("address")),
    "customer:address-change-status": Access(
        NOBODY, post=BUYER, kwargs=lambda w: {"pk": w.address.pk, "action": "default_for_billing"}
    ),
    "customer:email-list": Access(SIGNED_IN),
    "customer:email-detail": Access(SAME),
    "route:accounts/notifications/": Access(SIGNED_IN),
    "customer:notifications-inbox": Access(SIGNED_IN),
    "customer:notifications-archive": Access(SIGNED_IN),
    "customer:notifications-update": Access(NOBODY, post=SIGNED_IN),
    "customer:notifications-detail": Access(SAME),
    "customer:alerts-list": Access(SIGNED_IN),
    "customer:alert-create": Access(NOBODY, post=ALL, kwargs=_pk("product_a")),
    "customer:alerts-confirm": Access(SAME),
    "customer:alerts-cancel-by-key": Access(SAME),
    "customer:alerts-cancel-by-pk": Access(SAME, post=SAME),
    "customer:wishlists-list": Access(SIGNED_IN),
    # Adding to one's own default list, and (next) to a list named by its key.
    "route:accounts/wishlists/add/<int:product_pk>/": Access(
        SIGNED_IN, post=SIGNED_IN, kwargs=_wishlist
    ),
    "route:accounts/wishlists/<str:key>/add/<int:product_pk>/": Access(
        BUYER, post=BUYER, kwargs=_wishlist
    ),
    "customer:wishlists-add-product": Access(SIGNED_IN, post=SIGNED_IN, kwargs=_wishlist),
    "customer:wishlists-create": Access(SIGNED_IN, post=SIGNED_IN),
    "customer:wishlists-create-with-product": Access(SIGNED_IN, post=SIGNED_IN, kwargs=_wishlist),
    "customer:wishlists-detail": Access(BUYER, post=BUYER, kwargs=_wishlist),
    "customer:wishlists-update": Access(BUYER, post=BUYER, kwargs=_wishlist),
    "customer:wishlists-delete": Access(BUYER, post=BUYER, kwargs=_wishlist),
    "customer:wishlists-remove-product": Access(BUYER, post=BUYER, kwargs=_wishlist),
    "customer:wishlists-move-product-to-another": Access(BUYER, post=BUYER, kwargs=_wishlist),
    "wishlists:detail": Access(BUYER, kwargs=_wishlist),
    "password-reset": Access(ANONYMOUS, post=ANONYMOUS),
    "password-reset-done": Access(ANONYMOUS),
    "password-reset-confirm": Access(SAME, post=SAME),
    "password-reset-complete": Access(ANONYMOUS),
}

# Third-party back offices: operator (and marketplace staff) only, apart from the pages
# that let someone sign in.
BACK_OFFICES = {
    "django-admin/": Access(OPERATOR, post=OPERATOR),
    "cms/": Access(OPERATOR, post=OPERATOR),
    "dashboard/": Access(OPERATOR, post=OPERATOR),
}
BACK_OFFICE_OPEN = {
    "admin:login": Access(ALL, post=ALL),
    "admin:view_on_site": Access(SAME),
    "admin:logout": Access(ALL, post=ALL),
    "admin:javascript-catalog": Access(ALL),  # translations for the admin's scripts
    "dashboard:login": Access(ALL, post=ALL),
    "dashboard:logout": Access(ALL, post=ALL),
    "wagtailadmin_login": Access(ALL, post=ALL),
    "wagtailadmin_logout": Access(ALL, post=ALL),
    "wagtailadmin_password_reset": Access(ALL, post=ALL),
    "wagtailadmin_password_reset_done": Access(ALL),
    "wagtailadmin_password_reset_confirm": Access(SAME, post=SAME),
    "wagtailadmin_password_reset_complete": Access(ALL),
    "wagtailadmin_javascript_catalog": Access(ALL),
    "wagtailadmin_sprite": Access(ALL),
}


def expectation(route) -> Access | None:
    """The declared access for a route, or None when nobody classified it."""
    if f"route:{route.template}" in EXPECTATIONS:  # one of several routes sharing a name
        return EXPECTATIONS[f"route:{route.template}"]
    if route.key in EXPECTATIONS:
        return EXPECTATIONS[route.key]
    if route.key in BACK_OFFICE_OPEN:
        return BACK_OFFICE_OPEN[route.key]
    for prefix, access in BACK_OFFICES.items():
        if route.template.startswith(prefix):
            return access
    return None


def is_back_office(route) -> bool:
    return any(route.template.startswith(prefix) for prefix in BACK_OFFICES)
