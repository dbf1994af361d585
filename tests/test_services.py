"""Smoke tests of the test bed: each real service starts, answers, and stops cleanly."""

from __future__ import annotations

import unicodedata
import uuid
from urllib.parse import urlsplit

import pytest
from django.db import connection

from tests.services.base import group_alive, pid_alive
from tests.services.ports import is_port_free


def assert_stopped(pid: int, port: int | None) -> None:
    assert not pid_alive(pid), f"process {pid} still running"
    assert not group_alive(pid), f"process group {pid} still has members"
    if port is not None:
        assert is_port_free(port), f"port {port} still taken"


def check_clean_stop(launcher_class) -> None:
    """A second, short-lived instance stops completely: no process, port free, no files."""
    launcher = launcher_class()
    with launcher:
        pid, port, folder = launcher.pid, launcher.port, launcher.tmpdir
        assert pid_alive(pid)
    assert_stopped(pid, port)
    assert not folder.exists()


@pytest.mark.django_db
def test_database_is_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            f"running on {connection.vendor}; run through `python -m tests.testbed` "
            "to test on PostgreSQL"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    assert version.startswith("PostgreSQL")


@pytest.mark.services
def test_search_finds_vietnamese_text_typed_without_diacritics(search_settings):
    from catalog.search.connection import get_client
    from tests.services.search import SearchServer

    # Pages get 3 s; creating an index on a busy machine may take longer.
    client = get_client().options(request_timeout=60)
    index = f"{search_settings.ELASTICSEARCH_INDEX_PREFIX}-smoke"
    client.indices.create(
        index=index,
        settings={
            "analysis": {
                "analyzer": {
                    "folded": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    }
                }
            }
        },
        mappings={"properties": {"title": {"type": "text", "analyzer": "folded"}}},
    )
    title = unicodedata.normalize("NFC", "Chè Shan Tuyết Tân Lập")
    client.index(index=index, id="1", document={"title": title}, refresh=True)

    hits = client.search(index=index, query={"match": {"title": "che shan tuyet"}})["hits"]

    assert [hit["_source"]["title"] for hit in hits["hits"]] == [title]
    check_clean_stop(SearchServer)


@pytest.mark.services
def test_stripe_fake_confirms_a_vnd_payment_intent(stripe_server):
    from stripe import StripeClient

    from tests.services.stripe import StripeServer

    client = StripeClient(
        stripe_server.secret_key, base_addresses={"api": stripe_server.url}, max_network_retries=0
    )
    # localstripe takes the payment method at creation only ("confirm" with one is
    # not implemented there); Stripe accepts both.
    intent = client.v1.payment_intents.create(
        params={
            "amount": 150000,  # VND is zero-decimal: 150.000 ₫
            "currency": "vnd",
            "payment_method_types": ["card"],
            "payment_method": "pm_card_visa",
        }
    )
    assert intent.status == "requires_confirmation"
    confirmed = client.v1.payment_intents.confirm(intent.id)

    assert confirmed.status == "succeeded"
    assert confirmed.amount == 150000
    assert confirmed.currency == "vnd"
    check_clean_stop(StripeServer)


@pytest.mark.services
def test_redis_answers(redis_server):
    import redis

    from tests.services.redis import RedisServer

    client = redis.Redis.from_url(redis_server, socket_timeout=2)
    key = f"smoke:{uuid.uuid4().hex}"
    assert client.ping()
    client.set(key, "chợ làng", ex=60)
    assert client.get(key).decode() == "chợ làng"
    client.close()
    check_clean_stop(RedisServer)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_page_renders_in_chromium_without_leaving_the_machine(
    live_server, page, browser_context
):
    response = page.goto(live_server.url + "/")

    assert response.status == 200
    assert page.locator("h1").first.inner_text().strip()
    hosts = {urlsplit(url).hostname for url in browser_context.requests}
    assert hosts <= {"127.0.0.1", "localhost"}, browser_context.requests
    assert browser_context.blocked == []


@pytest.mark.browser
def test_second_browser_is_local_only_and_stops_without_leftover_processes(browser_service):
    from tests.services.browser import Browser

    # One Playwright driver per process: the second browser shares the session's.
    launcher = Browser(playwright=browser_service.playwright).start()
    guarded = launcher.new_context()
    page = guarded.context.new_page()
    page.set_content("<img src='http://example.com/outside.png'><h1>ok</h1>")
    assert guarded.blocked == ["http://example.com/outside.png"]
    pids = set(launcher.pids)
    assert pids, "no browser processes were recorded"
    launcher.stop()
    assert [pid for pid in pids if pid_alive(pid)] == []
