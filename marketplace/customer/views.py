"""Oscar's account views, with the order-line page made safe.

Stock Oscar answers a GET of an order line (``/accounts/orders/<number>/<line>/``) with a
server error (it ships no template for it), and an unknown line of one's own order too.
The line's actions (re-order) are POST-only; a GET goes back to the order.

Signing out is POST-only too: a GET from another site (an image, a link) must not sign
anyone out. The header has a plain form button for it, which needs no JavaScript.

Registering sends a code first (``registration``); ``RegisterConfirmView`` takes it and
only then creates the account and signs it in.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from oscar.apps.customer.signals import user_registered
from oscar.apps.customer.views import AccountAuthView as OscarAccountAuthView
from oscar.apps.customer.views import AccountRegistrationView as OscarAccountRegistrationView
from oscar.apps.customer.views import AddressCreateView as OscarAddressCreateView
from oscar.apps.customer.views import AddressUpdateView as OscarAddressUpdateView
from oscar.apps.customer.views import LogoutView as OscarLogoutView
from oscar.apps.customer.views import OrderDetailView as OscarOrderDetailView
from oscar.apps.customer.views import OrderHistoryView as OscarOrderHistoryView
from oscar.apps.customer.views import OrderLineView as OscarOrderLineView

from marketplace.order.selectors import order_tracking
from marketplace.payments.selectors import buyer_order_summary
from marketplace.places.views import ChooseProvinceMixin
from marketplace.users.backends import SESSION_BACKEND
from marketplace.users.forms import CodeForm
from marketplace.users.otp import OtpError
from marketplace.users.phone import display_phone

from . import registration
from .mixins import RegisterUserMixin


class AccountRegistrationView(OscarAccountRegistrationView):
    def form_valid(self, form):
        return self.start_registration(form) or self.form_invalid(form)


class AccountAuthView(OscarAccountAuthView):
    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            started = self.start_registration(form)
            if started:
                return started
        return self.render_to_response(self.get_context_data(registration_form=form))


@method_decorator(never_cache, name="dispatch")
class RegisterConfirmView(RegisterUserMixin, View):
    """The code screen of registration: the right code creates the account."""

    template_name = "customer/register_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.details = registration.pending(request)
        if not self.details:
            return redirect("customer:register")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.show(CodeForm())

    def post(self, request):
        if "send_again" in request.POST:
            try:
                registration.send_again(request)
            except OtpError as exc:
                messages.error(request, str(exc))
            else:
                messages.info(request, _("A new code is on its way."))
            return redirect("customer:register-confirm")
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        try:
            user, email_dropped = registration.finish(request, form.cleaned_data["code"])
        except OtpError as exc:
            form.add_error("code", str(exc))
            return self.show(form)
        user_registered.send_robust(sender=self, request=request, user=user)
        if user.email and getattr(settings, "OSCAR_SEND_REGISTRATION_EMAIL", True):
            self.send_registration_email(user)
        login(request, user, backend=SESSION_BACKEND)  # rotates the session key
        messages.success(request, _("Thanks for registering! Your account is ready."))
        if email_dropped:
            messages.info(
                request,
                _(
                    "The e-mail address was not added to your account. You can add an "
                    "e-mail in your profile."
                ),
            )
        return redirect(self.details["next"] or settings.LOGIN_REDIRECT_URL)

    def show(self, form):
        phone, email = self.details["phone"], self.details["email"]
        context = {
            "form": form,
            "sent_to": display_phone(phone) if phone else email,
            "by_phone": bool(phone),
        }
        return render(self.request, self.template_name, context)


class LogoutView(OscarLogoutView):
    # RedirectView answers POST with its GET, where Oscar signs out and drops the
    # basket and history cookies.
    http_method_names = ["post", "options"]


class AddressCreateView(ChooseProvinceMixin, OscarAddressCreateView):
    pass


class AddressUpdateView(ChooseProvinceMixin, OscarAddressUpdateView):
    pass


class OrderHistoryView(OscarOrderHistoryView):
    """The buyer's orders, each with its state in words (one query for all of them)."""

    def get_queryset(self):
        return super().get_queryset().prefetch_related("fulfilments", "payment_attempts")


class OrderDetailView(OscarOrderDetailView):
    """The buyer's order: its state in words, payment, refunds, cancelling, buying again."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = buyer_order_summary(self.object)
        context["parcels"] = order_tracking(self.object)
        return context


class OrderLineView(OscarOrderLineView):
    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, *args, **kwargs):
        self.get_object()  # someone else's order, or no such line: 404
        return redirect("customer:order", order_number=kwargs["order_number"])
