"""StreamField blocks for producer and product stories (all of them, in one place)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=200)
    alt = blocks.CharBlock(
        label=_("Mô tả ảnh cho người khiếm thị"), required=True, max_length=200
    )

    class Meta:
        icon = "image"
        template = "stories/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Lời kể"))
    attribution = blocks.CharBlock(label=_("Người kể"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "stories/blocks/quote.html"


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Tên"), max_length=60)
    value = blocks.CharBlock(label=_("Giá trị"), max_length=120)


class FactsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FactBlock(), **kwargs)

    class Meta:
        icon = "list-ul"
        template = "stories/blocks/facts.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link, not an embed: nothing is fetched from a video site until the reader taps."""

    url = blocks.URLBlock(label=_("Đường dẫn video"))
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=120)

    class Meta:
        icon = "media"
        template = "stories/blocks/video_link.html"


class StoryBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề mục"), max_length=120, form_classname="title",
                               template="stories/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=["bold", "italic", "link", "ol", "ul"])
    image = ImageBlock(label=_("Ảnh"))
    quote = QuoteBlock(label=_("Trích lời"))
    facts = FactsBlock(label=_("Thông tin nhanh"))
    video = VideoLinkBlock(label=_("Video"))
