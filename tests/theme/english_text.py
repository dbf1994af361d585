"""Find English words a Vietnamese reader would meet on a ``vi`` page.

Text nodes and the attributes a person sees or hears (``alt``, ``title``, ``placeholder``,
``aria-label``, ``value`` of buttons) are split into words; a node is English when it has
a word from a list of common English words and no Vietnamese letter. Brand and product
names that are the same in both languages are allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Names that stay as they are in Vietnamese text.
ALLOWED = {
    "OCOP",
    "VietQR",
    "COD",
    "Stripe",
    "Visa",
    "Mastercard",
    "Zalo",
    "Facebook",
    "YouTube",
    "TikTok",
    "Chợ Làng",
    "QR",
    "SMS",
    "OTP",
    "PDF",
    "CSV",
    "NAPAS",
    "Email",
    "email",
    "ID",
    "English",
    "Tiếng Việt",
    "Shan",
    "Viba",
    "km",
    # Province names whose words are also English words.
    "An Giang",
    "Long An",
    "kg",
    "g",
    "ml",
}

# Common English words; any of them outside the allowed names marks a text as English.
_ENGLISH_WORDS = """
    a an the of and or to in on at by for with from your you our we my is are was be not
    no yes page pages product products item items home basket cart checkout search results
    result found oops breadcrumb next previous more less view all add remove sign login log
    out account order orders price total shipping free continue back close menu show hide
    please error errors here there this that these those which what when where who how
    new sale buy now review reviews rating stars write submit save cancel delete edit
    update profile password address addresses wish list wishlist store stores offer offers
    category categories sort relevance popularity newest lowest highest filter filters
    apply clear skip content main navigation toggle language settings dashboard"""
ENGLISH = set(_ENGLISH_WORDS.split())

_VIETNAMESE = re.compile(
    r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I
)
# A word is letters standing alone: a code such as "A3HZZNX9" is not the word "a".
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])")
_SKIP_TAGS = {"script", "style", "code", "pre", "svg", "noscript", "template"}
_SPOKEN_ATTRS = ("alt", "title", "placeholder", "aria-label")


# An allowed name counts only standing alone: the unit "g" is not the end of "ong".
_NAMES = "|".join(re.escape(name) for name in sorted(ALLOWED, key=len, reverse=True))
_ALLOWED_RE = re.compile(rf"(?<!\w)(?:{_NAMES})(?!\w)")


def is_english(text: str) -> bool:
    text = _ALLOWED_RE.sub(" ", text)
    if _VIETNAMESE.search(text):
        return False
    return any(word.lower() in ENGLISH for word in _WORD.findall(text))


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skipping += 1
        values = dict(attrs)
        for name in _SPOKEN_ATTRS:
            if values.get(name) and is_english(values[name]):
                self.found.append(f'<{tag} {name}="{values[name]}">')
        button = tag == "input" and values.get("type") in {"submit", "button"}
        if button and values.get("value") and is_english(values["value"]):
            self.found.append(f'<input value="{values["value"]}">')

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skipping and is_english(text):
            self.found.append(text)


def english_text(html: str) -> list[str]:
    """Every English text node or spoken attribute in ``html``, in page order."""
    collector = _Collector()
    collector.feed(html)
    return collector.found


def english_on_pages(client, urls) -> dict[str, list[str]]:
    """``{url: english_text}`` for each of ``urls`` that has any (each must answer 200)."""
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        english = english_text(response.content.decode())
        if english:
            found[url] = english
    return found
