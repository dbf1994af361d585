from django.shortcuts import redirect
from django.urls import reverse

from marketplace.audit import services as audit
from sellers.access import seller_required
from sellers.models import Seller

from . import access


@seller_required(statuses=Seller.SELLING_STATUSES)
def edit_my_story(request):
    """Open the seller's story page in the CMS editor, creating it on first use."""
    context = request.seller_context
    created = not hasattr(context.seller, "story_page")
    page = access.ensure_producer_story(context.seller)
    access.ensure_moderation()
    if created:
        audit.record(
            actor=context.actor, on_behalf_of=context.seller, verb="story.created", target=page
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
