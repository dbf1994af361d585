"""Gate: every Vietnamese catalogue is complete and its committed .mo matches the .po.

Run as ``python -m tests.check_translations`` (``make lint`` does). Exits non-zero with a
list of problems: untranslated or fuzzy entries, or a stale/missing compiled file.
"""

import gettext
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "var", "node_modules", ".git"}


def catalogues():
    for po in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        if not SKIP.intersection(po.relative_to(ROOT).parts):
            yield po


def parsed_mo(data: bytes) -> dict:
    catalog = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)
    catalog.pop("", None)  # the header: compilers format it differently
    return catalog


def problems_of(po: Path) -> list[str]:
    problems = []
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"{po}: untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"{po}: fuzzy: {message.id!r}")
    mo = po.with_suffix(".mo")
    if not mo.exists():
        return [*problems, f"{mo}: missing (run `make messages`)"]
    fresh = io.BytesIO()
    write_mo(fresh, catalog)
    if parsed_mo(fresh.getvalue()) != parsed_mo(mo.read_bytes()):
        problems.append(f"{mo}: out of date with {po.name} (run `make messages`)")
    return problems


def main() -> int:
    found = list(catalogues())
    problems = [p for po in found for p in problems_of(po)]
    for line in problems:
        print(line)
    print(f"translations: {len(found)} catalogue(s), {len(problems)} problem(s)")
    return 1 if problems or not found else 0


if __name__ == "__main__":
    sys.exit(main())
