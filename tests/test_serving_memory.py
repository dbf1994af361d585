"""A serving process sets its warm objects aside from the garbage collector once, and goes
on answering as before."""

import gc

import pytest

from marketplace.operations.memory import FreezeWhenWarm


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [environ["PATH_INFO"].encode()]


def ask(app, path="/"):
    answered = []
    body = app({"PATH_INFO": path}, lambda status, headers: answered.append(status))
    return answered[0], b"".join(body)


def test_the_warm_objects_are_frozen_once_after_the_warm_up_and_pages_still_answer(unfrozen):
    app = FreezeWhenWarm(hello, after=3)
    assert ask(app, "/a/") == ("200 OK", b"/a/")
    assert ask(app, "/b/") == ("200 OK", b"/b/")
    assert gc.get_freeze_count() == 0  # still warming up: nothing set aside
    warm = [[] for _ in range(1000)]  # what the process keeps for life
    assert ask(app, "/c/") == ("200 OK", b"/c/")
    frozen = gc.get_freeze_count()
    assert frozen >= len(warm)
    later = [[] for _ in range(1000)]  # made after the freeze: a second one would take them
    garbage = []
    garbage.append(garbage)  # a cycle made after the freeze is collected as usual
    del garbage
    assert ask(app, "/d/") == ("200 OK", b"/d/")
    # Once: later requests set nothing more aside. A frozen object may still be freed when
    # nothing refers to it any more, so the count may fall a little, never grow by `later`.
    assert gc.get_freeze_count() < frozen + len(later)
    assert gc.collect() >= 1
