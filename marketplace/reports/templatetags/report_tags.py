from django import template

register = template.Library()


@register.filter
def nothing_happened(headlines) -> bool:
    """Every headline figure of the period and the one before is zero."""
    return all(not row["value"] and not row["previous"] for row in headlines)
