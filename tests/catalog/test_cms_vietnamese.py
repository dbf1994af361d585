"""The Wagtail admin sellers use for their story pages speaks Vietnamese."""

import pytest
from django.urls import reverse

from tests import factories
from tests.theme.english_text import english_on_pages, english_text

pytestmark = pytest.mark.django_db


def test_a_seller_meets_no_english_in_the_story_editor_and_image_pages(client):
    seller = factories.SellerMemberFactory()
    client.force_login(seller.user)
    editor = client.get(reverse("catalog_manage:story")).url
    assert english_on_pages(client, (editor, "/cms/images/", "/cms/images/multiple/add/")) == {}
    page = client.get(editor).content.decode()
    assert "Tiêu đề trang" in page and "Hình ảnh" in client.get("/cms/images/").content.decode()


def test_the_cms_home_shows_its_text_in_vietnamese(client):
    seller = factories.SellerMemberFactory()
    client.force_login(seller.user)
    client.get(reverse("catalog_manage:story"))
    shown = [t for t in english_text(client.get("/cms/").content.decode()) if t[0] != "<"]
    assert shown == []


def test_the_account_page_offers_vietnamese_and_vietnams_time_only(client):
    seller = factories.SellerMemberFactory()
    client.force_login(seller.user)
    client.get(reverse("catalog_manage:story"))  # the first story opens the CMS to them
    page = client.get("/cms/account/").content.decode()
    assert '<option value="vi">' in page and '<option value="en">' in page
    assert "Deutsch" not in page and "America/New_York" not in page
    assert "Theo ngôn ngữ của máy chủ" in page
