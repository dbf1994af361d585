"""End to end on a small phone screen: photos with GPS in, nothing of it out."""

import pytest
from django.test import Client
from oscar.core.loading import get_model

from tests import factories

from .conftest import has_gps_or_exif, phone_jpeg

Product = get_model("catalogue", "Product")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_listing_from_a_phone_strips_gps_from_everything_served(
    live_server, browser_context, tmp_path
):
    member = factories.SellerMemberFactory()
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(phone_jpeg(size=(4000, 3000)))
    assert has_gps_or_exif(photo.read_bytes())

    django_client = Client()
    django_client.force_login(member.user)
    session = django_client.cookies["sessionid"].value
    context = browser_context.context
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/kenh-nguoi-ban/san-pham/moi/")
    page.set_input_files("input[name=photos]", str(photo))
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Tên sản phẩm").fill("Chè Shan Tuyết búp")
    page.get_by_label("Đơn vị bán").select_option("hop")
    page.get_by_label("Giá (đồng)").fill("180000")
    page.get_by_label("Số lượng còn").fill("15")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("button", name="Đăng bán", exact=True).click()

    product = Product.objects.get(seller=member.seller)
    assert product.is_public
    page.goto(live_server.url + product.get_absolute_url())
    assert page.locator("h1").inner_text().strip() == "Chè Shan Tuyết búp"
    image = page.locator(".lang-gallery img").first
    assert image.get_attribute("loading") == "eager"
    assert image.get_attribute("width") and image.get_attribute("height")
    served = page.evaluate("() => document.querySelector('.lang-gallery img').currentSrc")
    body = page.request.get(served).body()
    assert body[:2] == b"\xff\xd8" or body[:4] == b"RIFF"
    assert not has_gps_or_exif(body)
    original = page.request.get(live_server.url + product.images.get().original.url).body()
    assert not has_gps_or_exif(original)
    # Small screen: the browser picked a small rendition, not the big original.
    assert len(body) < len(original)
