"""Scheduling rules, identity, pins, chapters, short codes and attribution."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from livestream import services
from livestream.models import LiveSession, LiveVisit
from livestream.selectors import chapters
from marketplace.audit.models import AuditEvent
from tests.factories import SellerMemberFactory, UserFactory

from .conftest import LIVE_PRICE, details

pytestmark = pytest.mark.django_db


def test_unverified_host_cannot_start(clock, make_live, member):
    live = make_live(clock.at)
    with pytest.raises(services.LiveError, match="chưa được xác minh"):
        services.start_live(live=live, actor=member.user)
    live.refresh_from_db()
    assert live.status == LiveSession.Status.SCHEDULED


def test_verified_host_starts_and_the_start_is_audited(clock, make_live, member, verified):
    live = make_live(clock.at)
    services.start_live(live=live, actor=member.user)
    assert LiveSession.objects.get().status == "live"
    verbs = set(
        AuditEvent.objects.filter(on_behalf_of=member.seller).values_list("verb", flat=True)
    )
    assert {"live.host_verified", "live.scheduled", "live.started"} <= verbs


@pytest.mark.parametrize(
    "change, message",
    [
        ({"hours": -1}, "Giờ kết thúc"),
        ({"stream_url": "https://www.tiktok.com/@tanlap/live"}, "không phải của YouTube"),
        ({"stream_url": "http://www.youtube.com/watch?v=dQw4w9WgXcQ"}, "https"),
    ],
)
def test_bad_schedule_is_refused_and_nothing_changes(clock, member, change, message):
    hours = change.pop("hours", 1)
    with pytest.raises(services.LiveError, match=message):
        services.schedule_live(
            seller=member.seller, actor=member.user, details=details(clock.at, hours, **change)
        )
    assert not LiveSession.objects.exists()


def test_overlapping_lives_of_one_seller_are_refused(clock, make_live, member):
    make_live(clock.at, hours=2)
    with pytest.raises(services.LiveError, match="trùng với"):
        make_live(clock.at + timedelta(hours=1))
    assert LiveSession.objects.count() == 1


def test_pinning_a_product_not_in_the_live_is_refused(clock, make_live, member, tea, verified):
    other = make_live(clock.at + timedelta(hours=5), items=[(tea, None)])
    live = make_live(clock.at, items=[(tea, LIVE_PRICE)])
    services.start_live(live=live, actor=member.user)
    with pytest.raises(services.LiveError, match="không có trong buổi live"):
        services.pin_product(live=live, item_id=other.items.get().pk, actor=member.user)
    assert LiveSession.objects.get(pk=live.pk).pinned_id is None


def test_pin_json_is_tiny_and_cacheable(client, clock, make_live, member, tea, honey, verified):
    live = make_live(clock.at, items=[(tea, LIVE_PRICE), (honey, None)])
    services.start_live(live=live, actor=member.user)
    services.pin_product(live=live, item_id=live.items.get(product=tea).pk, actor=member.user)
    url = reverse("livestream:pin", args=[live.pk])
    response = client.get(url)
    data = json.loads(response.content)
    assert len(response.content) <= 1024
    assert data["title"] == "Chè Shan Tuyết 200g" and data["price"] == "120.000\xa0₫"
    assert data["was"] == "150.000\xa0₫"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_chapters_come_from_pin_history(clock, make_live, member, tea, honey, verified):
    live = make_live(clock.at, hours=2, items=[(tea, LIVE_PRICE), (honey, None)])
    services.start_live(live=live, actor=member.user)
    tea_item, honey_item = live.items.get(product=tea), live.items.get(product=honey)
    for item, minutes in [(tea_item, 5), (tea_item, 1), (honey_item, 10), (tea_item, 7)]:
        clock.advance(minutes=minutes)
        services.pin_product(live=live, item_id=item.pk, actor=member.user)
    clock.advance(minutes=3)
    services.end_live(live=live, actor=member.user)
    result = chapters(live)
    assert [c.item.product.title for c in result] == [tea.title, honey.title, tea.title]
    assert result[1].at - result[0].at == timedelta(minutes=11)


def test_replay_page_lists_chapters_with_links(client, clock, make_live, member, tea, verified):
    live = make_live(clock.at, items=[(tea, LIVE_PRICE)])
    services.start_live(live=live, actor=member.user)
    services.pin_product(live=live, item_id=live.items.get().pk, actor=member.user)
    services.end_live(live=live, actor=member.user)
    html = client.get(live.get_absolute_url()).content.decode()
    assert "Chè Shan Tuyết 200g" in html and tea.get_absolute_url() in html
    assert html.count("<h1") == 1 and reverse("livestream:complaint", args=[live.pk]) in html


def test_short_code_lands_on_the_product_at_the_live_price(
    client, clock, make_live, tea, verified, member
):
    live = make_live(clock.at, items=[(tea, LIVE_PRICE)])
    services.start_live(live=live, actor=member.user)
    code = live.items.get().code
    response = client.get(f"/live/{code.lower()}?qr=1")
    html = response.content.decode()
    assert response.status_code == 200 and "120.000" in html and "150.000" in html
    assert LiveVisit.objects.get().source == LiveVisit.Source.QR


def test_unknown_code_is_a_helpful_404(client, clock, make_live, member, tea):
    old = make_live(clock.at + timedelta(hours=1), items=[(tea, None)])
    old_code = old.items.get().code
    old.status = LiveSession.Status.CANCELLED
    old.save()
    clock.advance(days=2)  # lives are planned from now on; this one is long past
    make_live(clock.at + timedelta(days=1), title="Phiên chè tuần sau")
    response = client.get(f"/live/{old_code}")
    assert response.status_code == 404 and "Phiên chè tuần sau" in response.content.decode()
    assert client.get("/live/Z999999").status_code == 404


def test_clicks_after_the_attribution_window_are_not_counted(
    client, clock, make_live, member, verified
):
    live = make_live(clock.at)
    services.start_live(live=live, actor=member.user)
    services.end_live(live=live, actor=member.user)
    clock.advance(hours=1, minutes=59)
    session_client = client
    session_client.get(live.get_absolute_url())
    assert services.in_attribution_window(LiveSession.objects.get(), clock.at)
    clock.advance(minutes=2)
    assert not services.in_attribution_window(LiveSession.objects.get(), clock.at)


def test_another_sellers_live_is_not_found(client, clock, make_live):
    live = make_live(clock.at)
    client.force_login(SellerMemberFactory().user)
    assert client.get(reverse("livestream:control", args=[live.pk])).status_code == 404
    assert (
        client.post(reverse("livestream:control", args=[live.pk]), {"action": "start"}).status_code
        == 404
    )


def test_seller_schedules_through_the_form(seller_client, clock, member):
    start = clock.at + timedelta(days=1)
    data = {
        "title": "Chè mới",
        "description": "",
        "platform": "facebook",
        "stream_url": "https://www.facebook.com/chetanlap/videos/123",
        "replay_url": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = seller_client.post(reverse("livestream:manage_new"), data)
    assert response.status_code == 200 and not LiveSession.objects.exists()
    assert "Chè mới" in response.content.decode()  # what was typed is kept
    data["ends_at"] = (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = seller_client.post(reverse("livestream:manage_new"), data)
    assert response.status_code == 302 and LiveSession.objects.get().created_by == member.user


def test_live_page_query_count_is_constant(
    client, clock, make_live, member, verified, django_assert_max_num_queries
):
    from tests.factories import sellable_product

    products = [sellable_product(seller=member.seller) for _ in range(6)]
    small = make_live(clock.at, items=[(p, None) for p in products[:1]])
    big = make_live(clock.at + timedelta(days=1), items=[(p, LIVE_PRICE) for p in products])
    client.get(small.get_absolute_url())
    client.get(big.get_absolute_url())
    with django_assert_max_num_queries(12) as small_run:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        client.get(big.get_absolute_url())


def test_commune_staff_verifies_only_their_communes(client, member):
    from sellers.models import CommuneStaff
    from tests.factories import commune

    outsider = UserFactory()
    CommuneStaff.objects.create(user=outsider, commune=commune("Liên Sơn", "Phú Thọ"))
    client.force_login(outsider)
    url = reverse("livestream:verify_host", args=[member.seller.pk])
    assert client.post(url, {"host_name": "X", "id_checked": "CCCD"}).status_code == 403
    local = UserFactory()
    CommuneStaff.objects.create(user=local, commune=member.seller.commune)
    client.force_login(local)
    client.post(url, {"host_name": "Phan Thế Độ", "id_checked": "CCCD"})
    assert services.host_is_verified(member.seller)
    assert member.seller.live_host_verification.verified_by == local


def test_suspended_seller_cannot_go_live_or_sell(client, clock, make_live, member, tea, verified):
    live = make_live(clock.at, items=[(tea, LIVE_PRICE)])
    member.seller.status = member.seller.Status.SUSPENDED
    member.seller.save()
    with pytest.raises(services.LiveError, match="không được bán hàng"):
        services.start_live(live=live, actor=member.user)
    add = reverse("livestream:add", args=[live.pk, live.items.get().pk])
    assert client.post(add).status_code == 404
