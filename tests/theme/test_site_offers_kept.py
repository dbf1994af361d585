"""Whether a site-wide offer runs is asked of the database once per version of the offers
and of the clock: a new offer, or one whose start comes, prices the next basket load."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.checkout.offers import Applicator

pytestmark = pytest.mark.django_db
ConditionalOffer = get_model("offer", "ConditionalOffer")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
Range = get_model("offer", "Range")


def site_offer(name, **window):
    everything = Range.objects.create(name=f"Tất cả {name}", includes_all_products=True)
    return ConditionalOffer.objects.create(
        name=name,
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10),
        **window,
    )


def running():
    return [offer.name for offer in Applicator().get_site_offers()]


def test_no_offer_is_asked_once_then_a_new_offer_runs_at_once(
    page_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    assert running() == []
    with django_assert_num_queries(0):
        assert running() == []  # kept: no query
    with django_capture_on_commit_callbacks(execute=True):
        site_offer("Tuần lễ OCOP")
    assert running() == ["Tuần lễ OCOP"]
    with django_capture_on_commit_callbacks(execute=True):
        ConditionalOffer.objects.get().suspend()
    assert running() == []


def test_an_offer_runs_from_its_start_without_being_written_again(
    page_cache, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        site_offer("Phiên chợ sáng", start_datetime=now + timedelta(hours=1))
    assert running() == []  # not yet: kept until its start
    later = now + timedelta(hours=1, minutes=1)
    with (
        mock.patch("django.utils.timezone.now", lambda: later),
        mock.patch("oscar.apps.offer.managers.now", lambda: later),
    ):
        assert running() == ["Phiên chợ sáng"]


def test_without_the_page_cache_offers_are_read_every_time(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert running() == []
    with django_assert_num_queries(1):
        assert running() == []
