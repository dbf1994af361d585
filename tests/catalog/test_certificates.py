"""OCOP certificates: the rules, commune verification, private scans, the daily sweep."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog.models import OcopCertificate, add_months
from catalog.selectors import for_product_cards, public_products
from catalog.tasks import expire_certificates
from sellers.models import CommuneStaff
from tests import factories

from .conftest import upload

pytestmark = pytest.mark.django_db


def claim(**overrides):
    issued = timezone.localdate() - datetime.timedelta(days=30)
    data = {
        "stars": "4",
        "group": "beverage",
        "level": "province",
        "decision_number": "1234/QĐ-UBND",
        "issued_on": issued.isoformat(),
    }
    data.update(overrides)
    return data


def post_claim(client, product, **overrides):
    url = reverse("catalog_manage:certificates", kwargs={"pk": product.pk})
    return client.post(url, claim(**overrides))


def test_a_claim_waits_for_the_commune_with_a_private_scan(seller_client, product, client):
    url = reverse("catalog_manage:certificates", kwargs={"pk": product.pk})
    response = seller_client.post(url, {**claim(), "scan": upload("qd.jpg")})
    assert response.status_code == 302
    certificate = product.ocop_certificates.get()
    assert certificate.status == OcopCertificate.Status.PENDING
    assert certificate.expires_on == add_months(certificate.issued_on, 36)
    assert not certificate.is_valid
    scan_url = reverse(
        "catalog_manage:certificate_scan",
        kwargs={"pk": product.pk, "certificate_id": certificate.pk},
    )
    assert seller_client.get(scan_url).status_code == 200
    # Not under MEDIA_ROOT, so no media URL can ever serve it.
    from django.conf import settings

    assert certificate.scan.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    other = factories.SellerMemberFactory().user
    client.force_login(other)
    assert client.get(scan_url).status_code in (403, 404)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"stars": "5", "level": "province"}, "nationally"),
        ({"stars": "4", "level": "national"}, "province"),
        ({"expires_on": "2020-01-01", "issued_on": "2024-01-01"}, "before the issue date"),
        ({"issued_on": "2099-01-01"}, "future"),
    ],
    ids=["5-star-provincial", "4-star-national", "expiry-before-issue", "future"],
)
def test_bad_claims_are_refused_and_nothing_is_stored(seller_client, product, overrides, message):
    from django.utils import translation

    with translation.override("en"):
        response = post_claim(seller_client, product, **overrides)
    assert response.status_code == 200
    assert message in str(response.context["form"].non_field_errors())
    assert not product.ocop_certificates.exists()


def test_duplicate_decision_number_for_the_same_product(seller_client, product):
    assert post_claim(seller_client, product).status_code == 302
    response = post_claim(seller_client, product, decision_number="1234/qđ-ubnd")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert product.ocop_certificates.count() == 1


def test_commune_staff_verify_only_their_communes_certificates(client, product):
    certificate = factories.OcopCertificateFactory(
        product=product, status=OcopCertificate.Status.PENDING
    )
    outsider = factories.UserFactory()
    CommuneStaff.objects.create(user=outsider, commune=factories.commune("Liên Sơn", "Phú Thọ"))
    client.force_login(outsider)
    review = reverse("catalog_commune:review", kwargs={"pk": certificate.pk})
    assert client.post(review, {"verdict": "verify"}).status_code == 404

    staff = factories.UserFactory()
    CommuneStaff.objects.create(user=staff, commune=product.seller.commune)
    client.force_login(staff)
    assert (
        certificate.decision_number in client.get(reverse("catalog_commune:queue")).content.decode()
    )
    assert client.post(review, {"verdict": "verify"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_valid and certificate.verified_by == staff
    card = for_product_cards(public_products()).get(pk=product.pk)
    assert card.ocop_stars == 4


def test_revoked_certificates_vanish_at_once(client, product):
    certificate = factories.OcopCertificateFactory(product=product, stars=5, level="national")
    product_url = product.get_absolute_url()
    assert "OCOP 5★" in client.get(product_url).content.decode()
    staff = factories.UserFactory()
    CommuneStaff.objects.create(user=staff, commune=product.seller.commune)
    client.force_login(staff)
    review = reverse("catalog_commune:review", kwargs={"pk": certificate.pk})
    assert client.post(review, {"verdict": "revoke"}).status_code == 200  # reason needed
    client.post(review, {"verdict": "revoke", "reason": "Quyết định bị thu hồi"})
    client.logout()
    assert "OCOP 5★" not in client.get(product_url).content.decode()
    assert for_product_cards(public_products()).get(pk=product.pk).ocop_stars is None


def test_one_and_two_stars_are_kept_but_not_advertised(client, product):
    factories.OcopCertificateFactory(product=product, stars=2)
    assert for_product_cards(public_products()).get(pk=product.pk).ocop_stars is None
    assert "OCOP 2★" not in client.get(product.get_absolute_url()).content.decode()


def test_daily_sweep_expires_and_reminds_once_per_threshold(product, mailoutbox):
    from marketplace.notifications import sms

    factories.SellerMemberFactory(seller=product.seller)
    today = datetime.date(2027, 6, 1)
    expiring = factories.OcopCertificateFactory(
        product=product, issued_on=add_months(today, -36) + datetime.timedelta(days=50)
    )
    gone = factories.OcopCertificateFactory(
        product=product, issued_on=add_months(today, -36) - datetime.timedelta(days=1)
    )
    sent_before = len(sms.outbox)

    assert expire_certificates(today.isoformat()) == {"expired": 1, "reminded": 1}
    assert expire_certificates(today.isoformat()) == {"expired": 0, "reminded": 0}
    gone.refresh_from_db()
    expiring.refresh_from_db()
    assert gone.status == OcopCertificate.Status.EXPIRED
    assert expiring.reminders_sent == [60]
    assert len(mail.outbox) == 1
    assert len(sms.outbox) == sent_before + 1
    assert product.title in sms.outbox[-1].text

    later = (today + datetime.timedelta(days=40)).isoformat()  # 10 days left
    assert expire_certificates(later) == {"expired": 0, "reminded": 1}
    assert expire_certificates(later)["reminded"] == 0
    expiring.refresh_from_db()
    assert expiring.reminders_sent == [14, 60]
    after = (expiring.expires_on + datetime.timedelta(days=1)).isoformat()
    assert expire_certificates(after)["expired"] == 1


def test_a_scan_turns_public_only_while_the_certificate_is_valid(client):
    from django.core.files.base import ContentFile

    product = factories.sellable_product()
    certificate = factories.OcopCertificateFactory(product=product, status="pending", stars=4)
    certificate.scan.save("p.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    url = reverse(
        "trace:certificate", kwargs={"code": product.traceability_code, "pk": certificate.pk}
    )
    assert client.get(url).status_code == 404  # waiting for the commune: private
    certificate.status = OcopCertificate.Status.VERIFIED
    certificate.save()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Security-Policy"] == "sandbox"
    trace = client.get(reverse("trace:product", kwargs={"code": product.traceability_code}))
    assert url in trace.content.decode()
    for status in (OcopCertificate.Status.EXPIRED, OcopCertificate.Status.REVOKED):
        certificate.status = status
        certificate.save()
        assert client.get(url).status_code == 404
    low = factories.OcopCertificateFactory(product=product, stars=2)
    low.scan.save("q.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    assert client.get(url.replace(f"/{certificate.pk}/", f"/{low.pk}/")).status_code == 404


def test_an_expired_certificate_is_refused_at_once_saying_when_it_expired(seller_client, product):
    issued = add_months(timezone.localdate(), -37)
    response = post_claim(seller_client, product, issued_on=issued.isoformat())
    assert response.status_code == 200
    expired = add_months(issued, 36).strftime("%d/%m/%Y")
    assert f"Giấy chứng nhận này đã hết hạn ngày {expired}" in response.content.decode()
    assert not product.ocop_certificates.exists()
    # Still in date: accepted and waiting for the commune.
    issued = add_months(timezone.localdate(), -35)
    assert post_claim(seller_client, product, issued_on=issued.isoformat()).status_code == 302
