"""Template helpers of the village theme."""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from catalog.stories.models import StoryIndexPage

register = template.Library()

STORY_INDEX_CACHE_KEY = "lang:story-index-url"
STORY_INDEX_CACHE_SECONDS = 600


def _story_index_url() -> str:
    page = StoryIndexPage.objects.live().only("url_path", "path", "depth").first()
    # "" (not None) is cached too, so a site without stories asks once per period.
    return (page.get_url() or "") if page else ""


@register.simple_tag
def story_index_url() -> str:
    """The stories section's address for the main menu, cached: the header is on every page."""
    # The address carries the language prefix (/en/…), so each language has its own entry.
    key = f"{STORY_INDEX_CACHE_KEY}:{get_language()}"
    return cache.get_or_set(key, _story_index_url, STORY_INDEX_CACHE_SECONDS)
