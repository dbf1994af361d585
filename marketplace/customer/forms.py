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
    """Register with a phone number, an email, or both (at least one)."""

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
        phone = normalise_phone(raw)
        if User._default_manager.filter(phone=phone).exists():
            raise ValidationError(
                _("This phone number is already registered. Sign in or reset your password."),
                code="duplicate_phone",
            )
        return phone

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip()
        if not email:
            return None
        return super().clean_email()

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

    def save(self, commit=True):
        user = super().save(commit=False)
        user.phone = self.cleaned_data.get("phone")
        user.email = self.cleaned_data.get("email")
        user.set_full_name(self.cleaned_data.get("full_name", ""))
        if commit:
            user.save()
        return user
