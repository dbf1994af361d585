"""Search fixtures: the Elasticsearch backend on a per-test index prefix, the catalogue."""

from __future__ import annotations

import pytest

ES_BACKEND = "catalog.search.backends.elasticsearch.ElasticsearchBackend"
DB_BACKEND = "catalog.search.backends.database.DatabaseBackend"


def es_settings(settings, url: str) -> None:
    """Point product and story search at the search server at ``url``."""
    settings.ELASTICSEARCH_URL = url
    settings.MARKETPLACE_SEARCH_BACKEND = ES_BACKEND
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "catalog.search.wagtail_search",
            "URLS": [url],
            "INDEX_PREFIX": f"{settings.ELASTICSEARCH_INDEX_PREFIX}-wagtail-",
            "TIMEOUT": 3,
        },
        "database": settings.WAGTAILSEARCH_BACKENDS["default"],
    }


@pytest.fixture
def elasticsearch(search_settings):
    """Settings using the Elasticsearch backend on the session's search server."""
    from catalog.search.selectors import reset_cooldown

    es_settings(search_settings, search_settings.ELASTICSEARCH_URL)
    reset_cooldown()
    yield search_settings
    reset_cooldown()


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.services)])
def backend(request, settings):
    """Each test twice: on the database backend and on Elasticsearch. Yields its name."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    else:
        settings.MARKETPLACE_SEARCH_BACKEND = DB_BACKEND
    return request.param


@pytest.fixture
def reindex(backend):
    """Call after creating data: Elasticsearch gets it in bulk, the database needs nothing.

    (Test transactions never commit, so the on-commit index tasks would never run.)
    """
    from catalog.search import services

    def run():
        return services.rebuild_index()

    return run


@pytest.fixture
def catalogue(db, reindex):
    from tests.search.catalogue import load_catalogue

    products = load_catalogue()
    reindex()
    return products


def story_index():
    """The story index page under the home page (made on first use)."""
    from catalog.stories.models import HomePage, StoryIndexPage

    home = HomePage.objects.first()
    existing = StoryIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    return home.add_child(instance=StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))
