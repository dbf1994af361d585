"""Reports as CSV, through the project's one CSV writer (formulas neutralised, UTF-8 with a
byte-order mark)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.security.spreadsheet import csv_response

__all__ = ["csv_response", "write_area"]
from . import present


def write_area(writer, data: dict, *, title: str) -> None:
    """Every table of an area report, one section after the other."""
    writer.writerow([title, data["period"]])
    writer.writerow([])
    writer.writerow([_("Figure"), _("This period"), _("Previous period"), _("Change (%)")])
    for row in present.headlines(data["totals"], data["previous"]):
        change = "" if row["change"] is None else row["change"]
        writer.writerow([row["label"], row["value"], row["previous"], change])
    writer.writerow([])
    writer.writerow([_("Seller"), _("Orders"), _("Items sold"), _("Revenue (đồng)")])
    for row in data["by_seller"]:
        writer.writerow([row["name"], row["orders"], row["items"], row["gmv"]])
    writer.writerow([])
    writer.writerow([_("Product group"), _("Items sold"), _("Revenue (đồng)")])
    for row in data["by_group"]:
        writer.writerow([present.group_label(row["group"]), row["items"], row["gmv"]])
    writer.writerow([])
    writer.writerow([_("Payment method"), _("Orders"), _("Revenue (đồng)")])
    for row in data["by_method"]:
        writer.writerow([present.method_label(row["method"]), row["orders"], row["gmv"]])
    writer.writerow([])
    writer.writerow([_("OCOP stars"), _("Products")])
    for stars, count in data["ocop_stars"]:
        writer.writerow([f"{stars}★", count])
    writer.writerow([])
    writer.writerow([_("Month"), _("Orders"), _("Items sold"), _("Revenue (đồng)")])
    for row in data["trend"]:
        writer.writerow([row["month"], row["orders"], row["items"], row["gmv"]])
    if "by_commune" in data:
        _write_operator(writer, data)


def _write_operator(writer, data: dict) -> None:
    writer.writerow([])
    writer.writerow([_("Commission earned (đồng)"), data["commission"]])
    writer.writerow(
        [_("Payouts made"), data["payouts_made"]["count"], data["payouts_made"]["total"]]
    )
    writer.writerow([_("Payouts due"), data["payouts_due"]["count"], data["payouts_due"]["total"]])
    for key, heading in (("by_province", _("Province")), ("by_commune", _("Commune"))):
        writer.writerow([])
        writer.writerow([heading, _("Sellers"), _("Orders"), _("Items sold"), _("Revenue (đồng)")])
        for row in data[key]:
            writer.writerow([row["name"], row["sellers"], row["orders"], row["items"], row["gmv"]])
    writer.writerow([])
    writer.writerow([_("Product"), _("Seller"), _("Commune"), _("OCOP stars"), _("Expires on")])
    for row in data["expiring"]:
        writer.writerow(
            [row["product"], row["seller"], row["commune"], row["stars"], row["expires_on"]]
        )
