"""Applying to sell: one form (saved as a draft or submitted), a status page, the papers."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..access import may_review
from ..forms import ApplicationForm
from ..models import Seller, SellerMember


def signin_required(view):
    return login_required(view, login_url=settings.SELLER_SIGNIN_URL)


@signin_required
@require_http_methods(["GET", "POST"])
def apply(request):
    """The application form. Without JavaScript, "Show communes" reloads it with the
    chosen province's communes and everything typed kept."""
    current = services.application_of(request.user)
    if current is not None and current.status not in services.EDITABLE_STATUSES:
        return redirect("sellers:application")
    submit = "submit" in request.POST
    initial = {} if current else {"phone": request.user.phone or "", "kind": "household"}
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=current,
        initial=initial,
        submit=submit,
    )
    refreshing = "choose_province" in request.POST
    if refreshing:
        # Only the commune list changes: show what was typed, without error messages.
        form = ApplicationForm(initial=request.POST.dict(), instance=current, submit=submit)
    if request.method == "POST" and not refreshing and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "id_document"}
        upload = form.cleaned_data.get("id_document")
        try:
            services.save_application(
                user=request.user,
                data=data,
                document=upload if hasattr(upload, "content_type") else None,
                submit=submit,
            )
        except services.SellerError as exc:
            form.add_error(None, str(exc))
        else:
            if submit:
                messages.success(request, _("Application sent. Commune staff will review it."))
            else:
                messages.success(request, _("Draft saved. You can finish it later."))
            return redirect("sellers:application")
    elif request.method == "POST" and not refreshing and request.FILES.get("id_document"):
        form, current = _keep_paper(request, form, current)
    return render(
        request,
        "sellers/apply.html",
        {"form": form, "application": current, "refreshing": refreshing},
    )


def _keep_paper(request, form, current):
    """A sending that fails on some field must not make the farmer photograph their ID
    paper again: when the draft itself is valid, it is saved with the paper, and the form
    comes back with its errors and the paper kept."""
    draft = ApplicationForm(request.POST, request.FILES, instance=current, submit=False)
    if not draft.is_valid() or "id_document" in form.errors:
        return form, current
    data = {k: v for k, v in draft.cleaned_data.items() if k != "id_document"}
    try:
        seller = services.save_application(
            user=request.user, data=data, document=draft.cleaned_data["id_document"], submit=False
        )
    except services.SellerError:
        return form, current
    messages.info(
        request, _("Your ID paper is kept with the draft. Fix what is marked, then send.")
    )
    kept = ApplicationForm(request.POST, instance=seller, submit=True)
    kept.is_valid()  # the same errors, now shown beside the kept paper
    return kept, seller


@signin_required
def application(request):
    """Where the application stands, with the reason staff gave."""
    current = services.application_of(request.user)
    if current is None:
        return redirect("sellers:apply")
    return render(
        request,
        "sellers/application.html",
        {"application": current, "editable": current.status in services.EDITABLE_STATUSES},
    )


@signin_required
def document(request, pk):
    """Serve an applicant's paper to the applicant, staff of its commune and operators.

    Anyone else gets 404, so the URL reveals nothing.
    """
    seller = get_object_or_404(Seller, pk=pk)
    is_member = SellerMember.objects.filter(seller=seller, user=request.user).exists()
    if not seller.id_document or not (is_member or may_review(request.user, seller.commune_id)):
        raise Http404
    content_type = mimetypes.guess_type(seller.id_document.name)[0] or "application/octet-stream"
    response = FileResponse(seller.id_document.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
