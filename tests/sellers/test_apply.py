"""Applying to sell: drafts, province → commune without JavaScript, papers, bad input."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sellers.models import Seller
from tests.factories import UserFactory, commune

pytestmark = pytest.mark.django_db


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return SimpleUploadedFile("cccd.png", buffer.getvalue(), content_type="image/png")


def _form(**overrides):
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    data = {
        "kind": "household",
        "display_name": "Chè Bà Hoa",
        "representative_name": "Nguyễn Thị Hoa",
        "phone": "0912 000 555",
        "province": place.province_id,
        "commune": place.pk,
        "address": "Thôn Tân Lập",
        "produces": "Chè Shan Tuyết",
        "bank_bin": "970405",
        "bank_account_number": "1234 5678 9012",
        "bank_account_holder": "NGUYEN THI HOA",
        "submit": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_apply_requires_sign_in_by_phone(client):
    response = client.get("/nguoi-ban/dang-ky/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_submitted_application_waits_for_commune_staff(client, applicant):
    response = client.post("/nguoi-ban/dang-ky/", _form(id_document=_png()))
    assert response.status_code == 302
    seller = Seller.objects.get(members__user=applicant)
    assert seller.status == Seller.Status.APPLIED and seller.submitted_at
    assert seller.phone == "+84912000555" and seller.bank_account_number == "123456789012"
    assert seller.partner is None
    assert seller.id_document.name.endswith(".png")
    assert seller.audit_events.filter(verb="seller.applied").exists()
    # Locked once sent.
    assert client.get("/nguoi-ban/dang-ky/")["Location"].endswith("/dang-ky/trang-thai/")


def test_draft_keeps_partial_answers(client, applicant):
    data = _form(representative_name="", bank_bin="", submit=None, save_draft="1")
    client.post("/nguoi-ban/dang-ky/", data)
    seller = Seller.objects.get(members__user=applicant)
    assert seller.status == Seller.Status.DRAFT
    page = client.get("/nguoi-ban/dang-ky/").content.decode()
    assert "Chè Bà Hoa" in page


def test_choosing_a_province_lists_only_its_communes_and_keeps_what_was_typed(client, applicant):
    place = commune("Liên Sơn", "Phú Thọ")
    data = _form(province=place.province_id, commune="", choose_province="1", submit=None)
    page = client.post("/nguoi-ban/dang-ky/", data).content.decode()
    assert "Liên Sơn" in page and "Vĩnh Tuy" not in page
    assert "Chè Bà Hoa" in page and "Nguyễn Thị Hoa" in page
    assert not Seller.objects.exists()


def test_commune_outside_the_province_is_refused(client, applicant):
    other = commune("Liên Sơn", "Phú Thọ")
    response = client.post("/nguoi-ban/dang-ky/", _form(commune=other.pk))
    assert response.status_code == 200
    assert "Chè Bà Hoa" in response.content.decode()  # nothing typed is lost
    assert not Seller.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("cccd.png", b"<html>not an image</html>", content_type="image/png"),
        SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 100, content_type="application/pdf"),
    ],
)
def test_non_image_upload_is_refused(client, applicant, upload):
    response = client.post("/nguoi-ban/dang-ky/", _form(id_document=upload))
    assert response.status_code == 200 and not Seller.objects.exists()


def test_oversized_upload_is_refused(client, applicant, settings):
    settings.SELLER_DOCUMENT_MAX_BYTES = 1000
    response = client.post("/nguoi-ban/dang-ky/", _form(id_document=_png((400, 400))))
    assert response.status_code == 200 and not Seller.objects.exists()


def test_pdf_is_accepted_and_stored_outside_media(client, applicant, settings):
    pdf = SimpleUploadedFile("dkkd.html", b"%PDF-1.4\n%...\n", content_type="text/html")
    client.post("/nguoi-ban/dang-ky/", _form(id_document=pdf))
    seller = Seller.objects.get()
    assert seller.id_document.name.endswith(".pdf")
    assert str(settings.PRIVATE_MEDIA_ROOT) in seller.id_document.path
    assert str(settings.MEDIA_ROOT) not in seller.id_document.path
    response = client.get(f"/nguoi-ban/ho-so/{seller.pk}/giay-to/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_invalid_phone_on_the_form_is_refused(client, applicant):
    response = client.post("/nguoi-ban/dang-ky/", _form(phone="12345"))
    assert "0912 345 678" in response.content.decode() and not Seller.objects.exists()


def test_shop_names_never_take_reserved_words(client, applicant):
    client.post("/nguoi-ban/dang-ky/", _form(display_name="Đăng ký"))
    assert Seller.objects.get().slug == "dang-ky-shop"


def test_the_form_marks_every_field_needed_to_send_and_offers_no_dashes(client, applicant):
    page = client.get("/nguoi-ban/dang-ky/").content.decode()
    assert "---------" not in page
    for label in ("Tên cửa hàng", "Họ và tên của bạn"):
        assert re.search(re.escape(label) + r"[^<]* \*</label>", page), label


def test_a_refused_application_lists_what_to_fix_at_the_top_with_links(client, applicant):
    response = client.post("/nguoi-ban/dang-ky/", _form(representative_name="", bank_bin=""))
    page = response.content.decode()
    start = page.index('id="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert 'href="#id_representative_name"' in summary and 'href="#id_bank_bin"' in summary
    assert page.index('id="error-summary"') < page.index('id="id_display_name"')


def test_a_saved_phone_is_shown_the_way_people_write_it(client, applicant):
    applicant.phone = "+84912000444"
    applicant.save()
    assert 'value="0912 000 444"' in client.get("/nguoi-ban/dang-ky/").content.decode()
    client.post("/nguoi-ban/dang-ky/", _form(submit=None, save_draft="1"))
    page = client.get("/nguoi-ban/dang-ky/").content.decode()
    assert 'value="0912 000 555"' in page and "+84912000555" not in page


def test_applicant_with_a_paper_sent_opens_the_application_again(client, applicant):
    client.post("/nguoi-ban/dang-ky/", _form(id_document=_png()))
    seller = Seller.objects.get(members__user=applicant)
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.CHANGES_REQUESTED)
    response = client.get("/nguoi-ban/dang-ky/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đã đính kèm giấy tờ." in body
    assert seller.id_document.name not in body  # no link to the private file
    # Answering the request without a new file keeps the paper sent before.
    response = client.post("/nguoi-ban/dang-ky/", _form(display_name="Chè Bà Hoa Tân Lập"))
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.display_name == "Chè Bà Hoa Tân Lập"
    assert seller.id_document.name.endswith(".png")


def test_operator_opens_an_application_with_a_paper_in_the_admin(client, applicant):
    client.post("/nguoi-ban/dang-ky/", _form(id_document=_png()))
    seller = Seller.objects.get(members__user=applicant)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/django-admin/sellers/seller/{seller.pk}/change/")
    assert response.status_code == 200
    assert "Chè Bà Hoa" in response.content.decode()


def test_a_paper_sent_with_a_mistake_elsewhere_is_kept_with_the_draft(client, applicant):
    response = client.post("/nguoi-ban/dang-ky/", _form(bank_bin="", id_document=_png()))
    page = response.content.decode()
    assert response.status_code == 200 and 'href="#id_bank_bin"' in page  # still to fix
    assert "giữ cùng bản nháp" in page and "Đã đính kèm giấy tờ." in page
    seller = Seller.objects.get(members__user=applicant)
    assert seller.status == Seller.Status.DRAFT and seller.id_document.name.endswith(".png")
    # Fixing the mistake sends the application without photographing the paper again.
    assert client.post("/nguoi-ban/dang-ky/", _form()).status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPLIED and seller.id_document.name.endswith(".png")
