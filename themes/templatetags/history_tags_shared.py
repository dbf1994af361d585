"""Oscar's ``history_tags`` for pages shared through the page cache (installed in place of
Oscar's library under the same name, ``TEMPLATES["OPTIONS"]["libraries"]``).

The recently viewed products are a part of each visitor's own (``{% personal %}`` in
``oscar/customer/history/recently_viewed_products.html``), read when that part is made:
Oscar's tag read them from the database once more for every page it rendered, for a
list the template no longer shows.
"""

from django import template
from oscar.templatetags import history_tags as oscar_history_tags

register = template.Library()
register.simple_tag(takes_context=True, name="get_back_button")(oscar_history_tags.get_back_button)


@register.inclusion_tag("oscar/customer/history/recently_viewed_products.html", takes_context=True)
def recently_viewed_products(context, current_product=None):
    return {"request": context["request"], "current_product": current_product}
