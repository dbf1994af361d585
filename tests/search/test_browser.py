"""In Chromium: search boxes offer suggestions after two letters, and searching works."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import sellable_product

MIEN = ["Miến dong Bình Liêu – gói 500 g", "Miến dong Na Rì – gói 1 kg"]


def reveal(box) -> None:
    """Open the folded panel (``<details>``) a box may sit in, as a buyer would."""
    panel = box.locator("xpath=ancestor::details[1]")
    if panel.count() and not panel.evaluate("d => d.open"):
        panel.locator("summary").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_search_box_suggests_after_two_letters(live_server, page):
    for title in [*MIEN, "Mật ong bạc hà Đồng Văn – chai 500 ml"]:
        sellable_product(title=title)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("search:search"))
    boxes = page.locator("input[data-suggest-url]")
    assert boxes.count() >= 1
    for n in range(boxes.count()):
        box = boxes.nth(n)
        reveal(box)
        options = page.locator(f"datalist#{box.get_attribute('list')} option")
        box.press_sequentially("m", delay=20)
        page.wait_for_timeout(500)  # past the typing pause: one letter asks nothing
        expect(options).to_have_count(0)
        box.press_sequentially("ien d", delay=20)
        expect(options).to_have_count(2)
        assert sorted(options.evaluate_all("els => els.map(e => e.value)")) == MIEN
    assert not errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_filter_form_searches_and_marks_the_words(live_server, page):
    for title in [*MIEN, "Mật ong bạc hà Đồng Văn – chai 500 ml"]:
        sellable_product(title=title)
    page.goto(live_server.url + reverse("search:search"))
    box = page.locator("#browse-q")
    reveal(box)
    box.fill("mien dong")
    box.press("Enter")
    expect(page.locator(".lang-cards mark").first).to_be_visible()
    cards = page.locator(".lang-cards h3").all_inner_texts()
    assert sorted(text.strip() for text in cards) == MIEN
