"""In Chromium: the search box offers suggestions after two letters, and searching works."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import sellable_product

MIEN = ["Miến dong Bình Liêu – gói 500 g", "Miến dong Na Rì – gói 1 kg"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typing_fills_the_suggestion_list_and_the_form_searches(live_server, page, browser_context):
    for title in [*MIEN, "Mật ong bạc hà Đồng Văn – chai 500 ml"]:
        sellable_product(title=title)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("search:search"))
    box = page.locator("#browse-q")
    options = page.locator("#browse-suggestions option")

    box.press_sequentially("m", delay=20)
    page.wait_for_timeout(500)  # past the typing pause: one letter asks nothing
    expect(options).to_have_count(0)
    box.press_sequentially("ien d", delay=20)
    page.wait_for_timeout(1500)
    print("DEBUG", browser_context.requests, browser_context.blocked, errors)
    print("DEBUG", box.input_value(), page.evaluate("() => fetch('/search/suggest/?q=mien+d').then(r => r.status + ' ' + r.headers.get('content-type'))"))
    print("DEBUG", page.evaluate("""() => { const out = []; let e = document.getElementById('browse-q'); while (e) { const cs = getComputedStyle(e); out.push(e.tagName + '.' + e.className + ' ' + cs.display + ' ' + cs.visibility + ' ' + e.getBoundingClientRect().width); e = e.parentElement; } return out; }"""))
    print("DEBUG", page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)"))
    print("DEBUG", page.evaluate("() => [window.cholangSuggest, document.querySelectorAll('input[data-suggest-url]').length, document.getElementById('browse-q').getAttribute('list')]"))
    expect(options).to_have_count(2)
    assert sorted(options.evaluate_all("els => els.map(e => e.value)")) == MIEN

    box.press("Enter")
    expect(page.locator(".lang-cards mark").first).to_be_visible()
    cards = page.locator(".lang-cards h3").all_inner_texts()
    assert sorted(text.strip() for text in cards) == MIEN
    assert not errors
