"""Demo people and shops: users, sellers with their Oscar partner, members and roles."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.places.admin_units import find_commune
from marketplace.places.models import Commune
from marketplace.users.phone import normalise_phone
from sellers.models import CommuneStaff, HelperConsent, HelperMembership, Seller, SellerMember

from . import data
from .upsert import upsert

User = get_user_model()
Partner = get_model("partner", "Partner")


class DemoDataError(RuntimeError):
    """The demo cannot be loaded as described (for example a commune is missing)."""


def resolve_commune(name: str, province: str) -> Commune:
    commune = find_commune(name, province)
    if commune is None:
        raise DemoDataError(
            f"Commune {name!r} in {province!r} is not in the loaded administrative units; "
            "run `manage.py migrate` (or `manage.py load_admin_units`) first."
        )
    return commune


def check_communes() -> None:
    """Fail before writing anything if one of the demo's communes is unknown."""
    places = {spec["commune"] for spec in data.SELLERS}
    places |= {p["origin"] for spec in data.SELLERS for p in spec["products"] if p["origin"]}
    places |= {a["commune"] for a in data.ACCOUNTS if "commune" in a}
    for name, province in sorted(places):
        resolve_commune(name, province)


class DemoPassword:
    """The shared demo password, hashed or checked at most once per load.

    Every demo account stores the same hash, so a second load verifies one account and
    compares the others' hashes as strings (each PBKDF2 check costs about a second on a
    small machine).
    """

    def __init__(self, raw: str):
        self.raw = raw
        self._encoded = ""

    def apply(self, user) -> None:
        if self._encoded and user.password == self._encoded:
            return
        if not self._encoded and user.password and check_password(self.raw, user.password):
            self._encoded = user.password
            return
        validate_password(self.raw, user)
        self._encoded = self._encoded or make_password(self.raw)
        user.password = self._encoded


def _find_user(phone: str | None, email: str | None):
    if phone and (user := User.objects.filter(phone=phone).first()):
        return user
    if email:
        return User.objects.filter(email__iexact=email).first()
    return None


def _snapshot(user) -> tuple:
    fields = ("phone", "email", "first_name", "last_name", "is_active", "is_staff")
    return (*(getattr(user, f) for f in fields), user.is_superuser, user.password)


def ensure_user(
    *,
    full_name: str,
    phone: str | None = None,
    email: str | None = None,
    password: DemoPassword | None = None,
    superuser: bool = False,
):
    """Get or create a user by phone or email; only demo accounts get a password."""
    phone = normalise_phone(phone) if phone else None
    email = User.objects.normalize_email(email) if email else None
    user = _find_user(phone, email) or User(phone=phone, email=email)
    before = _snapshot(user)
    user.phone, user.email = user.phone or phone, user.email or email
    user.set_full_name(full_name)
    user.is_active = True
    user.is_staff = user.is_superuser = superuser
    if password is None:
        if user.pk is None:
            user.set_unusable_password()
    else:
        password.apply(user)
    if user.pk is None or _snapshot(user) != before:
        user.save()
    return user


def _ensure_partner(seller: Seller, owner) -> Partner:
    partner = seller.partner or Partner.objects.filter(code=seller.slug).first()
    if partner is None:
        partner = Partner.objects.create(code=seller.slug, name=seller.display_name)
    elif partner.name != seller.display_name:
        partner.name = seller.display_name
        partner.save(update_fields=["name"])
    partner.users.add(owner)
    return partner


def ensure_seller(spec: dict) -> Seller:
    """A seller, its owner and (once approved) its Oscar partner, keyed by slug."""
    owner = ensure_user(full_name=spec["representative"], phone=spec["phone"])
    status = spec.get("status", Seller.Status.APPROVED)
    seller, _ = upsert(
        Seller,
        {"slug": spec["slug"]},
        {
            "kind": spec["kind"],
            "display_name": spec["display_name"],
            "representative_name": spec["representative"],
            "phone": normalise_phone(spec["phone"]),
            "commune": resolve_commune(*spec["commune"]),
            "address": spec["address"],
            "description": spec["description"],
            "status": status,
        },
    )
    if status == Seller.Status.APPROVED and not (seller.partner_id and seller.approved_at):
        seller.partner = _ensure_partner(seller, owner)
        seller.approved_at = seller.approved_at or timezone.now()
        seller.save(update_fields=["partner", "approved_at"])
    elif seller.partner_id:
        _ensure_partner(seller, owner)
    SellerMember.objects.get_or_create(
        seller=seller, user=owner, defaults={"role": SellerMember.Role.OWNER}
    )
    return seller


def _ensure_role(account: dict, user, sellers: dict[str, Seller]) -> None:
    if account["role"] == "commune_staff":
        commune = resolve_commune(*account["commune"])
        upsert(CommuneStaff, {"user": user, "commune": commune}, {"title": account["title"]})
    elif account["role"] == "helper":
        seller = sellers[account["helps"]]
        owner = seller.members.get(role=SellerMember.Role.OWNER).user
        ensure_team_member(user, seller.commune)
        HelperConsent.objects.get_or_create(
            helper=user, seller=seller, revoked_at=None, defaults={"granted_by": owner}
        )


def ensure_team_member(user, commune: Commune) -> HelperMembership:
    """``user`` in ``commune``'s digital-technology team, added by the commune's staff."""
    staff = CommuneStaff.objects.filter(commune=commune).order_by("pk").first()
    membership, _ = HelperMembership.objects.get_or_create(
        user=user,
        commune=commune,
        status=HelperMembership.Status.ACTIVE,
        defaults={"added_by": staff.user if staff else None, "joined_at": timezone.now()},
    )
    return membership


def ensure_accounts(sellers: dict[str, Seller]) -> list[dict]:
    """The demo accounts of ``data.ACCOUNTS``; returns rows for the printed table."""
    rows, password = [], DemoPassword(data.DEMO_PASSWORD)
    for account in data.ACCOUNTS:
        user = ensure_user(
            full_name=account["name"],
            phone=account.get("phone"),
            email=account.get("email"),
            password=password,
            superuser=account.get("superuser", False),
        )
        _ensure_role(account, user, sellers)
        login = " / ".join(x for x in (account.get("phone"), account.get("email")) if x)
        rows.append({"role": account["label"], "login": login, "user": user})
    return rows
