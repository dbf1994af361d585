from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PaymentAttempt

TEST_CARDS = [
    ("pm_card_visa", _("Test card: Visa, succeeds")),
    ("pm_card_chargeCustomerFail", _("Test card: declined")),
]


class TestCardForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("Card"), choices=TEST_CARDS, widget=forms.RadioSelect
    )


class SwitchMethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Pay another way"),
        choices=[
            (PaymentAttempt.Method.VIETQR, PaymentAttempt.Method.VIETQR.label),
            (PaymentAttempt.Method.COD, PaymentAttempt.Method.COD.label),
        ],
        widget=forms.RadioSelect,
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
