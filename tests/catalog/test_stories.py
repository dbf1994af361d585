"""Story pages: sellers edit only their own through Wagtail; commune staff moderate."""

import pytest
from django.urls import reverse

from catalog.stories import access
from catalog.stories.models import CommuneModerationTask, ProducerStoryPage
from sellers.models import CommuneStaff
from tests import factories

pytestmark = pytest.mark.django_db


def story_for(member):
    page = access.ensure_producer_story(member.seller)
    access.ensure_moderation()
    return page


def test_seller_edits_own_story_but_not_another_sellers(client):
    alice, bob = factories.SellerMemberFactory(), factories.SellerMemberFactory()
    client.force_login(alice.user)
    response = client.get(reverse("catalog_manage:story"))
    page = ProducerStoryPage.objects.get(seller=alice.seller)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(response.url).status_code == 200
    bob_page = story_for(bob)
    edit_bob = reverse("wagtailadmin_pages:edit", args=[bob_page.pk])
    assert client.get(edit_bob).status_code in (302, 403)
    assert client.post(edit_bob, {"title": "Chiếm quyền"}).status_code in (302, 403)
    bob_page.refresh_from_db()
    assert bob_page.title != "Chiếm quyền"


def test_sellers_cannot_publish_their_story_themselves(client):
    alice = factories.SellerMemberFactory()
    page = story_for(alice)
    assert not page.permissions_for_user(alice.user).can_publish()
    assert page.permissions_for_user(alice.user).can_edit()


def test_commune_staff_moderate_only_their_communes_stories():
    alice = factories.SellerMemberFactory()
    page = story_for(alice)
    task = CommuneModerationTask.objects.get()
    staff = factories.UserFactory()
    CommuneStaff.objects.create(user=staff, commune=alice.seller.commune)
    elsewhere = factories.UserFactory()
    CommuneStaff.objects.create(user=elsewhere, commune=factories.commune("Liên Sơn", "Phú Thọ"))
    assert task.get_actions(page, staff)
    assert not task.get_actions(page, elsewhere)
    assert not task.get_actions(page, alice.user)


def test_story_page_lists_its_products_with_price_and_basket(client):
    alice = factories.SellerMemberFactory()
    product = factories.sellable_product(seller=alice.seller)
    page = story_for(alice)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert product.title in html
    assert "150.000" in html
    assert reverse("basket:add", kwargs={"pk": product.pk}) in html


def _can_edit(page, user) -> bool:
    page.refresh_from_db()
    user = type(user).objects.get(pk=user.pk)  # drop Django's cached permissions
    return page.permissions_for_user(user).can_edit()


def test_consent_granted_and_revoked_changes_story_editing_at_once():
    from sellers import helpers

    alice = factories.SellerMemberFactory()
    page = story_for(alice)
    helper = factories.UserFactory()
    factories.team_member(helper, alice.seller.commune)
    staff = factories.UserFactory()
    CommuneStaff.objects.create(user=staff, commune=alice.seller.commune)
    assert not _can_edit(page, helper)
    consent = helpers.record_consent_in_person(
        actor=staff, seller=alice.seller, helper_phone=helper.phone
    )
    assert _can_edit(page, helper)
    helpers.revoke_consent(actor=alice.user, consent=consent)
    assert not _can_edit(page, helper)
    assert _can_edit(page, alice.user)


def test_suspension_and_reinstatement_change_story_editing_at_once(client):
    from sellers import services

    alice = factories.SellerMemberFactory()
    page = story_for(alice)
    page.save_revision().publish()
    staff = factories.UserFactory()
    CommuneStaff.objects.create(user=staff, commune=alice.seller.commune)
    assert client.get(page.url).status_code == 200

    services.decide(actor=staff, seller=alice.seller, decision="suspend", reason="Kiểm tra")
    assert not _can_edit(page, alice.user)
    assert client.get(page.url).status_code == 404
    index = page.get_parent()
    assert page.title not in client.get(index.url).content.decode()

    services.decide(actor=staff, seller=alice.seller, decision="reinstate")
    assert _can_edit(page, alice.user)
    assert client.get(page.url).status_code == 200
