"""Registration that works for phone-only accounts (Oscar assumes every user has email)."""

from django.conf import settings
from django.contrib.auth import login as auth_login
from oscar.apps.customer import mixins as oscar_mixins
from oscar.apps.customer.mixins import *  # noqa: F403
from oscar.apps.customer.signals import user_registered

from marketplace.users.backends import SESSION_BACKEND


class RegisterUserMixin(oscar_mixins.RegisterUserMixin):
    def register_user(self, form):
        user = form.save()
        user_registered.send_robust(sender=self, request=self.request, user=user)
        if user.email and getattr(settings, "OSCAR_SEND_REGISTRATION_EMAIL", True):
            self.send_registration_email(user)
        # The account was just created from this form: sign it in directly.
        auth_login(self.request, user, backend=SESSION_BACKEND)
        return user
