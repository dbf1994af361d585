"""Operator forms for money: commission per kind of seller, marking a payout batch paid."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sellers.models import Seller


class CommissionForm(forms.Form):
    """One percentage per kind of seller (5 means 5% of the goods' price)."""

    def __init__(self, *args, rates: dict[str, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Seller.Kind.choices:
            self.fields[kind] = forms.DecimalField(
                label=label,
                min_value=Decimal(0),
                max_value=Decimal(50),
                decimal_places=2,
                initial=(rates[kind] * 100).normalize(),
                help_text=_("Percent of the goods' price, 0 to 50."),
            )

    def rates(self) -> dict[str, Decimal]:
        return {kind: self.cleaned_data[kind] / 100 for kind in Seller.Kind.values}


class MarkPaidForm(forms.Form):
    bank_reference = forms.CharField(
        label=_("Bank transfer reference"),
        max_length=64,
        help_text=_("The reference on the bank's receipt for the transfers."),
    )
