"""Seller back office for products: list from a phone in three screens, quick price list.

Every view runs through ``seller_required``; a product that is not the acting seller's is
a 404, so nobody learns that another seller's product id exists.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sellers.access import seller_required
from sellers.models import Seller
from sellers.offline import offline_copy

from . import labels, photos, selectors, services
from .forms import CertificateForm, DetailsForm, PhotosForm, QuickFormSet, SentPhotoForm

SELLING = Seller.SELLING_STATUSES


def _wants_json(request) -> bool:
    """The phone's draft sender asks for JSON; forms posted by the browser get pages."""
    return "application/json" in request.headers.get("Accept", "")


def _refused(errors: list[str], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def _form_errors(form) -> list[str]:
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


def _own_product(request, pk):
    return get_object_or_404(selectors.seller_products(request.seller_context.seller), pk=pk)


def _record(product):
    records = getattr(product, "own_stockrecords", None)
    return records[0] if records else None


@offline_copy
@seller_required
@require_http_methods(["GET", "POST"])
def product_list(request):
    """All the seller's products on one screen, price and stock editable in place."""
    seller = request.seller_context.seller
    products = list(selectors.seller_products(seller))
    initial = []
    for product in products:
        record = _record(product)
        product.record = record
        initial.append(
            {
                "product_id": product.pk,
                "price": int(record.price) if record and record.price is not None else None,
                "stock": record.num_in_stock if record else 0,
            }
        )
    formset = QuickFormSet(request.POST or None, initial=initial, prefix="rows")
    if request.method == "POST" and formset.is_valid():
        changes = {
            row["product_id"]: (row["price"], row["stock"]) for row in formset.cleaned_data if row
        }
        try:
            changed = services.set_prices_and_stock(context=request.seller_context, changes=changes)
        except services.CatalogError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved: %(n)s products changed.") % {"n": changed})
            return redirect("catalog_manage:list")
    rows = list(zip(products, formset.forms, strict=False))
    return render(
        request,
        "catalog/manage/list.html",
        {"rows": rows, "formset": formset, "seller": seller, "can_sell": seller.status in SELLING},
    )


@offline_copy
@seller_required(statuses=SELLING)
@require_http_methods(["GET", "POST"])
def product_new(request):
    """Screen 1 of 3: photos first.

    The page also carries the details screen's fields in an inert ``<template>``: when the
    photos cannot be sent, the phone's script lets the seller go on with the details and
    the publish step, kept on the phone with the photos. Without JavaScript it is unused.
    """
    form = PhotosForm(
        request.POST or None, request.FILES or None, initial={"client_key": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            product = services.create_draft(
                context=request.seller_context,
                files=form.cleaned_data["photos"],
                client_key=form.cleaned_data["client_key"],
            )
        except services.CatalogError as exc:
            form.add_error("photos", str(exc))
        else:
            return redirect("catalog_manage:details", pk=product.pk)
    return render(
        request,
        "catalog/manage/photos.html",
        {"form": form, "step": 1, "details_form": DetailsForm()},
    )


@seller_required(statuses=SELLING)
@require_http_methods(["POST"])
def send_photo(request):
    """One photo of a draft the phone kept while offline; answers in JSON for its script.

    Without JavaScript the new-product form posts all photos at once to ``product_new``.
    """
    form = SentPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(
            {"error": _("The photo did not arrive whole; send it again.")}, status=400
        )
    try:
        product = services.add_photo_once(
            context=request.seller_context,
            client_key=form.cleaned_data["client_key"],
            photo_key=form.cleaned_data["photo_key"],
            file=form.cleaned_data["photo"],
        )
    except services.CatalogError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    product.refresh_from_db()  # as the details screen will read it: defaults as stored
    return JsonResponse(
        {
            "product": product.pk,
            "photos": product.images.count(),
            "next": reverse("catalog_manage:details", kwargs={"pk": product.pk}),
            "publish": reverse("catalog_manage:publish", kwargs={"pk": product.pk}),
            # The details the phone kept are saved over this version only.
            "version": services.details_version(product),
        }
    )


@seller_required(statuses=SELLING)
@require_http_methods(["GET", "POST"])
def product_photos(request, pk):
    """A listed product's photos: add more, delete one, move one up or down."""
    product = _own_product(request, pk)
    form = PhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_photos(
                context=request.seller_context, product=product, files=form.cleaned_data["photos"]
            )
        except services.CatalogError as exc:
            form.add_error("photos", str(exc))
        else:
            messages.success(request, _("Photos added."))
            return redirect("catalog_manage:photos", pk=product.pk)
    return render(
        request,
        "catalog/manage/photos.html",
        {"form": form, "product": product, "photos": product.images.all(), "step": 1},
    )


@seller_required(statuses=SELLING)
@require_http_methods(["GET", "POST"])
def photo_action(request, pk, image_id):
    """Move a photo up or down, or delete it (after a confirmation screen); no JavaScript."""
    product = _own_product(request, pk)
    image = get_object_or_404(product.images.all(), pk=image_id)
    action = request.POST.get("action", "")
    if request.method == "GET" or (action == "delete" and "confirm" not in request.POST):
        return render(
            request, "catalog/manage/photo_delete.html", {"product": product, "image": image}
        )
    try:
        if action == "delete":
            photos.delete_photo(context=request.seller_context, product=product, image_id=image.pk)
            messages.success(request, _("Photo deleted."))
        elif action in photos.DIRECTIONS:
            photos.move_photo(
                context=request.seller_context, product=product, image_id=image.pk, direction=action
            )
        else:
            messages.error(request, _("Unknown action."))
    except services.CatalogError as exc:
        messages.error(request, str(exc))
    return redirect("catalog_manage:photos", pk=product.pk)


def _details_initial(product) -> dict:
    record = _record(product)
    category = product.categories.first()
    return {
        "title": "" if not record else product.title,
        "category": category.pk if category else None,
        "unit": product.unit,
        "weight_grams": product.weight_grams,
        "price": int(record.price) if record and record.price is not None else None,
        "stock": record.num_in_stock if record else None,
        "description": product.description,
        "harvest_season": product.harvest_season,
        "version": services.details_version(product),
    }


@seller_required(statuses=SELLING)
@require_http_methods(["GET", "POST"])
def product_details(request, pk):
    """Screen 2 of 3: name, category, unit, price, stock, description, season.

    The phone's draft sender posts the same form asking for JSON: it gets the refusal's
    messages (to show on its waiting list) instead of the page.
    """
    product = _own_product(request, pk)
    form = DetailsForm(request.POST or None, initial=_details_initial(product))
    if request.method == "POST" and not form.is_valid() and _wants_json(request):
        return _refused(_form_errors(form))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_details(
                context=request.seller_context,
                product=product,
                details=form.details(),
                base_version=form.cleaned_data["version"],
            )
        except services.ConflictError as exc:
            if _wants_json(request):
                return _refused([str(exc)], status=409)
            return _details_conflict(request, pk, product, str(exc))
        except services.CatalogError as exc:
            if _wants_json(request):
                return _refused([str(exc)])
            form.add_error(None, str(exc))
        else:
            if _wants_json(request):
                return JsonResponse(
                    {"next": reverse("catalog_manage:publish", kwargs={"pk": product.pk})}
                )
            return redirect("catalog_manage:publish", pk=product.pk)
    return render(
        request, "catalog/manage/details.html", {"form": form, "product": product, "step": 2}
    )


def _details_conflict(request, pk, product, message: str):
    """Keep what the seller typed, show what the server holds, and let the next save be
    made knowingly over the current version."""
    current = _details_initial(_own_product(request, pk))
    data = request.POST.copy()
    data["version"] = current["version"]
    form = DetailsForm(data, initial=current)
    form.is_valid()
    form.add_error(None, message)
    return render(
        request,
        "catalog/manage/details.html",
        {"form": form, "product": product, "step": 2, "server": current},
        status=409,
    )


@seller_required(statuses=SELLING)
@require_http_methods(["GET", "POST"])
def product_publish(request, pk):
    """Screen 3 of 3: check and publish (or keep as a draft, or take down).

    Publishing twice (a resent draft whose first answer was lost) changes nothing more.
    """
    product = _own_product(request, pk)
    if request.method == "POST":
        public = request.POST.get("action") == "publish"
        try:
            services.publish(context=request.seller_context, product=product, public=public)
        except services.CatalogError as exc:
            if _wants_json(request):
                return _refused([str(exc)])
            messages.error(request, str(exc))
        else:
            if _wants_json(request):
                return JsonResponse({"public": public, "next": request.path})
            if public:
                messages.success(request, _("Published: buyers can now see this product."))
            else:
                messages.info(request, _("Kept as a draft: buyers do not see it."))
            return redirect("catalog_manage:list")
    return render(
        request,
        "catalog/manage/publish.html",
        {"product": product, "record": _record(product), "step": 3},
    )


@seller_required(statuses=SELLING)
@require_http_methods(["GET", "POST"])
def certificates(request, pk):
    product = _own_product(request, pk)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_certificate(
                context=request.seller_context,
                product=product,
                claim=form.claim(),
                scan=form.cleaned_data.get("scan"),
            )
        except services.CatalogError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Sent to commune staff for verification."))
            return redirect("catalog_manage:certificates", pk=product.pk)
    return render(request, "catalog/manage/certificates.html", {"form": form, "product": product})


@seller_required
def certificate_scan(request, pk, certificate_id):
    product = _own_product(request, pk)
    certificate = get_object_or_404(product.ocop_certificates, pk=certificate_id)
    return scan_response(certificate)


def scan_response(certificate) -> FileResponse:
    if not certificate.scan:
        raise Http404
    response = FileResponse(certificate.scan.open("rb"))
    response["Content-Type"] = (
        "application/pdf" if certificate.scan.name.endswith(".pdf") else "image/jpeg"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _label_products(request) -> list:
    """Published products of the seller, or just the one asked for (404 if not its own)."""
    products = selectors.seller_products(request.seller_context.seller).filter(is_public=True)
    wanted = request.GET.get("product")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        products = products.filter(pk=wanted)
        if not products:
            raise Http404
    return list(products)


@seller_required
def label_print(request):
    """The labels as A4 pages to print from the browser (no JavaScript, print CSS)."""
    seller = request.seller_context.seller
    products = _label_products(request)
    pages = labels.label_pages(request=request, products=products, seller=seller)
    # Every text in the sheets went through escape() in catalog.labels.
    sheets = [mark_safe(page) for page in pages]  # noqa: S308
    return render(
        request,
        "catalog/manage/labels_print.html",
        {"pages": sheets, "products": products, "seller": seller},
    )


@seller_required
def label_sheet(request):
    """A printable SVG sheet of QR labels, one product or all published products."""
    seller = request.seller_context.seller
    svg = labels.label_sheet(request=request, products=_label_products(request), seller=seller)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nhan-truy-xuat.svg"'
    return response
