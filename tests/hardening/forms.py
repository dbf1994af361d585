"""Read a page's forms the way a browser would submit them.

The access matrix posts, as every forbidden role, the data an allowed role's own form
would send: hidden fields, the values already filled in, the selected options and the
submit button, with the matrix's overrides for what a person would type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

SKIPPED_INPUTS = {"file", "reset", "image"}
BUTTON_INPUTS = {"submit", "button"}


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons
    names: set = field(default_factory=set)  # every field name, filled in or not

    def data(self) -> dict:
        data = dict(self.fields)
        if len(self.buttons) == 1:  # with several, the matrix names the one a person presses
            name, value = self.buttons[0]
            data.setdefault(name, value)
        data.pop("csrfmiddlewaretoken", None)  # the test client does not check CSRF
        return data


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.option_value: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(action=a.get("action") or "", method=(a.get("method") or "get"))
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self.form.names.add(name)
            if kind in SKIPPED_INPUTS:
                return
            if kind in BUTTON_INPUTS:
                self.form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form.fields.setdefault(name, a.get("value", "on"))
            else:
                self.form.fields.setdefault(name, a.get("value", ""))
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            self.form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.form.names.add(name)
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            self.option_value = a.get("value")
            self.text = ""
            if "selected" in a and self.option_value is not None:
                self.form.fields[self.select] = self.option_value
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.form.names.add(name)
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        self.text += data

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "option" and self.select:
            value = self.option_value if self.option_value is not None else self.text.strip()
            if value and self.select_first is None:
                self.select_first = value
        elif tag == "select" and self.select:
            if not self.select_chosen and self.select_first is not None:
                self.form.fields[self.select] = self.select_first
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.form.fields.setdefault(self.textarea, self.text)
            self.textarea = None
        elif tag == "form":
            self.form = None


def forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def form_posting_to(html: str, page_url: str, target_url: str) -> Form | None:
    """The POST form on the page at ``page_url`` whose action is ``target_url``."""
    target = urlsplit(target_url).path
    for form in forms(html):
        if form.method.lower() != "post":
            continue
        action = urlsplit(form.action).path or urlsplit(page_url).path  # "" and "#x": this page
        if action == target:
            return form
    return None
