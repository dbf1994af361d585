"""CSV files for spreadsheet programs: the one way the project writes CSV.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken as
a formula by Excel, LibreOffice and Google Sheets, so a shop name or bank holder typed as
``=HYPERLINK(…)`` would run on the operator's computer. Such text cells get a leading
apostrophe, which spreadsheets show as text and do not display. Numbers stay numbers.
The file starts with a byte-order mark so spreadsheet programs read Vietnamese.
"""

from __future__ import annotations

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose text cells can never be read as formulas."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, SafeWriter(response)
