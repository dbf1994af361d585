from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# The backend every sign-in made in code names (``login(request, user, backend=…)``).
# The session stores it and every later request asks it for the user, so it must be a
# backend with ``get_user``: the first entry of AUTHENTICATION_BACKENDS is the lockout
# check, which is not.
SESSION_BACKEND = "marketplace.users.backends.PhoneOrEmailBackend"


class PhoneOrEmailBackend(ModelBackend):
    """Password sign-in with a phone number (0912…, +84912…) or an email address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        identifier = username or kwargs.get("email") or kwargs.get("phone")
        if not identifier or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(identifier)
        except User.DoesNotExist:
            # Hash anyway so response time does not reveal which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
