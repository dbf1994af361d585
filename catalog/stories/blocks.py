"""StreamField blocks for producer and product stories (all of them, in one place)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)
    alt = blocks.CharBlock(
        label=_("Image description for blind readers"), required=True, max_length=200
    )

    class Meta:
        icon = "image"
        template = "stories/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Speaker"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "stories/blocks/quote.html"


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=60)
    value = blocks.CharBlock(label=_("Value"), max_length=120)


class FactsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FactBlock(), **kwargs)

    class Meta:
        icon = "list-ul"
        template = "stories/blocks/facts.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link, not an embed: nothing is fetched from a video site until the reader taps."""

    url = blocks.URLBlock(label=_("Video link"))
    title = blocks.CharBlock(label=_("Title"), max_length=120)

    class Meta:
        icon = "media"
        template = "stories/blocks/video_link.html"


class StoryBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Section heading"),
        max_length=120,
        form_classname="title",
        template="stories/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quotation"))
    facts = FactsBlock(label=_("Key facts"))
    video = VideoLinkBlock(label=_("Video"))
