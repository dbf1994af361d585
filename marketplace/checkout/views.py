"""A shorter checkout for phones: basket → address → review and pay → placed.

Oscar's gateway, shipping-method and payment-method screens are skipped (their URLs
redirect): guests give a phone number on the address page, shipping is priced per seller
automatically and the payment choice sits on the review page. Oscar's session,
``OrderPlacementMixin`` and ``order_placed`` signal are kept.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from oscar.apps.checkout import views as oscar_views
from oscar.apps.payment.exceptions import UnableToTakePayment
from oscar.core.loading import get_model

from livestream.services import attribute_order
from marketplace.order.shipping import split_by_seller
from marketplace.payments import cod, stripe_api
from marketplace.payments.access import remember_order
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.payees import payees
from marketplace.payments.selectors import current_attempt
from marketplace.payments.services import start_payment, vietqr_deadline
from marketplace.payments.tasks import notify_order_placed
from marketplace.places.views import ChooseProvinceMixin
from marketplace.security.ratelimit import client_ip
from marketplace.users.otp import OtpError, send_code, verify_code
from themes.performance import fragments

from .forms import PaymentChoiceForm

Method = PaymentAttempt.Method
ShippingAddress = get_model("order", "ShippingAddress")


class IndexView(oscar_views.IndexView):
    def get(self, request, *args, **kwargs):
        return redirect("checkout:shipping-address")


def blank_address_form(form) -> str:
    """The fields of a delivery address form nobody has typed into yet: the same for every
    buyer, so kept (``fragments``) until the provinces, the form's fields or the templates
    change, rather than rendered field by field on each buyer's first address page."""
    fields = [
        [name, str(field.label), str(field.help_text), field.required, type(field.widget).__name__]
        for name, field in form.fields.items()
    ]
    html = fragments.kept(
        "checkout-address-form",
        lambda: render_to_string(
            "oscar/partials/form_fields.html", {"form": form, "style": "horizontal"}
        ),
        tags=("places",),
        describe=[type(form).__name__, fields],
    )
    return mark_safe(html)  # noqa: S308 (the form's own markup, as rendered)


class ShippingAddressView(ChooseProvinceMixin, oscar_views.ShippingAddressView):
    success_url = reverse_lazy("checkout:preview")
    # Guests give their phone on this very page, so no "email captured" precondition.
    pre_conditions = ["check_basket_is_not_empty", "check_basket_is_valid"]

    def post(self, request, *args, **kwargs):
        # Oscar looks the chosen address up with .get(): an id that is not a number, not
        # the buyer's, or already deleted must be "not found", not a server error.
        if request.user.is_authenticated and "address_id" in request.POST:
            address_id = request.POST["address_id"]
            mine = request.user.addresses.filter(pk=address_id) if address_id.isdigit() else None
            if mine is None or not mine.exists():
                raise Http404
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        # The session keeps the address as its columns (``province_id``): a buyer coming
        # back to this step finds their province and commune chosen again.
        initial = super().get_initial() or {}
        for name in ("province", "commune"):
            if f"{name}_id" in initial:
                initial.setdefault(name, initial.pop(f"{name}_id"))
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["seller_parts"] = split_by_seller(self.request.basket.all_lines())
        form = ctx.get("form")
        if form is not None and not form.is_bound and not form.initial:
            ctx["blank_form"] = blank_address_form(form)
        return ctx


class ShippingMethodView(oscar_views.ShippingMethodView):
    def get(self, request, *args, **kwargs):
        return redirect("checkout:preview")

    post = get


class UserAddressUpdateView(ChooseProvinceMixin, oscar_views.UserAddressUpdateView):
    pass


