"""Commune staff: the review queue of their communes, decisions, consent in person, log."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellers.audit_text import lines

from .. import helpers, selectors, services
from ..access import is_commune_staff, may_review
from ..forms import DecisionForm, InPersonConsentForm
from ..models import Seller
from .apply import signin_required


def staff_required(view):
    @signin_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_commune_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def queue(request):
    status = request.GET.get("status") or Seller.Status.APPLIED
    if status not in Seller.Status.values or status == Seller.Status.DRAFT:
        raise Http404
    page = Paginator(selectors.review_queue(request.user, status), 50).get_page(
        request.GET.get("page")
    )
    counts = selectors.queue_counts(request.user)
    tabs = [
        (value, label, counts.get(value, 0))
        for value, label in Seller.Status.choices
        if value != Seller.Status.DRAFT
    ]
    return render(
        request, "sellers/commune/queue.html", {"page": page, "status": status, "tabs": tabs}
    )


def _reviewable(request, pk) -> Seller:
    seller = get_object_or_404(Seller.objects.select_related("commune__province"), pk=pk)
    if seller.status == Seller.Status.DRAFT:
        raise Http404
    return seller


@staff_required
def review(request, pk, decision_form=None, consent_form=None):
    seller = _reviewable(request, pk)
    if not may_review(request.user, seller.commune_id):
        raise PermissionDenied
    return render(
        request,
        "sellers/commune/review.html",
        {
            "seller": seller,
            "decision_form": decision_form or DecisionForm(),
            "consent_form": consent_form or InPersonConsentForm(),
            "consents": selectors.helper_consents(seller),
            "events": lines(selectors.audit_events(seller=seller)[:30]),
            "owners": seller.members.select_related("user"),
        },
    )


@require_POST
@staff_required
def decide(request, pk):
    seller = _reviewable(request, pk)
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision", "")
    if form.is_valid():
        try:
            services.decide(
                actor=request.user,
                seller=seller,
                decision=decision,
                reason=form.cleaned_data["reason"],
            )
        except services.SellerError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("Decision saved. The seller has been told."))
            return redirect("commune:review", pk=seller.pk)
    return review(request, pk, decision_form=form)


@require_POST
@staff_required
def consent(request, pk):
    seller = _reviewable(request, pk)
    form = InPersonConsentForm(request.POST)
    if form.is_valid():
        try:
            helpers.record_consent_in_person(
                actor=request.user, seller=seller, helper_phone=form.cleaned_data["helper_phone"]
            )
        except services.SellerError as exc:
            form.add_error("helper_phone", str(exc))
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("commune:review", pk=seller.pk)
    elif not may_review(request.user, seller.commune_id):
        raise PermissionDenied
    return review(request, pk, consent_form=form)


@staff_required
def audit_log(request):
    page = Paginator(selectors.audit_events(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sellers/audit.html",
        {"page": page, "lines": lines(page.object_list), "title": _("Activity log")},
    )
