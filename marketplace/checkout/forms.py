from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403

from marketplace.address.forms import ADDRESS_FIELDS, AdminUnitFieldsMixin


class ShippingAddressForm(AdminUnitFieldsMixin, oscar_forms.ShippingAddressForm):
    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = ADDRESS_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_admin_unit_fields()
        self.set_vietnam()
