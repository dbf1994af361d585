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
from uuid import uuid4

from tests.factories import PASSWORD

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
    # world → what a person types into the form; the rest is read from the allowed role's
    # own form (tests/hardening/forms.py).
    data: Callable | None = None
    # The object is not in the test world (allowed roles may get a 404, others never a 200).
    absent: bool = False
    page: Callable | None = None  # world → the page holding the form, when not the URL itself
    control: str | None = None  # the allowed role whose post must change the database
    # (client, world) → a value that changes when the action takes effect outside the
    # watched tables (the session, the outbox).
    effect: Callable | None = None
    before: Callable | None = None  # (client, world) → set up the control role's session
    no_control: str = ""  # why no allowed post can be shown to change anything here


DIRECT_ACCOUNT = {
    "bank_bin": "970436",
    "bank_account_number": "0011009988777",
    "bank_account_holder": "PHAN THE DO",
}


def _bank(seller) -> None:
    """Give ``seller`` a valid bank account (not the one the bank row saves)."""
    from sellers.models import Seller

    Seller.objects.filter(pk=seller.pk).update(**DIRECT_ACCOUNT)


def _direct_order(w, product, *, paid: bool, last_month: bool = False):
    """An order of ``product`` whose seller's part is paid straight into its account; the
    transfer (confirmed when ``paid``, booked in the last month with ``last_month``)."""
    import datetime

    from django.utils import timezone

    from marketplace.ledger.models import LedgerEntry
    from marketplace.payments import services
    from sellers.models import Seller
    from tests.checkout.helpers import basket_with, place

    seller = product.seller
    _bank(seller)
    Seller.objects.filter(pk=seller.pk).update(direct_transfers=True)
    order = place(basket_with(product, owner=w.users["buyer"]))
    attempt = services.start_payment(order=order, method="vietqr")
    Seller.objects.filter(pk=seller.pk).update(direct_transfers=False)
    transfer = attempt.direct_transfers.get()
    if paid:
        services.confirm_direct(transfer=transfer, actor=None, via="bank")
    if last_month:
        first = timezone.localdate().replace(day=1)
        moment = timezone.make_aware(
            datetime.datetime.combine(first - datetime.timedelta(days=2), datetime.time(12))
        )
        LedgerEntry.objects.filter(order=order).update(created_at=moment)
    return transfer


def _pending_direct(w):
    from marketplace.payments.models import DirectTransfer

    found = DirectTransfer.objects.filter(seller=w.shop_a, state="pending").first()
    return found or _direct_order(w, w.product_a, paid=False)


def _received_direct(w):
    from marketplace.payments.models import DirectTransfer

    found = DirectTransfer.objects.filter(seller=w.shop_a, state="received").first()
    return found or _direct_order(w, w.product_a, paid=True)


def _last_month_text() -> str:
    import datetime

    from django.utils import timezone

    return f"{timezone.localdate().replace(day=1) - datetime.timedelta(days=1):%Y-%m}"


def _invoice(w):
    """Seller A's commission invoice for last month (created once)."""
    import datetime

    from django.utils import timezone

    from marketplace.ledger.invoices import issue_invoice
    from marketplace.ledger.models import CommissionInvoice

    found = CommissionInvoice.objects.filter(seller=w.shop_a).first()
    if found:
        return found
    _direct_order(w, w.product_a, paid=True, last_month=True)
    month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    return issue_invoice(seller=w.shop_a, month=month, actor=None)


def _received(buyer, product):
    """A second order of ``product`` by ``buyer``, delivered."""
    from marketplace.order.models import Fulfilment
    from tests.checkout.helpers import basket_with, place

    order = place(basket_with(product, owner=buyer))
    order.user = buyer
    order.save(update_fields=["user"])
    Fulfilment.objects.filter(order=order).update(status=Fulfilment.Status.DELIVERED)


# Which allowed role proves a write row's data is real (the first that may post).
CONTROL_ORDER = (
    "seller_a",
    "buyer",
    "staff_x",
    "operator",
    "helper",
    "seller_b",
    "stranger_helper",
    "staff_y",
    "anonymous",
)


def is_write_row(access: Access) -> bool:
    """A POST that some roles may send and others may not."""
    return access.post not in (None, SAME) and access.post != ALL


def control_role(access: Access) -> str:
    return access.control or next(r for r in CONTROL_ORDER if r in access.post)


