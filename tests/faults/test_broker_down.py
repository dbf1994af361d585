"""Redis (the task broker) down: orders are still placed and their tasks still run.

Tasks are queued after the commit; with the broker unreachable they run inline in the
web process (``marketplace.taskqueue``), so nothing a buyer did is lost and no committed
change turns into an error page.
"""

import logging
import time

import pytest
import redis
from django.urls import reverse

from marketplace.notifications import sms
from marketplace.order.models import Fulfilment
from marketplace.payments.models import PaymentAttempt
from tests.checkout.test_checkout_flow import go_to_review, last_code
from tests.factories import SellerMemberFactory, sellable_product

pytestmark = [pytest.mark.django_db, pytest.mark.services]


def guest_cod_order(client, capture, product):
    go_to_review(client, product)
    with capture(execute=True):
        client.post(reverse("checkout:preview"), {"action": "send_code", "method": "cod"})
    with capture(execute=True):
        placed = client.post(
            reverse("checkout:preview"),
            {"action": "place_order", "method": "cod", "code": last_code()},
        )
    assert placed.status_code == 302 and placed.url == reverse("checkout:thank-you")
    return PaymentAttempt.objects.get(method="cod").order


def confirm_part(client, capture, order):
    part = Fulfilment.objects.get(order=order)
    client.force_login(SellerMemberFactory(seller=part.seller).user)
    with capture(execute=True):
        response = client.post(
            reverse("fulfilment:update", args=[part.pk]),
            {"status": "confirmed", "tracking_note": "Viettel Post"},
        )
    assert response.status_code == 302
    part.refresh_from_db()
    return part


def queued(url: str) -> int:
    return redis.Redis.from_url(url).llen("celery")


def test_with_the_broker_up_order_tasks_are_queued_not_run_by_the_web(
    client, celery_on_redis, own_redis, django_capture_on_commit_callbacks
):
    order = guest_cod_order(client, django_capture_on_commit_callbacks, sellable_product())
    assert queued(own_redis.url) == 1  # the order confirmation text, for a worker
    sms.outbox.clear()
    part = confirm_part(client, django_capture_on_commit_callbacks, order)
    assert part.status == "confirmed"
    assert queued(own_redis.url) == 2
    assert sms.outbox == []


def test_with_the_broker_down_the_order_is_placed_and_its_tasks_run_inline(
    client, celery_on_redis, own_redis, django_capture_on_commit_callbacks, caplog
):
    own_redis.stop()
    product = sellable_product()
    with caplog.at_level(logging.WARNING, logger="marketplace.taskqueue"):
        order = guest_cod_order(client, django_capture_on_commit_callbacks, product)
    assert order.lines.get().product == product
    assert "unreachable" in caplog.text and "notify_order_placed inline" in caplog.text
    # The confirmation text went out from the web process instead of a worker.
    assert order.number in sms.outbox[-1].text

    sms.outbox.clear()
    part = confirm_part(client, django_capture_on_commit_callbacks, order)
    assert part.status == "confirmed"
    assert len(sms.outbox) == 1 and order.number in sms.outbox[0].text

    # Within the cool-down the dead broker is not tried again (no 1.3 s connection wait).
    from marketplace.order.tasks import notify_buyer

    started = time.monotonic()
    notify_buyer.delay(part.pk)
    assert time.monotonic() - started < 0.5
    assert len(sms.outbox) == 2


def test_a_task_failing_inline_is_logged_and_does_not_fail_the_page(
    client, celery_on_redis, own_redis, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    own_redis.stop()
    order = guest_cod_order(client, django_capture_on_commit_callbacks, sellable_product())

    def provider_down(*, to, text):
        raise sms.SmsError("provider down")

    monkeypatch.setattr("marketplace.order.tasks.send_sms", provider_down)
    with caplog.at_level(logging.ERROR, logger="marketplace.taskqueue"):
        part = confirm_part(client, django_capture_on_commit_callbacks, order)
    assert part.status == "confirmed"
    assert "failed while run inline" in caplog.text and "provider down" in caplog.text


def test_a_run_meant_for_later_is_not_pulled_forward(celery_on_redis, own_redis):
    from kombu.exceptions import OperationalError

    from marketplace.order.tasks import notify_buyer

    own_redis.stop()
    sms.outbox.clear()
    with pytest.raises(OperationalError):
        notify_buyer.apply_async((1,), countdown=60)
    assert sms.outbox == []
