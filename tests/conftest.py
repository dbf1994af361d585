"""Shared fixtures: real services on 127.0.0.1, started lazily and once per session.

- ``search_server`` / ``search_settings``: a single-node OpenSearch (tests/services/search.py).
- ``stripe_server`` / ``stripe_settings``: localstripe, a fake Stripe API.
- ``redis_server``: Debian's redis-server.
- ``browser`` / ``browser_context`` / ``page``: headless Chromium that cannot leave
  127.0.0.1 (use with pytest-django's ``live_server``).

A service whose program is missing and cannot be installed skips the tests that need
it (with ``CI=true`` it fails them: tests/skips.py); a service that is there but fails to
start fails them, with its log. The summary lists every skip.
Feature-specific fixtures belong in their own modules, not here.
"""

from __future__ import annotations

import os
import uuid

import pytest

# Playwright's sync API keeps an event loop in the main thread; Django would otherwise
# refuse ORM calls from test code running next to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# pytest-django's live_server: IPv4 loopback, never an address that resolves elsewhere.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
# Clients that honour proxy variables must still reach our services directly.
_no_proxy = {h for h in os.environ.get("NO_PROXY", "").split(",") if h}
_no_proxy |= {"127.0.0.1", "localhost"}
os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(sorted(_no_proxy))


def _start(service):
    """Start a launcher, or skip the test when its program cannot be had here."""
    from tests.skips import start_or_skip

    return start_or_skip(service)


def pytest_configure(config):
    from tests.skips import SkipLedger

    config.pluginmanager.register(SkipLedger(), "cholang-skips")


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploaded files go to a temp folder, never into the project."""
    from django.test import override_settings

    media_root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media_root)):
        yield media_root


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the migration-created data restorable for every transactional test.

    Django stores the serialized copy on the connection object that created the test
    database. Once Playwright's event loop runs in the main thread, ``connections``
    may hand out a fresh wrapper without that copy, and a ``serialized_rollback`` test
    would then start on an empty database (no communes, no home page). Keeping the copy
    on the wrapper class makes it visible from every wrapper.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            wrapper = connections[alias]
            contents = getattr(wrapper, "_test_serialized_contents", None)
            if contents is not None:
                type(wrapper)._test_serialized_contents = contents
    _snapshot_migrated_database()
    yield


def _snapshot_migrated_database():
    """Dump the just-migrated database for the test bed's next runs (tests/testbed)."""
    target = os.environ.get("TESTBED_SNAPSHOT")
    if not target:
        return
    from pathlib import Path

    from django.db import connection

    from tests.testbed import snapshot

    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )
    try:
        snapshot.dump(Path(os.environ["TESTBED_PG_BINDIR"]), url, Path(target))
    except Exception as exc:  # a missing snapshot only costs time on the next run
        print(f"test bed: no snapshot of the migrated database ({exc})")


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Each test starts in Vietnamese, the site's default language.

    Django keeps the last request's language active in the thread, and URLs reversed in
    a test follow it: without this, a test after one that visited /en/ would drift.
    """
    from django.utils import translation

    with translation.override("vi"):
        yield


# --- search --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def search_server():
    """URL of an OpenSearch node for the session."""
    from tests.services.search import SearchServer

    server = _start(SearchServer())
    yield server.url
    server.stop()


@pytest.fixture
def search_settings(search_server, settings):
    """Settings pointing the search at ``search_server``, with a per-test index prefix.

    Indices named with the prefix are deleted after the test.
    """
    settings.ELASTICSEARCH_URL = search_server
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    yield settings
    from catalog.search.connection import get_client

    get_client().indices.delete(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*", ignore_unavailable=True
    )


# --- payments ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def stripe_server():
    """A running localstripe: ``.url``, ``.secret_key``, ``.publishable_key``, ``.reset()``."""
    from tests.services.stripe import StripeServer

    server = _start(StripeServer())
    yield server
    server.stop()


@pytest.fixture
def stripe_settings(stripe_server, settings):
    settings.STRIPE_API_BASE = stripe_server.url
    settings.STRIPE_SECRET_KEY = stripe_server.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = stripe_server.publishable_key
    return settings


# --- redis ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server():
    """``redis://`` URL of a redis-server for the session."""
    from tests.services.redis import RedisServer

    server = _start(RedisServer())
    yield server.url
    server.stop()


# --- browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_service():
    """The launcher (``.new_context()``); most tests want ``page`` instead."""
    from tests.services.browser import Browser

    launcher = _start(Browser())
    yield launcher
    launcher.stop()


@pytest.fixture(scope="session")
def browser(browser_service):
    """The session's Playwright ``Browser`` (headless Chromium)."""
    return browser_service.browser


@pytest.fixture
def browser_context(browser_service):
    """A fresh context: ``.context``, plus ``.requests`` made and ``.blocked`` ones."""
    guarded = browser_service.new_context(locale="vi-VN")
    yield guarded
    guarded.close()


@pytest.fixture
def page(browser_context):
    """A new page in a fresh, local-only browser context; closed after the test."""
    page = browser_context.context.new_page()
    page.set_default_timeout(10_000)
    return page


# --- report --------------------------------------------------------------------------------


def pytest_terminal_summary(terminalreporter):
    from tests.services.base import STARTUP_TIMES

    if STARTUP_TIMES:
        times = ", ".join(
            f"{name} {', '.join(f'{s:.2f}' for s in runs)} s"
            for name, runs in STARTUP_TIMES.items()
        )
        terminalreporter.write_line(f"service start-up: {times}")


@pytest.fixture
def admin_units(db):
    """The commune the factories use, recreated if a transactional test flushed it.

    Transactional tests (threads, live server) flush tables at teardown; communes are
    loaded by a migration, so a test after such a flush may not find them.
    """
    from marketplace.places.models import Commune, Province

    province, _ = Province.objects.get_or_create(
        name="Tuyên Quang",
        defaults={"code": "08", "kind": "tinh", "slug": "tuyen-quang", "dataset_version": "t"},
    )
    Commune.objects.get_or_create(
        name="Vĩnh Tuy",
        province=province,
        defaults={"code": "02509", "kind": "xa", "search_name": "vinh tuy", "dataset_version": "t"},
    )
    from oscar.core.loading import get_model

    get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Socialist Republic of Viet Nam",
            "is_shipping_country": True,
        },
    )
