"""Template context every page gets, computed only when a template reads it."""

from functools import cache

from oscar.core.loading import get_model

Notification = get_model("communication", "Notification")


def notifications(request) -> dict:
    """Oscar's unread-notifications count for signed-in users, counted only by a page that
    shows it (the account menu): a template calls the function when it reads the name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def num_unread_notifications() -> int:
        return Notification.objects.filter(recipient=user, date_read=None).count()

    return {"num_unread_notifications": num_unread_notifications}
