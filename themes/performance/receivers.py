"""Every change a cached page can show invalidates the page cache.

Model signals cover writes through the ORM (services, admin, the CMS, the demo loader);
Oscar's atomic stock methods and the refused-parcel restock send them by hand. Two tasks
write with ``QuerySet.update`` (no signals): image renditions and the daily certificate
expiry; they invalidate when they finish. What only the clock changes (a live starting or
ending, a certificate past its last day) is handled by ``versions.next_change``.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import versions

# (app label, model name) of everything a catalogue, product, seller or story page shows.
WATCHED_MODELS = (
    ("catalogue", "Product"),
    ("catalogue", "ProductImage"),
    ("catalogue", "ProductAttributeValue"),
    ("catalogue", "ProductCategory"),
    ("catalogue", "Category"),
    ("catalogue", "OcopCertificate"),
    ("reviews", "ProductReview"),
    ("partner", "Partner"),
    ("partner", "StockRecord"),
    ("sellers", "Seller"),
    ("stories", "HomePage"),
    ("stories", "StoryIndexPage"),
    ("stories", "ProducerStoryPage"),
    ("stories", "ProductStoryPage"),
    ("wagtailcore", "Page"),
    ("livestream", "LiveSession"),
    ("livestream", "LiveProduct"),
)
# Tasks that change shown rows with QuerySet.update().
WATCHED_TASKS = frozenset(
    {"catalog.tasks.make_image_renditions", "catalog.tasks.expire_certificates"}
)


def model_changed(sender, raw=False, using=None, **kwargs):
    if not raw:
        versions.bump(using=using)


def relation_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        versions.bump(using=using)


def page_published(sender, **kwargs):
    versions.bump()


def task_finished(sender=None, **kwargs):
    if sender is not None and sender.name in WATCHED_TASKS:
        versions.bump()


def watched_models():
    for label, name in WATCHED_MODELS:
        try:
            yield apps.get_model(label, name)
        except LookupError:  # an optional app is not installed
            continue


def connect() -> None:
    from celery.signals import task_postrun
    from wagtail.signals import page_published as wagtail_published
    from wagtail.signals import page_unpublished

    for model in watched_models():
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(model_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(model_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"{uid}-{m2m.name}")
    wagtail_published.connect(page_published, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_published, dispatch_uid="pagecache-unpublished")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="pagecache-tasks")
