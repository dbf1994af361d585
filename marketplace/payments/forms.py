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

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period must not be before its start."))
        return data


class RefundForm(forms.Form):
    """One quantity field per refundable line, plus a reason."""

    reason = forms.CharField(label=_("Reason (shown in the audit log)"), max_length=255)
    paid_back_manually = forms.BooleanField(
        label=_("I paid the buyer back by bank transfer"),
        required=False,
        help_text=_("Only for card payments the card provider cannot refund."),
    )

    def __init__(self, *args, lines: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line, left in lines.items():
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=line.title,
                min_value=0,
                max_value=left,
                initial=0,
                required=False,
                disabled=left <= 0,
            )

    def line_fields(self):
        return [(line, left, self[f"line_{line.pk}"]) for line, left in self.lines.items()]

    def quantities(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0
            for line in self.lines
            if self.cleaned_data.get(f"line_{line.pk}")
        }


class CodResetForm(forms.Form):
    phone = forms.CharField(label=_("Buyer's phone number"), max_length=20)
