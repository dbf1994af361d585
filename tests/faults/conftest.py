"""Fault fixtures: services of a test's own, which the test may stop."""

from __future__ import annotations

import pytest

from marketplace.operations import consistency
from tests.skips import start_or_skip


@pytest.fixture
def own_redis():
    """A redis-server for this test only (the session's must not be stopped)."""
    from tests.services.redis import RedisServer

    server = start_or_skip(RedisServer())
    yield server
    server.stop()


def _forget_connections(app) -> None:
    # The app's pools of broker connections live in kombu's global registry: closing one
    # there without removing it would hand a closed pool to every later task. Reset the
    # registry so the next task connects to the broker now configured.
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_on_redis(own_redis):
    """The project's Celery app queueing to ``own_redis`` (not eager), restored after."""
    from marketplace.celery import app
    from marketplace.taskqueue import reset_broker_state

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=own_redis.url, task_always_eager=False)
    _forget_connections(app)
    reset_broker_state()
    yield app
    app.conf.update(saved)
    _forget_connections(app)
    reset_broker_state()


@pytest.fixture
def own_search_server(settings):
    """An OpenSearch node for this test only, with the site's search pointed at it."""
    import uuid

    from catalog.search.selectors import reset_cooldown
    from tests.search.conftest import es_settings
    from tests.services.search import SearchServer

    server = start_or_skip(SearchServer())
    settings.ELASTICSEARCH_INDEX_PREFIX = f"faults-{uuid.uuid4().hex[:8]}"
    es_settings(settings, server.url)
    reset_cooldown()
    yield server
    server.stop()
    reset_cooldown()


@pytest.fixture(autouse=True)
def data_still_agrees(request):
    """After every fault test that touches the database: stock, ledger and payouts agree
    (``manage.py audit_consistency``), whatever the fault did to the requests."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    yield
    assert [str(d) for d in consistency.run(("stock", "ledger", "payouts"))] == []
