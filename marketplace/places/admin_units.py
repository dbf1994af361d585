r"""Vietnam's provinces and communes after the 1 July 2025 reform, and reads over them.

The units live in ``marketplace/places/data/admin_units_2025.json``: 34 provinces/cities and 3,321
commune-level units (2,621 xã, 687 phường, 13 đặc khu), with the codes of the General
Statistics Office. Names are NFC without their kind word ("Vĩnh Tuy", not "Xã Vĩnh Tuy");
codes are zero-padded strings ("08", "01156").

The file was generated once from the PyPI package ``vietnam-provinces==2025.10.1``
(GPL-3.0). That package is deliberately *not* a dependency of this project: only the facts
it lists (codes, names, kinds) are kept. To regenerate the file, from the project root, in a
throwaway virtualenv::

    python3 -m venv /tmp/vp && /tmp/vp/bin/pip install vietnam-provinces==2025.10.1
    /tmp/vp/bin/python - > marketplace/places/data/admin_units_2025.json <<'EOF'
    import json, re, unicodedata
    import vietnam_provinces as vp

    KIND = {"tỉnh": "tinh", "thành phố trung ương": "thanh_pho",
            "xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}
    PREFIXES = ("Thành phố ", "Xã ", "Phường ", "Đặc khu ")

    def bare(name):  # NFC, without the kind word: "Xã Vĩnh Tuy" -> "Vĩnh Tuy"
        name = unicodedata.normalize("NFC", name)
        return next((name[len(p):] for p in PREFIXES if name.startswith(p)), name)

    def slug(name):  # "Hồ Chí Minh" -> "ho-chi-minh"
        name = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
        name = "".join(c for c in name if unicodedata.category(c) != "Mn").lower()
        return re.sub(r"[^a-z0-9]+", "-", name).strip("-")

    provinces = [
        {"code": f"{int(p.code):02d}", "name": bare(p.name),
         "kind": KIND[p.division_type.value], "slug": slug(bare(p.name))}
        for p in sorted(vp.Province.iter_all(), key=lambda p: int(p.code))
    ]
    communes = [
        {"code": f"{int(w.code):05d}", "name": bare(w.name),
         "kind": KIND[w.division_type.value], "province": f"{int(w.province_code):02d}"}
        for w in sorted(vp.Ward.iter_all(), key=lambda w: int(w.code))
    ]
    head = {
        "version": vp.__version__,
        "source": f"PyPI vietnam-provinces {vp.__version__} (data retrieved "
        f"{vp.__data_version__}), after the General Statistics Office list of "
        "administrative units",
        "effective_date": "2025-07-01",
        "province_count": len(provinces),
        "commune_count": len(communes),
    }
    row = lambda o: json.dumps(o, ensure_ascii=False, separators=(", ", ": "))
    print("{")
    for key, value in head.items():
        print(f"  {row(key)}: {row(value)},")
    print('  "provinces": [\n' + ",\n".join("    " + row(p) for p in provinces) + "\n  ],")
    print('  "communes": [\n' + ",\n".join("    " + row(c) for c in communes) + "\n  ]")
    print("}")
    EOF

Then run ``manage.py load_admin_units`` (or ship a data migration calling
:func:`load_admin_units`). Codes changed between dataset versions, so rows are matched by
code and each row records the version it was last loaded from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from marketplace.text import fold, nfc

from .models import Commune

DATA_FILE = Path(__file__).resolve().parent / "data" / "admin_units_2025.json"

PROVINCE_KINDS = frozenset({"tinh", "thanh_pho"})
COMMUNE_KINDS = frozenset({"xa", "phuong", "dac_khu"})
_BATCH = 500


class AdminUnitDataError(ValueError):
    """The data file is not a consistent list of provinces and communes."""


@dataclass(frozen=True)
class LoadSummary:
    """What :func:`load_admin_units` did; mirrors the ``AdminUnitDataset`` row it wrote."""

    version: str
    source: str
    effective_date: dt.date
    province_count: int
    commune_count: int
    provinces_created: int
    provinces_updated: int
    communes_created: int
    communes_updated: int
    # Rows from an older dataset that are absent from this one. They are kept (sellers and
    # addresses may point at them) and keep their old ``dataset_version``.
    communes_stale: int


# The source writes "Chân Mây – Lăng Cô" but "Lâm Viên - Đà Lạt", "Cư M’gar" but "B'Lao";
# people type ASCII, so search keys use plain hyphens and apostrophes.
_ASCII_PUNCTUATION = str.maketrans({"–": "-", "—": "-", "‐": "-", "’": "'", "‘": "'"})


def search_key(text: str) -> str:
    """What ``Commune.search_name`` holds: "Cư M’gar" → "cu m'gar", "Bảo Nhai" → "bao nhai"."""
    return fold(text).translate(_ASCII_PUNCTUATION)


def province_slug(name: str) -> str:
    """ASCII slug of a province name: "Hồ Chí Minh" → "ho-chi-minh"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def read_admin_units(path: str | Path | None = None) -> dict[str, Any]:
    """Read and check the data file; names come back NFC."""
    with Path(path or DATA_FILE).open(encoding="utf-8") as fh:
        data = json.load(fh)
    try:
        provinces = [
            {**p, "code": str(p["code"]), "name": nfc(p["name"]).strip()} for p in data["provinces"]
        ]
        communes = [
            {
                **c,
                "code": str(c["code"]),
                "name": nfc(c["name"]).strip(),
                "province": str(c["province"]),
            }
            for c in data["communes"]
        ]
        header = {
            "version": str(data["version"]),
            "source": str(data["source"]),
            "effective_date": dt.date.fromisoformat(data["effective_date"]),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise AdminUnitDataError(f"Malformed admin-unit file: {exc!r}") from exc
    _check(provinces, communes, data)
    return {**header, "provinces": provinces, "communes": communes}


def _check(provinces: list[dict], communes: list[dict], data: dict) -> None:
    problems = []
    province_codes = {p["code"] for p in provinces}
    for label, rows in (("province", provinces), ("commune", communes)):
        dupes = [code for code, n in Counter(r["code"] for r in rows).items() if n > 1]
        if dupes:
            problems.append(f"duplicate {label} codes {dupes[:5]}")
    slugs = [p.get("slug") or province_slug(p["name"]) for p in provinces]
    if len(set(slugs)) != len(slugs):
        problems.append("province slugs are not unique")
    if bad := {p["kind"] for p in provinces} - PROVINCE_KINDS:
        problems.append(f"unknown province kinds {sorted(bad)}")
    if bad := {c["kind"] for c in communes} - COMMUNE_KINDS:
        problems.append(f"unknown commune kinds {sorted(bad)}")
    if orphans := {c["province"] for c in communes} - province_codes:
        problems.append(f"communes point at unknown provinces {sorted(orphans)}")
    for key, rows in (("province_count", provinces), ("commune_count", communes)):
        if key in data and data[key] != len(rows):
            problems.append(f"{key} says {data[key]} but the file lists {len(rows)}")
    if problems:
        raise AdminUnitDataError("; ".join(problems))


def load_admin_units(
    *,
    apps=None,
    path: str | Path | None = None,
    using: str = DEFAULT_DB_ALIAS,
    label: str = "places",
) -> LoadSummary:
    """Create or update every province and commune from the data file, by code.

    Idempotent: a second run with the same file changes nothing. Works at run time and in
    a data migration (pass the migration's ``apps`` and ``schema_editor.connection.alias``);
    it only touches fields that exist since ``sellers`` 0001/0002, so old migrations keep
    working when the models grow. ``label`` is the app holding the models in that state
    (they lived in ``sellers`` before ``places`` 0001).
    """
    # Historical models in a migration, the current ones otherwise.
    registry = apps or global_apps
    province_model = registry.get_model(label, "Province")
    commune_model = registry.get_model(label, "Commune")
    dataset_model = registry.get_model(label, "AdminUnitDataset")
    data = read_admin_units(path)
    version = data["version"]

    with transaction.atomic(using=using):
        p_created, p_updated = _upsert_provinces(province_model, data["provinces"], version, using)
        province_ids = dict(province_model.objects.using(using).values_list("code", "id"))
        c_created, c_updated = _upsert_communes(
            commune_model, data["communes"], province_ids, version, using
        )
        stale = commune_model.objects.using(using).exclude(dataset_version=version).count()
        dataset_model.objects.using(using).update_or_create(
            version=version,
            defaults={
                "source": data["source"][:255],
                "effective_date": data["effective_date"],
                "province_count": len(data["provinces"]),
                "commune_count": len(data["communes"]),
                "loaded_at": timezone.now(),
            },
        )
    return LoadSummary(
        version=version,
        source=data["source"],
        effective_date=data["effective_date"],
        province_count=len(data["provinces"]),
        commune_count=len(data["communes"]),
        provinces_created=p_created,
        provinces_updated=p_updated,
        communes_created=c_created,
        communes_updated=c_updated,
        communes_stale=stale,
    )


def _upsert_provinces(model, rows: list[dict], version: str, using: str) -> tuple[int, int]:
    existing = {p.code: p for p in model.objects.using(using).all()}
    fields = ("name", "kind", "slug", "dataset_version")
    new, changed = [], []
    for row in rows:
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "slug": row.get("slug") or province_slug(row["name"]),
            "dataset_version": version,
        }
        current = existing.get(row["code"])
        if current is None:
            new.append(model(code=row["code"], **values))
        elif any(getattr(current, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(current, f, v)
            changed.append(current)
    model.objects.using(using).bulk_update(changed, fields, batch_size=_BATCH)
    model.objects.using(using).bulk_create(new, batch_size=_BATCH)
    return len(new), len(changed)


def _upsert_communes(
    model, rows: list[dict], province_ids: dict[str, int], version: str, using: str
) -> tuple[int, int]:
    fields = ("name", "kind", "province_id", "search_name", "dataset_version")
    existing = {
        code: tuple(rest)
        for code, *rest in model.objects.using(using).values_list("code", "id", *fields)
    }
    new, changed = [], []
    for row in rows:
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "province_id": province_ids[row["province"]],
            "search_name": search_key(row["name"]),
            "dataset_version": version,
        }
        current = existing.get(row["code"])
        if current is None:
            new.append(model(code=row["code"], **values))
        elif current[1:] != tuple(values[f] for f in fields):
            changed.append((*(values[f] for f in fields), current[0]))
    _update_by_pk(model, fields, changed, using)
    model.objects.using(using).bulk_create(new, batch_size=_BATCH)
    return len(new), len(changed)


def _update_by_pk(model, fields: tuple[str, ...], rows: list[tuple], using: str) -> None:
    """``UPDATE … SET fields WHERE pk`` for each ``(*values, pk)`` row, in one executemany.

    ``bulk_update`` builds a CASE WHEN expression per row and field in Python: for the
    3,321 communes of a new dataset version that took ~9 s on SQLite, against ~0.3 s for one
    statement executed many times (~1.2 s on PostgreSQL).
    """
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    opts = model._meta
    # Identifiers come from model metadata, values travel as parameters.
    assignments = ", ".join(f"{quote(opts.get_field(f).column)} = %s" for f in fields)
    table, pk = quote(opts.db_table), quote(opts.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- Reads used by address and seller forms ----------------------------------------------

# Kind words people type before a name; matched on folded text, so "Xã" and "xa" alike.
_COMMUNE_PREFIX = re.compile(r"^(xa|phuong|dac khu|thi tran)\s+")
_WRITTEN_PREFIX = re.compile(r"^(xã|phường|đặc khu|thị trấn)\s+")
_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")


def communes_of(province) -> QuerySet:
    """Communes of one province (a ``Province`` or its pk), in alphabetical order.

    Sorted on the accent-free name so "Đông Thọ" sits among the D's instead of after "Yên"
    (a byte-wise sort would put every Â, Ă, Đ, Ô, Ơ, Ư name at the end) whatever the
    database collation. The province is joined because ``str(commune)`` shows it.
    """
    return (
        Commune.objects.filter(province=province)
        .select_related("province")
        .order_by("search_name", "name", "code")
    )


def find_commune(name: str, province_name: str | None = None):
    """The commune called ``name`` (in ``province_name``), ignoring case and diacritics.

    ``find_commune("bao nhai", "lao cai")`` finds Xã Bảo Nhai, Lào Cai. Kind prefixes
    ("Xã", "Phường", "Tỉnh", "Thành phố", "TP") are ignored. When the folded name is
    shared (e.g. "Văn Lang" and "Văn Lăng" in Thái Nguyên), an exact match of the written
    name decides; if it is still ambiguous, or nothing matches, returns ``None``.
    """
    wanted = _COMMUNE_PREFIX.sub("", search_key(name))
    if not wanted:
        return None
    candidates = Commune.objects.filter(search_name=wanted).select_related("province")
    if province_name:
        slug = province_slug(_PROVINCE_PREFIX.sub("", fold(province_name)))
        candidates = candidates.filter(province__slug=slug)
    found = list(candidates[:50])
    if len(found) > 1:
        written = _WRITTEN_PREFIX.sub("", " ".join(nfc(name).casefold().split()))
        found = [c for c in found if c.name.casefold() == written]
    return found[0] if len(found) == 1 else None