def _queued_transfer(w):
    """A transfer of more than the world's unpaid VietQR order, waiting for the operator."""
    from django.utils import timezone

    from marketplace.payments.models import BankTransaction

    tx, _created = BankTransaction.objects.get_or_create(
        transaction_id="MATRIX-1",
        defaults={
            "account_number": "0000123456789",
            "amount": w.attempt.amount + 1000,
            "memo": f"CHOLANG {w.attempt.order.number}",
            "transacted_at": timezone.now(),
            "order": w.attempt.order,
            "attempt": w.attempt,
            "problem": BankTransaction.Problem.OVER,
        },
    )
    return tx


def _queued_line(w):
    """A carrier's statement line for a parcel that is not ours, waiting for the operator."""
    from marketplace.order.models import RemittanceLine, RemittanceStatement

    statement, _created = RemittanceStatement.objects.get_or_create(
        carrier="carrier", reference="MATRIX-DS-1", defaults={"source": "file"}
    )
    line, _created = RemittanceLine.objects.get_or_create(
        statement=statement,
        row=1,
        defaults={
            "tracking_code": "GHX0000001",
            "cod_collected": 150000,
            "shipping_fee": 22000,
            "cod_fee": 1500,
            "problem": RemittanceLine.Problem.UNKNOWN,
        },
    )
    return line


def _statement_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "Mã vận đơn,Mã đơn khách hàng,Tiền thu hộ,Phí vận chuyển,Phí thu hộ\n"
        "GHX1,,150.000,22.000,1.500\n"
    )
    return SimpleUploadedFile("doi-soat.csv", text.encode(), "text/csv")


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _product(w):
    p = w.product_a
    return {"product_slug": p.slug, "product_pk": p.pk, "pk": p.pk}


MONEY = (
    "the world's order is an unpaid VietQR order: nothing is refundable, shipped by COD or "
    "owed to a seller; tests/checkout covers the operator's money actions"
)


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hardening.conftest import tiny_jpeg

    return SimpleUploadedFile("che.jpg", tiny_jpeg((64, 48)), "image/jpeg")


def _acting_for(client, world):
    from sellers.access import ACTING_FOR_SESSION_KEY

    return client.session.get(ACTING_FOR_SESSION_KEY)


def _not_acting(client, world):
    from sellers.access import ACTING_FOR_SESSION_KEY

    session = client.session
    session.pop(ACTING_FOR_SESSION_KEY, None)
    session.save()


def _emails_sent(client, world):
    from django.core import mail

    return len(mail.outbox)


def _address(w, **extra):
    x = w.shop_a.commune
    return {
        "first_name": "Hà",
        "last_name": "Trần Thu",
        "line1": "Thôn Tân Lập",
        "province": x.province_id,
        "commune": x.pk,
        "phone_number": "+84912345679",
        **extra,
    }


PASSWORD_CHANGE = "Mat-khau-moi-2026!"


def _wishlist(w):
    line = w.wishlist.lines.first()  # an earlier POST in the same sweep may remove it
    return {
        "key": w.wishlist.key,
        "to_key": w.wishlist.key,
        # Not yet in the list, so adding it changes something.
        "product_pk": w.product_b.pk,
        "line_pk": line.pk if line else 1,
    }


def _wishlist_line(w):
    return {**_wishlist(w), "product_pk": w.product_a.pk}  # the product already listed


def _order(w):
    return {"number": w.order.number, "order_number": w.order.number}


