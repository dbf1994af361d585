"""Commune staff verify the OCOP certificates of their commune's sellers."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from sellers.access import staff_communes

from . import selectors, services
from .forms import ReviewForm
from .manage_views import scan_response
from .models import OcopCertificate


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_superuser or staff_communes(request.user).exists()):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def queue(request):
    certificates = selectors.certificates_to_review(request.user)
    pending = certificates.filter(status=OcopCertificate.Status.PENDING)
    recent = certificates.exclude(status=OcopCertificate.Status.PENDING)[:30]
    return render(request, "catalog/commune/queue.html", {"pending": pending, "recent": recent})


@staff_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    certificate = get_object_or_404(selectors.certificates_to_review(request.user), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_certificate(
                actor=request.user,
                certificate=certificate,
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
            )
        except services.CatalogError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, certificate.get_status_display())
            return redirect("catalog_commune:queue")
    return render(
        request, "catalog/commune/review.html", {"certificate": certificate, "form": form}
    )


@staff_required
def scan(request, pk):
    certificate = get_object_or_404(selectors.certificates_to_review(request.user), pk=pk)
    return scan_response(certificate)
