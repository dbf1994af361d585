"""Shoppers on Chợ Làng: browse, search with and without accents, check out as guests (COD).

Run by ``python -m bench.load``, which starts the site and passes, in the environment:

- ``LOAD_PLAN``: JSON file with product and category URLs, hot products and address ids;
- ``LOAD_THINK``: how long a shopper reads a page, in seconds, as ``min-max``;
- ``LOAD_SMS_PORT``: the port of the run's SMS gateway (``bench/load/sms.py``). The site
  sends its one-time codes through its ordinary HTTP SMS backend to that gateway on
  127.0.0.1, and the simulated buyer reads its code there, as a real buyer reads the
  text message (from whichever of locust's processes it runs in).

The site runs as behind one reverse proxy (``SECURITY_PROXY_HOPS=1``) and each simulated
user comes from an address of its own (10.p.x.y, ``p`` for its locust process,
``LOAD_PROCESS``), so per-address limits see 200 different visitors, as they would in real
life. Users are locust's ``FastHttpUser``: a light client, so the generator takes little
of the CPUs it shares with the site.
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import random
import re
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if "LOAD_PLAN" in os.environ else {}
SEARCHES_ACCENTED = ["chè shan tuyết", "mật ong rừng", "gạo tám", "nước mắm", "miến dong"]
SEARCHES_PLAIN = ["che shan tuyet", "mat ong rung", "gao tam", "nuoc mam", "mien dong"]
SOLD_OUT = "Hết hàng"
ALERT = re.compile(r'class="[^"]*(?:alert|errorlist)[^"]*"[^>]*>(.*?)</(?:div|ul|p)>', re.S)
TAGS = re.compile(r"<[^>]+>")

_user_numbers = itertools.count()
_phone_numbers = itertools.count(1)
# What the page cache said of each page served (its X-Page-Cache header), by endpoint,
# counted like the requests from when every user of this process has arrived.
PAGE_CACHE = collections.defaultdict(collections.Counter)
# Orders the shoppers saw placed over the whole run, ramp included: the oversell check
# compares them with the orders the database holds.
ORDERS_PLACED = collections.Counter()


@events.spawning_complete.add_listener
def _count_from_here(user_count, **kwargs):
    """The request figures start again now (``--reset-stats``): so do the page cache's."""
    PAGE_CACHE.clear()


@events.quitting.add_listener
def _write_counts(environment, **kwargs):
    """The page cache's answers and the orders placed, for the runner's report
    (``LOAD_CACHE_FILE``, ``LOAD_ORDERS_FILE``)."""
    if "LOAD_CACHE_FILE" in os.environ:
        Path(os.environ["LOAD_CACHE_FILE"]).write_text(json.dumps(PAGE_CACHE))
    if "LOAD_ORDERS_FILE" in os.environ:
        Path(os.environ["LOAD_ORDERS_FILE"]).write_text(json.dumps(ORDERS_PLACED["placed"]))


def _process() -> int:
    """This locust process, apart from the others: its users' addresses and phones.

    The runner numbers its processes (``LOAD_PROCESS``); run by hand, the process id
    stands in.
    """
    return int(os.environ.get("LOAD_PROCESS", os.getpid())) % 90


def code_for(phone: str) -> str | None:
    """The code the site texted to ``phone``, from the run's SMS gateway (waits for it)."""
    url = f"http://127.0.0.1:{os.environ['LOAD_SMS_PORT']}/code/{quote(phone)}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=15) as response:
            return response.read().decode() or None
    except OSError:
        return None


def sent_back_to_basket(response) -> bool:
    """Oscar's checkout sends the buyer back to the basket, with a message, when a line is
    no longer available in that quantity: the other way a buyer meets "sold out"."""
    return response.status_code == 302 and "/basket/" in response.headers.get("Location", "")


def said(html: str) -> str:
    """The first alert or form error a page shows, as text (why an order was not placed)."""
    found = ALERT.search(html or "")
    return " ".join(TAGS.sub(" ", found.group(1)).split())[:160] if found else ""