def _shipment(w):
    """A parcel of seller A waiting for pickup, on an order of its own (so the order part
    of the world stays free to be shipped); the site's own labels: no carrier is set."""
    from oscar.core.loading import get_model

    from marketplace.order.models import Fulfilment, Shipment

    if "shipment" not in w.extra:
        order = w.order
        other = get_model("order", "Order").objects.create(
            number=f"{order.number}-P",
            currency=order.currency,
            total_incl_tax=order.total_incl_tax,
            total_excl_tax=order.total_excl_tax,
            shipping_incl_tax=0,
            shipping_excl_tax=0,
            shipping_address=order.shipping_address,
            user=order.user,
            site=order.site,
        )
        part = Fulfilment.objects.create(
            order=other, seller=w.shop_a, lines_total=0, shipping_charge=0, status="packed"
        )
        w.extra["shipment"] = Shipment.objects.create(
            fulfilment=part,
            carrier="flat",
            status=Shipment.Status.CREATED,
            client_code=f"{other.number}-1",
            tracking_code=f"{other.number}-1",
            grams=500,
            cod_amount=0,
        )
    shipment = w.extra["shipment"]
    return {"pk": shipment.fulfilment_id, "shipment_pk": shipment.pk}


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
    # Signed by the bank-notification service: checked in tests/payments.
    "webhooks:bank": Access(NOBODY, post=ALL),
    # Signed by the carrier: tests/shipping checks the signature and its positive control.
    "carrier:webhook": Access(NOBODY, post=ALL),
    "route:media/<path:path>": Access(SAME),
    "wagtaildocs_serve": Access(SAME),
    "wagtaildocs_authenticate_with_password": Access(SAME, post=SAME),
    "wagtail_serve": Access(SAME, post=SAME),
    "wagtailcore_authenticate_with_password": Access(SAME, post=SAME),
    "wagtailcore_login": Access(ALL, post=ALL),
    # --- sellers: applying, public pages ------------------------------------------------
    "sellers:apply": Access(
        SIGNED_IN,
        post=SIGNED_IN,
        control="buyer",
        data=lambda w: {
            "display_name": "Mật ong Hà Giang",
            "representative_name": "Trần Thu Hà",
            "province": w.shop_a.commune.province_id,
            "commune": w.shop_a.commune_id,
            "address": "Thôn Tân Lập",
            "produces": "Mật ong bạc hà",
            "save_draft": "1",
        },
    ),
    "sellers:application": Access(SIGNED_IN),
    "sellers:document": Access(STAFF_X, kwargs=_pk("applied")),
    "sellers:detail": Access(ALL, kwargs=lambda w: {"slug": w.shop_a.slug}),
    # --- seller back office ---------------------------------------------------------------
    "backoffice:home": Access(SELLERS),
    "backoffice:profile": Access(
        NOBODY,
        post=SELLERS,
        page=lambda w: "/kenh-nguoi-ban/",
        data=lambda w: {"description": "Chè cổ thụ, sao tay."},
    ),
    "backoffice:bank": Access(
        NOBODY,
        post=MEMBERS,
        page=lambda w: "/kenh-nguoi-ban/",
        data=lambda w: {
            "bank_bin": "970436",
            "bank_account_number": "0011009988776",
            "bank_account_holder": "PHAN THE DO",
        },
    ),
    "backoffice:revoke": Access(
        NOBODY,
        post=frozenset({"seller_a"}),
        kwargs=lambda w: {"pk": w.shop_a.helper_consents.get().pk},
        page=lambda w: "/kenh-nguoi-ban/",
    ),
    "backoffice:audit": Access(SELLERS),
    "backoffice:helper": Access(SIGNED_IN),
    "backoffice:helper_join": Access(
        NOBODY,
        post=SIGNED_IN,
        control="buyer",
        page=lambda w: f"/kenh-nguoi-ban/lam-thay/?province={w.shop_a.commune.province_id}",
        data=lambda w: {
            "province": w.shop_a.commune.province_id,
            "commune": w.shop_a.commune_id,
        },
    ),
    "backoffice:helper_request": Access(
        NOBODY,
        post=SIGNED_IN,
        control="stranger_helper",
        page=lambda w: "/kenh-nguoi-ban/lam-thay/",
        # Commune X's team member asks seller A, of commune X, for consent.
        data=lambda w: {"seller_phone": w.shop_a.phone},
    ),
    "backoffice:helper_confirm": Access(
        NOBODY,
        post=SIGNED_IN,
        no_control="the code exists only in the text sent to the seller's phone; "
        "tests/sellers/test_helpers.py links a helper with it end to end",
    ),
    # Acting for seller A: only the helper A consented to; anyone may post, nobody else
    # gets the switch (a forbidden post would show in the session).
    "backoffice:act_for": Access(
        NOBODY,
        post=SIGNED_IN,
        control="helper",
        before=_not_acting,
        effect=_acting_for,
        data=lambda w: {"seller": w.shop_a.pk},
    ),
    "backoffice:stop_acting": Access(NOBODY, post=SIGNED_IN, control="helper", effect=_acting_for),
    "backoffice:reports:page": Access(SELLERS),
    # The installable seller app's manifest, worker and offline page hold nothing personal.
    "backoffice:service_worker": Access(ALL),
    "backoffice:manifest": Access(ALL),
    "backoffice:offline": Access(ALL),
    "catalog_manage:list": Access(
        SELLERS, post=SELLERS, data=lambda w: {"rows-0-price": "165000", "rows-1-price": "165000"}
    ),
    "catalog_manage:new": Access(SELLERS, post=SELLERS, data=lambda w: {"photos": _upload()}),
    "catalog_manage:send_photo": Access(
        NOBODY,
        post=SELLERS,
        data=lambda w: {"client_key": uuid4(), "photo_key": uuid4(), "photo": _upload()},
    ),
    "catalog_manage:photos": Access(
        OWNER_A, post=OWNER_A, kwargs=_pk("draft_a"), data=lambda w: {"photos": _upload()}
    ),
    "catalog_manage:photo": Access(
        OWNER_A,
        post=OWNER_A,
        kwargs=lambda w: {"pk": w.draft_a.pk, "image_id": w.photo_a.pk},
        data=lambda w: {"action": "delete", "confirm": "1"},
    ),
    "catalog_manage:details": Access(OWNER_A, post=OWNER_A, kwargs=_pk("draft_a")),
    # A published product: its owner's post (no button: "keep as draft") takes it down,
    # while asking for what a product already is changes nothing.
    "catalog_manage:publish": Access(OWNER_A, post=OWNER_A, kwargs=_pk("product_a")),
    "catalog_manage:certificates": Access(
        OWNER_A,
        post=OWNER_A,
        kwargs=_pk("product_a"),
        data=lambda w: {
            "stars": "4",
            "decision_number": "1234/QĐ-UBND",
            "issued_on": "2025-01-15",
            "scan": _upload(),
        },
    ),
    "catalog_manage:certificate_scan": Access(
        OWNER_A,
        kwargs=lambda w: {"pk": w.product_a.pk, "certificate_id": w.certificate_a.pk},
    ),
    "catalog_manage:labels": Access(SELLERS),
    "catalog_manage:labels_print": Access(SELLERS),
    # Opens (creating on first use) the seller's story in the CMS: POST is the same as GET.
    "catalog_manage:story": Access(SELLERS),
    "fulfilment:list": Access(SELLERS),
    "money:statement": Access(SELLERS),
    "money:statement-csv": Access(SELLERS),
    "fulfilment:detail": Access(OWNER_A, kwargs=_pk("fulfilment_a")),
    "fulfilment:slip": Access(OWNER_A, kwargs=_pk("fulfilment_a")),
    "fulfilment:update": Access(
        NOBODY,
        post=OWNER_A,
        kwargs=_pk("fulfilment_a"),
        page=lambda w: f"/kenh-nguoi-ban/don-hang/{w.fulfilment_a.pk}/",
        data=lambda w: {"status": "confirmed"},
    ),
    # Booking a parcel with the carrier: tests/shipping proves seller B cannot, A can.
    "fulfilment:ship": Access(
        NOBODY,
        post=OWNER_A,
        kwargs=_pk("fulfilment_a"),
        page=lambda w: f"/kenh-nguoi-ban/don-hang/{w.fulfilment_a.pk}/",
        data=lambda w: {"grams": "500", "service": "standard"},
    ),
    "fulfilment:label": Access(OWNER_A, kwargs=_shipment),
    "fulfilment:unship": Access(
        NOBODY,
        post=OWNER_A,
        kwargs=_shipment,
        page=lambda w: f"/kenh-nguoi-ban/don-hang/{_shipment(w)['pk']}/",
    ),
    "livestream:manage": Access(SELLERS),
    "livestream:manage_new": Access(
        SELLERS,
        post=SELLERS,
        data=lambda w: {
            "title": "Sao chè buổi tối",
            "platform": "youtube",
            "stream_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "starts_at": "2030-01-15T19:00",
            "ends_at": "2030-01-15T20:00",
        },
    ),
    "livestream:manage_edit": Access(OWNER_A, post=OWNER_A, kwargs=_pk("live_a")),
    "livestream:manage_products": Access(
        OWNER_A,
        post=OWNER_A,
        kwargs=_pk("live_a"),
        data=lambda w: {f"price_{w.product_a.pk}": "110000"},
    ),
    "livestream:control": Access(
        OWNER_A,
        post=OWNER_A,
        kwargs=_pk("live_a"),
        page=lambda w: f"/live/kenh/{w.live_a.pk}/dieu-khien/",
        data=lambda w: {"action": "start"},
    ),
    # --- commune staff ---------------------------------------------------------------------
    "commune:queue": Access(STAFF),
    "commune:review": Access(STAFF_X, kwargs=_pk("applied")),
    "commune:decide": Access(
        NOBODY,
        post=STAFF_X,
        kwargs=_pk("applied"),
        page=lambda w: f"/can-bo-xa/ho-so/{w.applied.pk}/",
        data=lambda w: {"decision": "approve"},
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
        STAFF_X, post=STAFF_X, kwargs=_pk("certificate_a"), data=lambda w: {"verdict": "verify"}
    ),
    "catalog_commune:scan": Access(STAFF_X, kwargs=_pk("certificate_a")),
    "livestream:hosts": Access(STAFF),
    "livestream:verify_host": Access(
        NOBODY,
        post=STAFF_X,
        kwargs=lambda w: {"seller_pk": w.shop_a.pk},
        page=lambda w: "/live/xac-minh/",
        data=lambda w: {"action": "revoke", "reason": "Giấy tờ hết hạn"},
    ),
    # --- operator ------------------------------------------------------------------------
    "operations:reports": Access(OPERATOR),
    "operations:reports-csv": Access(OPERATOR),
    "operations:reports-recompute": Access(NOBODY, post=OPERATOR),
    "operations:home": Access(OPERATOR),
    "operations:transfers": Access(OPERATOR),
    "operations:find-order": Access(OPERATOR, query="number=100001"),
    "operations:refund": Access(OPERATOR, post=OPERATOR, kwargs=_order, no_control=MONEY),
    "operations:cod": Access(OPERATOR, post=OPERATOR, no_control=MONEY),
    "operations:payouts": Access(OPERATOR, post=OPERATOR, no_control=MONEY),
    "operations:payout-batch": Access(OPERATOR, post=OPERATOR, absent=True, no_control=MONEY),
    "operations:payout-paid": Access(NOBODY, post=OPERATOR, absent=True, no_control=MONEY),
    "operations:payout-batch-csv": Access(OPERATOR, absent=True),
    # The confirmation page's own submit: the form's key plus "confirmed".
    "operations:commissions": Access(
        OPERATOR, post=OPERATOR, data=lambda w: {"household": "6", "confirmed": "1"}
    ),
    "operations:confirm-transfer": Access(
        NOBODY,
        post=OPERATOR,
        kwargs=_pk("attempt"),
        page=lambda w: "/van-hanh/chuyen-khoan/",
        data=lambda w: {"confirmed": "1"},
    ),
    "backoffice:direct": Access(
        NOBODY,
        post=MEMBERS,
        page=lambda w: "/kenh-nguoi-ban/",
        data=lambda w: {"on": "1"},
        before=lambda client, w: _bank(w.shop_a),
    ),
    "direct:list": Access(SELLERS),
    # Confirming or refunding money is for the seller's own people, never a helper.
    "direct:confirm": Access(
        NOBODY,
        post=frozenset({"seller_a"}),
        kwargs=lambda w: {"pk": _pending_direct(w).pk},
        page=lambda w: f"/kenh-nguoi-ban/don-hang/{_pending_direct(w).fulfilment_id}/",
    ),
    "direct:refund": Access(
        frozenset({"seller_a"}),
        post=frozenset({"seller_a"}),
        kwargs=lambda w: {"pk": _received_direct(w).pk},
        data=lambda w: {"reason": "Hàng vỡ khi giao"},
    ),
    "money:invoices": Access(SELLERS),
    "money:invoice": Access(OWNER_A, kwargs=lambda w: {"pk": _invoice(w).pk}),
    "operations:invoices": Access(
        OPERATOR,
        post=OPERATOR,
        data=lambda w: {"month": _last_month_text()},
        before=lambda client, w: _direct_order(w, w.product_b, paid=True, last_month=True),
    ),
    "operations:invoice": Access(OPERATOR, kwargs=lambda w: {"pk": _invoice(w).pk}),
    "operations:invoice-paid": Access(
        NOBODY,
        post=OPERATOR,
        kwargs=lambda w: {"pk": _invoice(w).pk},
        page=lambda w: f"/van-hanh/hoa-don-hoa-hong/{_invoice(w).pk}/",
        data=lambda w: {"bank_reference": "FT26340001"},
    ),
    "operations:direct-sellers": Access(OPERATOR),
    "operations:direct-seller": Access(
        NOBODY,
        post=OPERATOR,
        kwargs=_pk("shop_a"),
        page=lambda w: "/van-hanh/chuyen-khoan-truc-tiep/",
        data=lambda w: {"action": "block", "reason": "Người mua khiếu nại"},
    ),
    "operations:bank": Access(OPERATOR),
    # One click: the queued transfer is marked to be sent back.
    "operations:bank-resolve": Access(
        NOBODY,
        post=OPERATOR,
        kwargs=lambda w: {"pk": _queued_transfer(w).pk, "action": "refund"},
        page=lambda w: "/van-hanh/ngan-hang/",
    ),
    # COD remittances: the operator uploads the carrier's statement file, and closes a
    # queued line in one click (tests/shipping/test_remittance.py goes further).
    "operations:remittances": Access(OPERATOR),
    "operations:remittance-upload": Access(
        NOBODY,
        post=OPERATOR,
        page=lambda w: "/van-hanh/doi-soat-cod/",
        data=lambda w: {"reference": "MATRIX-DS-2", "file": _statement_file()},
    ),
    "operations:remittance-resolve": Access(
        NOBODY,
        post=OPERATOR,
        kwargs=lambda w: {"pk": _queued_line(w).pk, "action": "dismiss"},
        page=lambda w: "/van-hanh/doi-soat-cod/",
        data=lambda w: {"reason": "Không phải kiện của sàn"},
    ),
    "operations:payout-csv": Access(OPERATOR, query="start=2026-01-01&end=2026-12-31"),
    # --- buyers: payment pages of their own order ------------------------------------------
    "payments:order": Access(BUYER, kwargs=_order),
    "payments:card": Access(
        BUYER,
        post=BUYER,
        kwargs=_order,
        no_control="card payments are off without a Stripe server; the card tests in "
        "tests/checkout pay through the local fake one",
    ),
    "payments:switch": Access(
        NOBODY,
        post=BUYER,
        kwargs=_order,
        data=lambda w: {"method": "cod"},
        no_control="cash on delivery first needs the code texted to the delivery phone; "
        "tests/checkout/test_checkout_flow.py proves the code for every buyer",
    ),
    # The confirmation page, then the cancellation of the buyer's unpaid order.
    "payments:cancel": Access(BUYER, post=BUYER, kwargs=_order, data=lambda w: {}),
    "places:communes": Access(ALL, query="tinh=1"),
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
    "share-product": Access(ALL, kwargs=lambda w: {"pk": w.product_a.pk}),
    "catalogue:category": Access(SAME),
    "catalogue:range": Access(SAME),
    "catalogue:reviews-list": Access(ALL, kwargs=_product),
    "catalogue:reviews-detail": Access(SAME, kwargs=_product),
    "catalogue:reviews-add": Access(
        SIGNED_IN,
        post=SIGNED_IN,
        kwargs=_product,
        control="buyer",
        data=lambda w: {"title": "Chè thơm", "score": "5", "body": "Nước xanh, vị ngọt hậu."},
        before=lambda client, w: _received(w.user("buyer"), w.product_a),  # buyers who got it
    ),
    "catalogue:reviews-vote": Access(SAME, post=SAME, kwargs=_product),
    "search:search": Access(ALL),
    "search:suggest": Access(ALL),
    "offer:list": Access(ALL),
    "offer:detail": Access(SAME),
    "basket:summary": Access(ALL, post=ALL),
    "basket:add": Access(NOBODY, post=ALL, kwargs=_pk("product_a")),
    "basket:vouchers-add": Access(NOBODY, post=ALL),
    "basket:vouchers-remove": Access(NOBODY, post=ALL),
    "basket:saved": Access(
        SIGNED_IN,
        post=SIGNED_IN,
        no_control="nobody in the world has saved a basket line for later",
    ),
    "checkout:index": Access(ALL, post=ALL),
    "checkout:shipping-address": Access(ALL, post=ALL),
    "checkout:shipping-method": Access(ALL, post=ALL),
    "checkout:payment-method": Access(ALL, post=ALL),
    "checkout:payment-details": Access(ALL, post=ALL),
    "checkout:preview": Access(ALL, post=ALL),
    "checkout:thank-you": Access(ALL),
    "checkout:user-address-update": Access(
        BUYER, post=BUYER, kwargs=_pk("address"), data=lambda w: {"line1": "Thôn Tân Lập 2"}
    ),
    "checkout:user-address-delete": Access(BUYER, post=BUYER, kwargs=_pk("address")),
    # --- Oscar customer accounts -------------------------------------------------------------
    "customer:login": Access(ALL, post=ALL),
    "customer:logout": Access(NOBODY, post=ALL),  # POST only: a cross-site GET signs nobody out
    "customer:register": Access(ALL, post=ALL),
    "customer:register-confirm": Access(SAME, post=SAME),  # step two: only after the form
    "customer:summary": Access(SIGNED_IN),
    "customer:change-password": Access(
        SIGNED_IN,
        post=SIGNED_IN,
        control="buyer",
        data=lambda w: {
            "old_password": PASSWORD,
            "new_password1": PASSWORD_CHANGE,
            "new_password2": PASSWORD_CHANGE,
        },
    ),
    "customer:profile-view": Access(SIGNED_IN),
    "customer:profile-update": Access(
        SIGNED_IN, post=SIGNED_IN, control="buyer", data=lambda w: {"first_name": "Thu Hà"}
    ),
    "customer:profile-delete": Access(
        SIGNED_IN, post=SIGNED_IN, control="buyer", data=lambda w: {"password": PASSWORD}
    ),
    "customer:order-list": Access(SIGNED_IN),
    "customer:order": Access(BUYER, post=BUYER, kwargs=_order),
    "customer:order-line": Access(
        BUYER,
        post=BUYER,
        kwargs=lambda w: {**_order(w), "line_id": w.order.lines.get().pk},
        page=lambda w: f"/accounts/orders/{w.order.number}/",
    ),
    "customer:anon-order-form": Access(SAME, post=SAME),
    "customer:anon-order": Access(SAME, post=SAME),
    "customer:address-list": Access(SIGNED_IN),
    "customer:address-create": Access(
        SIGNED_IN, post=SIGNED_IN, control="buyer", data=lambda w: _address(w)
    ),
    "customer:address-detail": Access(
        BUYER, post=BUYER, kwargs=_pk("address"), data=lambda w: {"line1": "Thôn Tân Lập 2"}
    ),
    "customer:address-delete": Access(BUYER, post=BUYER, kwargs=_pk("address")),
    # Oscar writes on GET here too (a redirect that saves): the owner's GET works.
    "customer:address-change-status": Access(
        BUYER,
        post=BUYER,
        kwargs=lambda w: {"pk": w.address.pk, "action": "default_for_shipping"},
        page=lambda w: "/accounts/addresses/",
    ),
    "customer:email-list": Access(SIGNED_IN),
    "customer:email-detail": Access(SAME),
    "route:accounts/notifications/": Access(SIGNED_IN),
    "customer:notifications-inbox": Access(SIGNED_IN),
    "customer:notifications-archive": Access(SIGNED_IN),
    "customer:notifications-update": Access(
        NOBODY, post=SIGNED_IN, no_control="nobody in the world has a notification to mark"
    ),
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
    "customer:wishlists-create": Access(
        SIGNED_IN, post=SIGNED_IN, data=lambda w: {"name": "Quà biếu", "visibility": "Private"}
    ),
    "customer:wishlists-create-with-product": Access(SIGNED_IN, post=SIGNED_IN, kwargs=_wishlist),
    "customer:wishlists-detail": Access(
        BUYER, post=BUYER, kwargs=_wishlist, data=lambda w: {"lines-0-quantity": "3"}
    ),
    "customer:wishlists-update": Access(
        BUYER, post=BUYER, kwargs=_wishlist, data=lambda w: {"name": "Quà Tết 2027"}
    ),
    "customer:wishlists-delete": Access(BUYER, post=BUYER, kwargs=_wishlist),
    "customer:wishlists-remove-product": Access(BUYER, post=BUYER, kwargs=_wishlist_line),
    # Oscar moves a line on GET (and answers POST with 405): a GET that writes.
    "customer:wishlists-move-product-to-another": Access(BUYER, kwargs=_wishlist),
    "wishlists:detail": Access(BUYER, kwargs=_wishlist),
    "password-reset": Access(
        ANONYMOUS,
        post=ANONYMOUS,
        effect=_emails_sent,
        data=lambda w: {"email": w.users["buyer"].email},
    ),
    "password-reset-done": Access(ANONYMOUS),
    # A reset link is for signed-out visitors; signed-in people are refused (403).
    "password-reset-confirm": Access(ANONYMOUS, post=SAME),
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
