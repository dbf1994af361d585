from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403

from marketplace.address.forms import ADDRESS_FIELDS, AdminUnitFieldsMixin
from marketplace.payments.models import PaymentAttempt


class ShippingAddressForm(AdminUnitFieldsMixin, oscar_forms.ShippingAddressForm):
    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = ADDRESS_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_admin_unit_fields()
        self.set_vietnam()
        # The seller's courier calls this number; guests are also reached on it.
        if "phone_number" in self.fields:
            self.fields["phone_number"].required = True
            self.fields["phone_number"].label = _("Phone number")


class PaymentChoiceForm(forms.Form):
    """How to pay, chosen on the review page; a one-time code for guest cash on delivery."""

    method = forms.ChoiceField(
        label=_("How would you like to pay?"),
        choices=PaymentAttempt.Method.choices,
        initial=PaymentAttempt.Method.COD,
        widget=forms.RadioSelect,
    )
    code = forms.CharField(
        label=_("Code sent to your phone"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, methods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if methods is not None:
            self.fields["method"].choices = [
                c for c in PaymentAttempt.Method.choices if c[0] in methods
            ]
            if PaymentAttempt.Method.COD not in methods:
                self.fields["method"].initial = PaymentAttempt.Method.VIETQR
