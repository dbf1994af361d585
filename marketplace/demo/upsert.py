"""Create-or-update that writes only when something changed.

``update_or_create`` saves on every call; for the demo that would fire Oscar's stock
alerts, bump ``updated_at`` and slow a second load for nothing.
"""

from __future__ import annotations

from django.db.models import Model


def _value(obj: Model, name: str):
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname) if field.is_relation else getattr(obj, name)


def _wanted(obj: Model, name: str, value):
    field = obj._meta.get_field(name)
    if field.is_relation and isinstance(value, Model):
        return value.pk
    return value


def upsert(model, lookup: dict, values: dict, *, create_only: dict | None = None):
    """Return ``(obj, created)``; an existing row is saved only if ``values`` differ."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values, **(create_only or {})), True
    changed = [
        name for name, value in values.items() if _value(obj, name) != _wanted(obj, name, value)
    ]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj, False
