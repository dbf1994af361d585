"""Wagtail permissions for stories: sellers edit their own pages; commune staff moderate.

Each seller gets a Wagtail group holding add/change (never publish) permission on its
producer story page and everything below it. Publishing goes through the "Commune
moderation" workflow on the story index.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from sellers.models import CommuneStaff, HelperConsent, Seller

from .models import CommuneModerationTask, HomePage, ProducerStoryPage, StoryIndexPage

COMMUNE_MODERATORS = "Commune moderators"
OPERATOR_MODERATORS = "Moderators"  # created by Wagtail's own migrations
WORKFLOW_NAME = "Commune moderation"


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _admin_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_perm("wagtailadmin", "access_admin"))
    root = Collection.get_first_root_node()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_perm("wagtailimages", codename)
        )
    return group


@transaction.atomic
def ensure_moderation() -> Workflow:
    """The story workflow, assigned to every story index, and its moderators' group."""
    staff_group = _admin_group(COMMUNE_MODERATORS)
    staff_group.user_set.add(*{cs.user for cs in CommuneStaff.objects.select_related("user")})
    task = CommuneModerationTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = CommuneModerationTask.objects.create(name=WORKFLOW_NAME)
    operators = Group.objects.filter(name=OPERATOR_MODERATORS).first()
    if operators is not None:
        task.groups.add(operators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in StoryIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_producer_story(seller: Seller) -> ProducerStoryPage:
    """The seller's story page (a draft if new) and the group that may edit it."""
    page = ProducerStoryPage.objects.filter(seller=seller).first()
    if page is None:
        index = StoryIndexPage.objects.order_by("path").first() or _create_index()
        owner = seller.members.select_related("user").order_by("pk").first()
        page = ProducerStoryPage(
            title=seller.display_name,
            slug=_free_slug(index, seller.slug),
            seller=seller,
            live=False,
            owner=owner.user if owner else None,
        )
        index.add_child(instance=page)
        page.save_revision(user=page.owner)
    sync_story_editors(seller, page)
    return page


def _create_index() -> StoryIndexPage:
    home = HomePage.objects.order_by("path").first()
    if home is None:
        raise LookupError("No home page to hold the stories")
    return home.add_child(instance=StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))


def _free_slug(parent, base: str) -> str:
    slug, n = slugify(base)[:200] or "cau-chuyen", 2
    while parent.get_children().filter(slug=slug).exists():
        slug, n = f"{slugify(base)[:190]}-{n}", n + 1
    return slug


def sync_story_editors(seller: Seller, page: ProducerStoryPage) -> Group:
    """Members and consenting helpers of ``seller`` may edit ``page``; nobody else.

    A seller that may not sell (suspended) keeps its page but nobody of its side may edit
    it until it is reinstated.
    """
    group = _admin_group(f"Story editors: {seller.slug}"[:150])
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_perm("wagtailcore", codename)
        )
    editors = set()
    if seller.is_selling:
        editors = {m.user for m in seller.members.select_related("user")}
        editors |= {
            c.helper
            for c in HelperConsent.objects.filter(
                seller=seller, revoked_at__isnull=True
            ).select_related("helper")
        }
    group.user_set.set(editors)
    return group


def refresh_story_access(seller: Seller) -> Group | None:
    """Bring the Wagtail editors of ``seller``'s story in line with who may act for it now.

    Called in the same transaction as every change of consent or of the seller's status,
    so a revoked helper or a suspended seller loses editing at once.
    """
    page = ProducerStoryPage.objects.filter(seller=seller).first()
    if page is None:
        return None
    return sync_story_editors(seller, page)


def follow_seller_access(sender, *, seller, **kwargs) -> None:
    """``sellers.signals.access_changed``: the story's editors follow the seller's people."""
    refresh_story_access(seller)
