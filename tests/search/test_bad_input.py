"""Whatever lands in the query string, the search page answers normally (never a 500)."""

import pytest
from django.urls import reverse

from tests.factories import sellable_product

pytestmark = pytest.mark.django_db

BAD_PARAMS = {
    "empty query": {"q": ""},
    "2,000 characters": {"q": ("chè shan tuyết " * 134)[:2000]},
    "only punctuation": {"q": "!!! ... ??? --- ,,,"},
    "double quote": {"q": '"che shan'},
    "backslash": {"q": "che\\shan\\"},
    "asterisk": {"q": "che*"},
    "tilde": {"q": "che~2 shan~"},
    "colon": {"q": "title:che seller:"},
    "query syntax soup": {"q": '(a OR b) AND "c" \\ * ~ : [ ] { } ^ / < > = & | !'},
    "emoji": {"q": "🍵🍌 chè 😀"},
    "control characters": {"q": "che\x00\x1fshan"},
    "decomposed unicode": {"q": "che\u0300 shan tuye\u0302\u0301t"},
    "unknown province": {"q": "che", "province": "khong-co-tinh-nay"},
    "unknown category": {"category": "999999"},
    "non-numeric category": {"category": "chè"},
    "stars out of range": {"stars": "7"},
    "unknown price band": {"price": "1-2"},
    "unknown seller kind": {"kind": "alien"},
    "unknown sort": {"sort": "DROP TABLE"},
    "page 99999": {"page": "99999"},
    "page zero": {"page": "0"},
    "page not a number": {"page": "abc"},
    "huge page": {"page": "9" * 40},
    "repeated parameters": {"q": ["che", "shan"], "province": ["a", "b"]},
}


@pytest.fixture
def products(backend, reindex):
    made = [sellable_product(title=f"Chè Shan Tuyết Tân Lập hộp {n}") for n in range(3)]
    reindex()
    return made


@pytest.mark.parametrize("params", BAD_PARAMS.values(), ids=BAD_PARAMS.keys())
def test_search_page_answers_normally(client, products, backend, params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    # Never a blank page: either products or the popular ones.
    assert "product_pod" in html


@pytest.mark.parametrize("params", BAD_PARAMS.values(), ids=BAD_PARAMS.keys())
def test_suggestions_answer_normally(client, products, backend, params):
    response = client.get(reverse("search:suggest"), {"q": params.get("q", "")})
    assert response.status_code == 200
    assert "suggestions" in response.json()


def test_catalogue_and_category_pages_take_the_same_bad_input(client, products, backend):
    for params in BAD_PARAMS.values():
        assert client.get(reverse("catalogue:index"), params).status_code == 200
