"""Money actions applied exactly once, after the operator confirmed what will change.

Every money form carries a fresh key made when the form was shown. The confirmation
page repeats it; applying inserts the key into a unique column inside the same
transaction as the action, so a second submission either waits for the first one and
then finds its row, or finds it at once: either way it shows the first result and
changes nothing. If the action fails, the transaction (key included) rolls back, so
the operator can correct the form and submit again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .models import MoneyAction

KEY_FIELD = "money_key"
CONFIRM_FIELD = "confirmed"
_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class MissingKey(Exception):
    """The submission did not come from a form we showed."""


@dataclass(frozen=True)
class Outcome:
    message: str
    url: str
    repeated: bool


def new_key() -> str:
    return secrets.token_urlsafe(24)


def key_from(request) -> str:
    key = request.POST.get(KEY_FIELD, "")
    if not _KEY_SHAPE.match(key):
        raise MissingKey
    return key


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def run_once(*, key: str, action: str, actor, apply: Callable[[], tuple[str, str]]) -> Outcome:
    """Apply ``apply`` (returning the message and the page to show next) once per key."""
    with transaction.atomic():
        done = MoneyAction.objects.select_for_update().filter(key=key).first()
        if done is not None:
            return Outcome(done.result, done.url, repeated=True)
        try:
            with transaction.atomic():
                row = MoneyAction.objects.create(
                    key=key,
                    action=action,
                    result="",
                    url="",
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # Another request with the same key committed while we waited on the index.
            done = MoneyAction.objects.get(key=key)
            return Outcome(done.result, done.url, repeated=True)
        message, url = apply()
        row.result, row.url = message[:500], url[:255]
        row.save(update_fields=["result", "url"])
        return Outcome(message, url, repeated=False)


def respond(request, outcome: Outcome):
    """Show the result; a repeat says it was already done and shows the first result."""
    if outcome.repeated:
        messages.info(request, _("Already done: %(result)s") % {"result": outcome.message})
    else:
        messages.success(request, outcome.message)
    return redirect(outcome.url)


def confirm_page(request, *, title: str, changes: list[str], button: str, back_url: str):
    """The page that says exactly what will change; confirming re-posts the same form
    with the same key, so confirming twice still applies once."""
    key = request.POST.get(KEY_FIELD, "")
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD, KEY_FIELD)
        for value in values
    ]
    context = {
        "title": title,
        "changes": changes,
        "button": button,
        "back_url": back_url,
        "carried": carried,
        "money_key": key if _KEY_SHAPE.match(key) else new_key(),
    }
    return render(request, "payments/operator/confirm.html", context)


def repeat_shows_first_result(view):
    """A confirmed form whose key was already applied answers with the first result before
    the view looks at the form again: by then the form may no longer validate (the units
    it refunded are gone, the rates it set are the current ones)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if confirmed(request):
            key = request.POST.get(KEY_FIELD, "")
            done = MoneyAction.objects.filter(key=key).first() if _KEY_SHAPE.match(key) else None
            if done is not None:
                return respond(request, Outcome(done.result, done.url, repeated=True))
        return view(request, *args, **kwargs)

    return wrapped
