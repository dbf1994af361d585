"""Wagtail pages: the home page and the stories of producers and products."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState
from wagtail.search import index

from catalog.selectors import story_products
from sellers.access import staff_communes
from sellers.models import Seller

from .blocks import StoryBlock
from .selectors import home_context

# Stories of sellers who may not sell are not shown to buyers (a story without a seller is).
HIDDEN_SELLER_STATUSES = tuple(
    status for status in Seller.Status.values if status not in Seller.SELLING_STATUSES
)


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["stories.StoryIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_context())
        return context


class StoryIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["stories.HomePage"]
    subpage_types = ["stories.ProducerStoryPage", "stories.ProductStoryPage"]

    class Meta:
        verbose_name = _("story index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        hidden = models.Q(producerstorypage__seller__status__in=HIDDEN_SELLER_STATUSES) | models.Q(
            productstorypage__product__seller__status__in=HIDDEN_SELLER_STATUSES
        )
        context["stories"] = (
            Page.objects.live()
            .child_of(self)
            .exclude(hidden)
            .specific()
            .order_by("-first_published_at")
        )
        return context


class StoryPage(Page):
    """What every story has: a summary, a cover photo and a body of blocks."""

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    body = StreamField(StoryBlock(), verbose_name=_("body"), blank=True)

    story_panels = [FieldPanel("summary"), FieldPanel("cover"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # A suspended seller's stories vanish with its products (previews still work).
        seller = story_seller(self)
        hidden = seller is not None and seller.status in HIDDEN_SELLER_STATUSES
        if hidden and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)


class ProducerStoryPage(StoryPage):
    """A seller's village, people and way of working; the seller's product stories sit below.

    Sellers edit only their own page and its children (a per-seller Wagtail group holds
    the page permissions); only operators may change which seller a page belongs to.
    """

    subpage_types = ["stories.ProductStoryPage"]

    seller = models.OneToOneField(
        "sellers.Seller",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="story_page",
        verbose_name=_("seller"),
    )
    village = models.CharField(_("village"), max_length=120, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("seller", permission="superuser"),
        FieldPanel("village"),
        *StoryPage.story_panels,
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = story_products(seller=self.seller)
        return context

    class Meta:
        verbose_name = _("producer story")


class ProductStoryForm(WagtailAdminPageForm):
    """A seller may only attach a story to one of its own products."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("product")
        if field is not None and for_user is not None and not for_user.is_superuser:
            field.queryset = field.queryset.filter(seller__members__user=for_user)


class ProductStoryPage(StoryPage):
    """How one product is grown or made."""

    parent_page_types = ["stories.StoryIndexPage", "stories.ProducerStoryPage"]
    base_form_class = ProductStoryForm

    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="story_page",
        verbose_name=_("product"),
    )

    content_panels = [*Page.content_panels, FieldPanel("product"), *StoryPage.story_panels]

    class Meta:
        verbose_name = _("product story")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = story_products(product=self.product)
        return context


def story_seller(page):
    """The seller a story page belongs to (its own, its product's, or its parent's)."""
    page = page.specific
    seller = getattr(page, "seller", None)
    if seller is None and getattr(page, "product", None) is not None:
        seller = page.product.seller
    if seller is None and isinstance(page, ProductStoryPage):
        parent = page.get_parent()
        seller = getattr(parent.specific, "seller", None) if parent else None
    return seller


class CommuneModerationTask(AbstractGroupApprovalTask):
    """Approval by the operators' groups, or by staff of the story's seller's commune."""

    def _commune_staff(self, obj, user) -> bool:
        if not user.is_authenticated or not isinstance(obj, Page):
            return False
        seller = story_seller(obj)
        return seller is not None and staff_communes(user).filter(pk=seller.commune_id).exists()

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) or self._commune_staff(obj, user)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) and not self._commune_staff(obj, user)

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user) or self._commune_staff(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if user.is_superuser or self._user_in_groups(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        communes = staff_communes(user)
        scope = models.Q(productstorypage__product__seller__commune__in=communes)
        # A producer page and everything below it (the seller's product stories).
        for path in ProducerStoryPage.objects.filter(seller__commune__in=communes).values_list(
            "path", flat=True
        ):
            scope |= models.Q(path__startswith=path)
        page_ids = [str(pk) for pk in Page.objects.filter(scope).values_list("pk", flat=True)]
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=page_ids
        )

    @classmethod
    def get_description(cls):
        return _("Operators, or staff of the seller's commune, approve the story")

    class Meta:
        verbose_name = _("commune moderation")
