"""Sign-in and registration by phone number or email (replacing Oscar's email-only forms)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer import forms as oscar_forms
from oscar.apps.customer.forms import *  # noqa: F403

from marketplace.users.phone import normalise_phone

User = get_user_model()


class EmailAuthenticationForm(oscar_forms.EmailAuthenticationForm):
    username = forms.CharField(
        label=_("Phone number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    error_messages = {
        **oscar_forms.EmailAuthenticationForm.error_messages,
        "invalid_login": _(
            "The phone number/email or the password is wrong. Passwords are case-sensitive."
        ),
    }


class EmailUserCreationForm(oscar_forms.EmailUserCreationForm):
    """Register with a phone number, an email, or both (at least one).

    Whether the phone or e-mail already has an account is not checked here: the answer
    would tell anyone who is registered. ``marketplace.customer.registration`` sends the
    code (or tells the owner) and creates the account only after the code.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("For example: 0912 345 678"),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    class Meta:
        model = User
        fields = ("phone", "email")

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "").strip()
        if not raw:
            return None
        return normalise_phone(raw)

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip()
        if not email:
            return None
        return User._default_manager.normalize_email(email)

    def validate_unique(self):
        """Not here: the model's unique checks would say who has an account. The account
        is built after the code (``registration.finish``), which handles a clash."""

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("phone")
            and not cleaned.get("email")
            and not self.has_error("phone")
            and not self.has_error("email")
        ):
            raise ValidationError(
                _("Please enter a phone number or an email address."), code="no_identifier"
            )
        return cleaned