THINK = [float(n) for n in os.environ.get("LOAD_THINK", "3-8").split("-", 1)]


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Shopper(FastHttpUser):
    # A shopper reads each page for a few seconds before the next click.
    wait_time = between(THINK[0], THINK[-1])

    def on_start(self):
        n = next(_user_numbers)
        # The site runs behind one reverse proxy (SECURITY_PROXY_HOPS=1), which says
        # whose request it passes on.
        self.address = f"10.{1 + _process()}.{1 + n // 250}.{1 + n % 250}"

    def _get(self, url: str, name: str):
        response = self.client.get(url, name=name, headers={"X-Forwarded-For": self.address})
        if response.status_code == 200:
            PAGE_CACHE[name][response.headers.get("X-Page-Cache") or "rendered, not kept"] += 1
        return response

    # --- browsing -------------------------------------------------------------------------

    @task(2)
    def home(self):
        self._get("/", name="home")

    @task(3)
    def catalogue(self):
        page = random.choice(["", "?page=2", "?sort=price-asc"])
        self._get(f"/catalogue/{page}", name="catalogue")

    @task(2)
    def category(self):
        self._get(random.choice(PLAN["categories"]), name="category")

    @task(4)
    def product(self):
        self._get(random.choice(PLAN["products"])[1], name="product")

    @task(2)
    def search_accented(self):
        q = random.choice(SEARCHES_ACCENTED)
        self._get("/search/?" + urlencode({"q": q}), name="search (accents)")

    @task(2)
    def search_plain(self):
        q = random.choice(SEARCHES_PLAIN)
        self._get("/search/?" + urlencode({"q": q}), name="search (no accents)")

    # --- buying -----------------------------------------------------------------------------

    @task(1)
    def checkout_cod_as_guest(self):
        pk, url = random.choice(PLAN["hot"] if random.random() < 0.5 else PLAN["products"])
        page = self._get(url, name="product")
        if page.status_code != 200 or f'action="/basket/add/{pk}/"' not in (page.text or ""):
            return  # no "add to basket" button (sold out): the shopper does not try to buy it
        if not self._post(f"/basket/add/{pk}/", {"quantity": 1}, "basket add", expect=302):
            return
        phone = f"09{10 + _process():02d}{next(_phone_numbers):06d}"
        address = {
            "last_name": "Nguyễn Thị",
            "first_name": "Chúc",
            "phone_number": phone,
            "province": PLAN["address"]["province"],
            "commune": PLAN["address"]["commune"],
            "line1": "Thôn Tân Lập",
            "line2": "",
            "notes": "",
        }
        if not self._address_form():
            return
        if not self._post("/checkout/shipping-address/", address, "checkout address", 302):
            return
        self._get("/checkout/preview/", name="checkout review")
        sent = {"action": "send_code", "method": "cod"}
        if not self._post("/checkout/preview/", sent, "checkout send code", 200):
            return
        code = code_for("+84" + phone[1:])
        if code is None:
            self._fail("checkout send code", "no SMS reached the gateway")
            return
        self._place_order(code)
        self.client.cookiejar.clear()  # the next purchase is a new guest with a new basket

    def _address_form(self) -> bool:
        """The checkout's first page; False when the basket is empty: the last unit went to
        someone else between the product page and "add" (the site refused the addition,
        and its redirect looks like a successful one), so there is nothing to check out."""
        with self.client.get(
            "/checkout/shipping-address/",
            headers={"X-Forwarded-For": self.address},
            name="checkout address form",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                PAGE_CACHE["checkout address form"][
                    response.headers.get("X-Page-Cache") or "rendered, not kept"
                ] += 1
                response.success()
                return True
            if response.status_code == 302:
                response.request_meta["name"] = "checkout basket empty (sold out at add)"
                response.success()
                return False
            response.failure(f"HTTP {response.status_code}, expected 200")
            return False

    def _place_order(self, code: str) -> None:
        data = {"action": "place_order", "method": "cod", "code": code}
        with self.client.post(
            "/checkout/preview/",
            data=urlencode(data),
            headers=self._csrf(),
            name="checkout place order",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            placed = response.status_code == 302 and "thank-you" in response.headers.get(
                "Location", ""
            )
            if placed:
                ORDERS_PLACED["placed"] += 1
                response.success()
            elif response.status_code == 200 and SOLD_OUT in response.text:
                # The expected answer when the last unit went to someone else.
                response.request_meta["name"] = "checkout sold out"
                response.success()
            elif sent_back_to_basket(response):
                response.request_meta["name"] = "checkout back to basket (stock changed)"
                response.success()
                self._give_up_basket()
            else:
                response.failure(
                    f"not placed: HTTP {response.status_code} {said(response.text)}".strip()
                )
                return
        if placed:  # (sent back to the basket instead: there is no order to thank for)
            self._get("/checkout/thank-you/", name="checkout thank you")

    def _give_up_basket(self) -> None:
        """What was wanted is sold out: this shopper leaves that basket behind and shops
        on as a new guest (kept, its sold-out line would send every later checkout of
        theirs back to the basket, for the rest of the run)."""
        self.client.cookiejar.clear()

    def _csrf(self) -> dict:
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        return {"X-CSRFToken": token, "X-Forwarded-For": self.address, **FORM}

    def _post(self, url: str, data: dict, name: str, expect: int) -> bool:
        with self.client.post(
            url,
            data=urlencode(data),
            headers=self._csrf(),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # (Adding to the basket redirects to the basket too: that is its success.)
            if name != "basket add" and sent_back_to_basket(response):
                response.request_meta["name"] = "checkout back to basket (stock changed)"
                response.success()
                self._give_up_basket()
                return False
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
                return False
            response.success()
            return True

    def _fail(self, name: str, message: str) -> None:
        self.environment.events.request.fire(
            request_type="POST",
            name=name,
            response_time=0,
            response_length=0,
            exception=Exception(message),
            context={},
        )
