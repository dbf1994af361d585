"""Catalogue, category and search pages on our search backend (not haystack)."""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from . import selectors
from .analysis import clean_text
from .forms import BrowseForm

Category = get_model("catalogue", "Category")


class BrowseView(TemplateView):
    template_name = "catalog/browse.html"
    category = None

    def scope_category_ids(self):
        return ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = BrowseForm(
            self.request.GET,
            category_choices=Category.objects.filter(is_public=True).values_list("pk", "name"),
        )
        query = form.to_query(self.scope_category_ids(), settings.OSCAR_PRODUCTS_PER_PAGE)
        result = selectors.search_products(query)
        if result.page != query.page:
            messages.info(self.request, _("That page does not exist; showing the first page."))
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx.update(
            form=form,
            query=query,
            result=result,
            facets=result.facets,
            products=result.products,
            page_obj=Paginator(range(result.total), query.per_page).get_page(result.page),
            querystring=params.urlencode(),
            category=self.category,
            summary=self.get_summary(query),
            popular_products=[] if result.products else selectors.popular_products(),
            stories=selectors.matching_stories(result.text) if query.text else [],
            suggestion_querystring=self._with_text(params, result.suggestion),
        )
        return ctx

    @staticmethod
    def _with_text(params, text):
        if not text:
            return ""
        params = params.copy()
        params["q"] = text
        return params.urlencode()

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

    def scope_category_ids(self):
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


@require_GET
def suggest_view(request):
    """Suggestions as JSON for a ``<datalist>``: products, then sellers (≥ 2 characters)."""
    text = clean_text(request.GET.get("q", ""))
    suggestions = selectors.suggest(text)
    response = JsonResponse(
        {
            "query": text,
            "suggestions": [{"kind": s.kind, "label": s.label, "url": s.url} for s in suggestions],
        }
    )
    # Typing repeats the same prefixes; a minute of browser caching spares the server.
    response["Cache-Control"] = "public, max-age=60"
    return response
