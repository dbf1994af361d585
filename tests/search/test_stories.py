"""Producer and product stories are searchable and appear under "Stories"."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.stories.models import ProducerStoryPage, ProductStoryPage
from tests.factories import sellable_product
from tests.search.conftest import story_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(backend, reindex):
    product = sellable_product(title="Chè Shan Tuyết búp Tân Lập")
    index = story_index()
    index.add_child(
        instance=ProducerStoryPage(
            title="Làng chè Tân Lập",
            slug="lang-che-tan-lap",
            summary="Ba thế hệ nhà ông Độ giữ đồi chè cổ thụ trên núi.",
            village="Thôn Tân Lập",
            seller=product.seller,
        )
    )
    index.add_child(
        instance=ProductStoryPage(
            title="Mùa chè xuân",
            slug="mua-che-xuan",
            summary="Búp chè hái lúc sương muối còn đọng trên lá.",
            product=product,
        )
    )
    reindex()
    if backend == "elasticsearch":
        call_command("wagtail_update_index", verbosity=0)
    return product


def test_stories_appear_under_their_own_heading(client, stories, backend):
    html = client.get(reverse("search:search"), {"q": "lang che tan lap"}).content.decode()
    assert 'id="stories-heading"' in html
    assert "Câu chuyện" in html  # "Stories", in Vietnamese
    assert "Làng chè Tân Lập" in html


def test_story_words_find_the_product(client, stories, backend):
    html = client.get(reverse("search:search"), {"q": "suong muoi"}).content.decode()
    assert "Mùa chè xuân" in html
    assert "Chè Shan Tuyết búp Tân Lập" in html


def test_no_stories_section_without_a_match(client, stories, backend):
    html = client.get(reverse("search:search"), {"q": "chuoi viba"}).content.decode()
    assert 'id="stories-heading"' not in html


def test_a_suspended_sellers_stories_are_not_offered(client, stories, backend):
    seller = stories.seller
    seller.status = "suspended"
    seller.save(update_fields=["status"])
    html = client.get(reverse("search:search"), {"q": "lang che tan lap"}).content.decode()
    assert "Làng chè Tân Lập" not in html
    assert 'id="stories-heading"' not in html


def test_a_story_found_again_within_the_reuse_window_is_checked_again(
    client, stories, backend, settings
):
    """The same words are answered from the cache; an unpublished or suspended seller's
    story found before is not shown the second time."""
    from django.core.cache import cache

    settings.SEARCH_RESULT_CACHE_SECONDS = 30
    cache.clear()
    url = reverse("search:search")
    assert "Mùa chè xuân" in client.get(url, {"q": "suong muoi"}).content.decode()
    ProductStoryPage.objects.get(slug="mua-che-xuan").unpublish()
    assert "Mùa chè xuân" not in client.get(url, {"q": "suong muoi"}).content.decode()
    assert "Làng chè Tân Lập" in client.get(url, {"q": "lang che tan lap"}).content.decode()
    stories.seller.status = "suspended"
    stories.seller.save(update_fields=["status"])
    assert "Làng chè Tân Lập" not in client.get(url, {"q": "lang che tan lap"}).content.decode()
