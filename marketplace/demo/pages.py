"""Demo Wagtail pages: home intro, the story index and the producer and product stories.

Pages are found by slug under their parent and published only when their content
changed, so loading the demo again adds neither pages nor revisions.
"""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from catalog.stories.models import HomePage, ProducerStoryPage, ProductStoryPage, StoryIndexPage
from sellers.models import Seller

from . import story_data
from .images import cover_picture

Product = get_model("catalogue", "Product")


def _plain(value):
    """Stored StreamField JSON without block ids and list-item wrappers, for comparing."""
    if isinstance(value, dict):
        if set(value) - {"id"} == {"type", "value"} and value["type"] == "item":
            return _plain(value["value"])
        return {k: _plain(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _stream(body: list[tuple]) -> list[dict]:
    blocks = []
    for kind, value in body:
        if kind == "facts":
            value = [{"label": label, "value": text} for label, text in value]
        blocks.append({"type": kind, "value": value})
    return blocks


def _differs(page: Page, fields: dict) -> bool:
    for name, wanted in fields.items():
        current = getattr(page, name)
        if name == "body":
            if _plain(list(current.raw_data)) != _plain(wanted):
                return True
        elif current != wanted:
            return True
    return False


def publish(parent: Page, model, slug: str, fields: dict) -> Page:
    """Create or update the child ``slug`` of ``parent``; publish a revision if changed."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
    elif not _differs(page, fields) and page.live and not page.has_unpublished_changes:
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def ensure_home() -> HomePage:
    """The site's HomePage (made by a migration; created here only if it is missing)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Chợ Làng", slug="cho-lang"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": "Chợ Làng",
            },
        )
    if home.intro != story_data.HOME_INTRO or not home.live:
        home.intro = story_data.HOME_INTRO
        home.save_revision().publish()
    return home


def ensure_cover(title: str, slug: str, cover: tuple[str, str, str], subtitle: str):
    """A Wagtail image for a story cover, drawn once and found again by its title."""
    Image = get_image_model()
    image_title = f"Ảnh bìa: {title}"
    image = Image.objects.filter(title=image_title).first()
    if image is not None and image.file and image.file.storage.exists(image.file.name):
        return image
    motif, background, accent = cover
    picture = cover_picture(
        title=title, subtitle=subtitle, background=background, accent=accent, motif=motif
    )
    image = image or Image(title=image_title)
    image.file = ImageFile(io.BytesIO(picture), name=f"{slug}.jpg")
    image._set_image_file_metadata()
    image.save()
    return image


def ensure_story_index(home: HomePage) -> StoryIndexPage:
    index = story_data.INDEX
    return publish(
        home, StoryIndexPage, index["slug"], {"title": index["title"], "intro": index["intro"]}
    )


def ensure_producer_story(index: StoryIndexPage, spec: dict) -> Page:
    seller = Seller.objects.select_related("commune__province").get(slug=spec["seller"])
    place = f"{seller.commune.full_name}, {seller.commune.province.name}"
    fields = {
        "title": spec["title"],
        "seller": seller,
        "village": spec["village"],
        "summary": spec["summary"],
        "cover": ensure_cover(spec["title"], spec["slug"], spec["cover"], place),
        "body": _stream(spec["body"]),
    }
    return publish(index, ProducerStoryPage, spec["slug"], fields)


def ensure_product_story(index: StoryIndexPage, spec: dict) -> Page:
    product = Product.objects.select_related("seller").get(upc=spec["product"])
    fields = {
        "title": spec["title"],
        "product": product,
        "summary": spec["summary"],
        "cover": ensure_cover(spec["title"], spec["slug"], spec["cover"], product.title),
        "body": _stream(spec["body"]),
    }
    return publish(index, ProductStoryPage, spec["slug"], fields)


def load_stories() -> int:
    """Home intro, index and every story; returns how many stories are live."""
    index = ensure_story_index(ensure_home())
    for spec in story_data.PRODUCER_STORIES:
        ensure_producer_story(index, spec)
    for spec in story_data.PRODUCT_STORIES:
        ensure_product_story(index, spec)
    return Page.objects.live().child_of(index).count()
