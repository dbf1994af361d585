"""Registration that proves the phone or e-mail before any account exists.

Oscar creates and signs in the account as soon as the form is valid, and its form says
when an address is taken. Here a valid form only starts ``registration`` (a code to the
phone or e-mail); the code screen finishes it.
"""

from django.shortcuts import redirect
from oscar.apps.customer import mixins as oscar_mixins
from oscar.apps.customer.mixins import *  # noqa: F403

from marketplace.users.otp import OtpError

from . import registration


class RegisterUserMixin(oscar_mixins.RegisterUserMixin):
    def start_registration(self, form):
        """Send the code; the form with a translated error when a limit is reached."""
        try:
            registration.start(self.request, form)
        except OtpError as exc:
            form.add_error("phone" if form.cleaned_data.get("phone") else "email", str(exc))
            return None
        return redirect("customer:register-confirm")
