"""Amounts of money typed by people, read the way Vietnamese people write them.

"150.000" is one hundred and fifty thousand đồng (the dot groups thousands), and so are
"150000", "150.000 ₫", "150.000đ", "150,000" and "150k". Input that could mean two
different amounts ("150.5", "1.50.000", "1.500,000") is refused with a message that says
what was read, so nobody sells at a thousandth of the intended price.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Currency marks people add after the number; compared after lower-casing and NFC.
_CURRENCY_SUFFIXES = ("₫", "vnđ", "vnd", "đồng", "dong", "đ")
# Thousand multipliers ("150k", "150 nghìn", "150 ngàn").
_THOUSAND_SUFFIXES = ("nghìn", "ngàn", "k")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN = re.compile(r"\d+")
# 1 to 3 digits, then groups of exactly three after one kind of separator.
_GROUPED = re.compile(r"\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*")


class AmountUnclear(ValueError):
    """The text is not one clear whole number of đồng."""


def group_thousands(amount: int | Decimal) -> str:
    """``150000`` → ``"150.000"``, the way an amount is typed back into a field."""
    return f"{int(amount):,}".replace(",", ".")


def _strip_suffix(text: str, suffixes: tuple[str, ...]) -> tuple[str, bool]:
    for suffix in suffixes:
        if text.endswith(suffix):
            return text[: -len(suffix)].rstrip(), True
    return text, False


def parse_vnd(raw: str) -> int:
    """Return the whole đồng written in ``raw``; raise ``AmountUnclear`` otherwise.

    The dot and the comma both group thousands (VND has no minor unit), so a separator is
    only accepted in front of exactly three digits, and one text uses only one kind.
    """
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", raw or "")).strip().lower()
    text, _currency = _strip_suffix(text, _CURRENCY_SUFFIXES)
    text, thousands = _strip_suffix(text, _THOUSAND_SUFFIXES)
    text = text.replace(" ", "")
    if _PLAIN.fullmatch(text) or _GROUPED.fullmatch(text):
        amount = int(text.replace(".", "").replace(",", ""))
        return amount * 1000 if thousands else amount
    raise AmountUnclear(raw)


def _readings(raw: str) -> str:
    """The digits we did see, for the message: "150.5" → "150 và 5"."""
    return gettext(" and ").join(re.findall(r"\d+", raw or ""))


class MoneyField(forms.Field):
    """A whole-đồng amount typed as text ("150.000", "150000", "150.000 ₫", "150k").

    Cleans to ``Decimal``; redisplays stored amounts grouped ("150.000") so a form sent
    back unchanged means the same amount.
    """

    widget = forms.TextInput

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # "numeric" brings up the digit keypad; dots and "₫" from a text keyboard still parse.
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs

    def prepare_value(self, value):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return group_thousands(value)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | Decimal):
            return Decimal(int(value))
        if str(value).strip().startswith("-"):
            raise ValidationError(_("An amount cannot be below zero."), code="min_value")
        try:
            return Decimal(parse_vnd(str(value)))
        except AmountUnclear:
            digits = _readings(str(value))
            if digits:
                message = _(
                    "We could not read “%(typed)s” as one amount: we see the numbers "
                    "%(digits)s. Write whole đồng with dots between thousands, for example "
                    "150.000 or 150000."
                )
            else:
                message = _(
                    "“%(typed)s” is not an amount. Write whole đồng, for example 150.000 or 150000."
                )
            raise ValidationError(
                message, code="unclear", params={"typed": value, "digits": digits}
            ) from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        understood = group_thousands(value) + " ₫"
        if self.min_value is not None and value < self.min_value and value <= 0:
            raise ValidationError(
                _("We read this as %(understood)s: the amount must be at least %(limit)s."),
                code="min_value",
                params={"understood": understood, "limit": group_thousands(self.min_value) + " ₫"},
            )
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _(
                    "We read this as %(understood)s, below the lowest allowed %(limit)s. "
                    "For %(understood_thousands)s thousand đồng, type %(suggestion)s."
                ),
                code="min_value",
                params={
                    "understood": understood,
                    "limit": group_thousands(self.min_value) + " ₫",
                    "understood_thousands": group_thousands(value),
                    "suggestion": group_thousands(value * 1000),
                },
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                _("We read this as %(understood)s, above the highest allowed %(limit)s."),
                code="max_value",
                params={"understood": understood, "limit": group_thousands(self.max_value) + " ₫"},
            )
