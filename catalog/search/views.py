"""Catalogue, category and search pages on our search backend (not haystack)."""

import logging
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from .backends import get_backend
from .backends.database import DatabaseBackend
from .forms import BrowseForm

Category = get_model("catalogue", "Category")
logger = logging.getLogger(__name__)


def run_search(query):
    """Search with the configured backend; fall back to the database if it fails."""
    backend = get_backend()
    try:
        return backend.search(query)
    except Exception:
        if isinstance(backend, DatabaseBackend):
            raise
        logger.exception("Search backend failed; answering from the database")
        return DatabaseBackend().search(query)


class BrowseView(TemplateView):
    template_name = "catalog/browse.html"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    category = None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except (EmptyPage, PageNotAnInteger):
            messages.error(request, _("That page does not exist; showing the first page."))
            params = request.GET.copy()
            params.pop("page", None)
            return redirect(f"{request.path}?{params.urlencode()}")

    def base_category_ids(self):
        return ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = BrowseForm(
            self.request.GET or None,
            category_choices=Category.objects.filter(is_public=True).values_list("pk", "name"),
        )
        query = form.to_query(self.base_category_ids())
        result = run_search(query)
        paginator = Paginator(result.products, self.paginate_by)
        page = paginator.page(self.request.GET.get("page") or 1)
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx.update(
            form=form,
            query=query,
            facets=result.facets,
            paginator=paginator,
            page_obj=page,
            is_paginated=paginator.num_pages > 1,
            products=page.object_list,
            querystring=params.urlencode(),
            category=self.category,
            summary=self.get_summary(query),
        )
        return ctx

    def get_summary(self, query):
        return _("All products")


class CatalogueView(BrowseView):
    pass


class ProductCategoryView(BrowseView):
    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def base_category_ids(self):
        return tuple(self.category.get_descendants_and_self().values_list("pk", flat=True))

    def get_summary(self, query):
        return self.category.name


class FacetedSearchView(BrowseView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if ctx["query"].text:
            user_search.send(
                sender=self,
                session=self.request.session,
                user=self.request.user,
                query=ctx["query"].text,
            )
        return ctx

    def get_summary(self, query):
        if query.text:
            return _("Search results for “%(q)s”") % {"q": query.text}
        return _("Search")