class PaymentMethodView(oscar_views.PaymentMethodView):
    def get(self, request, *args, **kwargs):
        return redirect("checkout:preview")


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    # --- what the buyer may choose --------------------------------------------------------

    def get_shipping_address(self, basket):
        # Read from the session once per request: the page asks for it many times.
        if getattr(self, "_shipping_address_of", None) is not basket:
            self._shipping_address = super().get_shipping_address(basket)
            self._shipping_address_of = basket
        return self._shipping_address

    def buyer_phone(self) -> str:
        address = self.get_shipping_address(self.request.basket)
        return str(getattr(address, "phone_number", "") or "")

    def available_methods(self) -> list[str]:
        # Once per request (the form and the page both ask); payment checks COD again.
        if not hasattr(self, "_methods"):
            self._methods = self._available_methods()
        return self._methods

    def _available_methods(self) -> list[str]:
        methods = [Method.VIETQR]
        if cod.cod_allowed(self.buyer_phone()):
            methods.insert(0, Method.COD)
        if stripe_api.is_configured():
            methods.append(Method.STRIPE)
        return methods

    def needs_code(self) -> bool:
        return cod.needs_code(self.request.user, self.buyer_phone())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        methods = self.available_methods()
        ctx.setdefault("payment_form", PaymentChoiceForm(methods=methods))
        ctx["seller_parts"] = split_by_seller(
            self.request.basket.all_lines(),
            destination=self.get_shipping_address(self.request.basket),
        )
        ctx["cod_blocked"] = Method.COD not in methods
        ctx["needs_code"] = self.needs_code()
        ctx["buyer_phone"] = self.buyer_phone()
        return ctx

    # --- submit -----------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        action = request.POST.get("action", "")
        form = PaymentChoiceForm(request.POST, methods=self.available_methods())
        if action == "send_code":
            return self.send_cod_code(form)
        if action != "place_order":
            return self.render_preview(request, payment_form=form)
        if not form.is_valid():
            return self.render_preview(request, payment_form=form)
        method = form.cleaned_data["method"]
        if method == Method.COD and self.needs_code():
            try:
                verify_code(
                    phone=self.buyer_phone(),
                    purpose=cod.OTP_PURPOSE,
                    code=form.cleaned_data["code"],
                    ip=client_ip(request),
                )
            except OtpError as exc:
                form.add_error("code", str(exc))
                return self.render_preview(request, payment_form=form)
        self.payment_method = method
        return self.submit(**self.build_submission())

    def send_cod_code(self, form):
        try:
            send_code(
                phone=self.buyer_phone(),
                purpose=cod.OTP_PURPOSE,
                ip=client_ip(self.request),
            )
        except OtpError as exc:
            return self.render_preview(self.request, payment_form=form, error=str(exc))
        messages.info(self.request, _("We sent a 6-digit code to your phone. Enter it below."))
        return self.render_preview(self.request, payment_form=form, code_sent=True)

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        # Guests give a phone, not an email: store "" rather than NULL.
        order_kwargs = submission["order_kwargs"]
        if "guest_email" in order_kwargs and not order_kwargs["guest_email"]:
            order_kwargs["guest_email"] = ""
        return submission

    def handle_payment(self, order_number, total, **kwargs):
        # Nothing is taken before the order exists: COD and VietQR are paid later and a
        # card intent needs the order number. COD was checked against the phone's
        # refusals when this request began; the form offered only what was allowed.
        if self.payment_method == Method.COD and Method.COD not in self.available_methods():
            raise UnableToTakePayment(_("Cash on delivery is not available for this phone number."))

    def send_order_placed_email(self, order):
        # Guests often have no email: Oscar's dispatcher would fail on them. They get
        # seller status texts on their phone instead.
        if order.email:
            super().send_order_placed_email(order)

    def handle_successful_order(self, order):
        attempt = start_payment(order=order, method=self.payment_method, new_order=True)
        remember_order(self.request, order)
        # An order made from a live page, short code or QR counts for that live.
        attribute_order(order=order, request=self.request)
        transaction.on_commit(lambda: notify_order_placed.delay(order.pk))
        response = super().handle_successful_order(order)
        if attempt.method == Method.STRIPE:
            return redirect("payments:card", number=order.number)
        return response


class ThankYouView(oscar_views.ThankYouView):
    def get_object(self, queryset=None):
        """The order with what the page shows read in a few queries: its lines and their
        products, discounts and surcharges, and the delivery address with its commune."""
        order = super().get_object(queryset)
        if order is None:  # no order placed in this session: Oscar sends them home
            return None
        if order.shipping_address_id:
            order.shipping_address = (
                ShippingAddress.objects.select_related("province", "commune__province", "country")
                .filter(pk=order.shipping_address_id)
                .first()
            )
        prefetch_related_objects(
            [order], "lines__product", "lines__attributes", "discounts", "surcharges"
        )
        return order

    def get_context_data(self, *args, **kwargs):
        ctx = super().get_context_data(*args, **kwargs)
        order = ctx["order"]
        attempt = current_attempt(order)
        ctx["attempt"] = attempt
        ctx["fulfilments"] = order.fulfilments.select_related("seller")
        if attempt and attempt.method == Method.VIETQR:
            ctx["payees"] = payees(attempt)
            ctx["pay_before"] = vietqr_deadline(attempt)
        ctx["order_url"] = reverse("payments:order", kwargs={"number": order.number})
        return ctx
