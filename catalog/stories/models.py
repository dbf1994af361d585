"""Wagtail pages: the home page and the stories of producers and products."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import StoryBlock


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["stories.StoryIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_context

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
        context["stories"] = (
            Page.objects.live().child_of(self).specific().order_by("-first_published_at")
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


class ProducerStoryPage(StoryPage):
    """A seller's village, people and way of working."""

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
        FieldPanel("seller"),
        FieldPanel("village"),
        *StoryPage.story_panels,
    ]

    class Meta:
        verbose_name = _("producer story")


class ProductStoryPage(StoryPage):
    """How one product is grown or made."""

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
