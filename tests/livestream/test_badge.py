"""``{% live_badge product %}`` on product pages: "Live now" or "Seen in live on 12/11"."""

from datetime import datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from livestream import services

pytestmark = pytest.mark.django_db
BADGE = Template("{% load livestream_tags %}{% live_badge product %}")


def render(product) -> str:
    with translation.override("en"):
        return BADGE.render(Context({"product": product})).strip()


def test_no_badge_for_a_product_never_shown_in_a_live(make_live, clock, tea, honey):
    make_live(clock.at + timedelta(hours=1), items=[(tea, None)])  # scheduled, not started
    assert render(honey) == ""
    assert render(tea) == ""
    assert render(None) == ""


def test_live_now_then_seen_in_live_on_the_day(
    clock, make_live, member, tea, verified, django_assert_num_queries
):
    start = timezone.make_aware(datetime(2026, 11, 12, 14, 0))
    clock.set(start - timedelta(minutes=1))
    live = make_live(start, items=[(tea, None)])
    clock.set(start + timedelta(minutes=1))
    services.start_live(live=live, actor=member.user)
    with django_assert_num_queries(1):
        html = render(tea)
    code = live.items.get().code
    assert "Live now" in html and code in html and live.get_absolute_url() in html
    clock.advance(minutes=30)
    services.end_live(live=live, actor=member.user)
    html = render(tea)
    assert "Seen in live on 12/11" in html and "Live now" not in html
    assert live.get_absolute_url() in html


def test_badge_is_translated_to_vietnamese(clock, make_live, member, tea, verified):
    live = make_live(clock.at - timedelta(minutes=1), items=[(tea, None)])
    services.start_live(live=live, actor=member.user)
    with translation.override("vi"):
        html = BADGE.render(Context({"product": tea}))
    assert "Live now" not in html and live.items.get().code in html


def test_product_page_shows_the_badge_in_both_states(
    client, clock, make_live, member, tea, verified
):
    live = make_live(clock.at - timedelta(minutes=1), items=[(tea, None)])
    services.start_live(live=live, actor=member.user)
    code = live.items.get().code
    page = client.get(tea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    html = page.content.decode()
    assert live.get_absolute_url() in html and f"· {code}" in html
    services.end_live(live=live, actor=member.user)
    html = client.get(tea.get_absolute_url()).content.decode()
    assert live.get_absolute_url() in html and f"· {code}" not in html
    assert timezone.localtime(live.started_at).strftime("%d/%m") in html
