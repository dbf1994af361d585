"""Oscar texts that buyers and sellers see but Oscar's own Vietnamese catalogue leaves
untranslated (or translates awkwardly). Listed here so they are extracted into the project
catalogue (locale/vi), which LOCALE_PATHS puts before Oscar's; the exact msgids must match
Oscar's templates and code. This module is never imported: it only feeds makemessages."""

# The msgids are Oscar's, whitespace included: they cannot be wrapped.
# ruff: noqa: E501

from django.utils.translation import gettext_noop, pgettext_lazy

OSCAR_TEXTS = (
    # Availability, on every product card and in the basket: Oscar's wording reads oddly.
    # The heading over the delivery address on review and thank-you pages; the fee lines of
    # the apps' own catalogues read well with it too ("Giao hàng: 30.000 ₫").
    gettext_noop("Shipping"),
    gettext_noop("In stock"),
    gettext_noop("In stock (%d available)"),
    gettext_noop("Your basket has got some issues. Please correct any validation errors below."),
    gettext_noop("No voucher found with id '%s'"),
    gettext_noop("A problem occurred while placing this order. Please contact customer services."),
    gettext_noop(
        "%s has been sent a confirmation email for another product alert on this site. Please confirm or cancel that request before signing up for more alerts."
    ),
    gettext_noop(
        "The shared accounts won't be able to access your wishlist because the visiblity is set to private."
    ),
    gettext_noop(
        "You have added shared accounts to your wishlist but the visiblity is public, this means everyone with a link has access to it."
    ),
    gettext_noop("Wish list '%(name)s' already containing '%(title)s'"),
    gettext_noop("This voucher is not available for this basket"),
    gettext_noop("You must be logged in to view the wish list"),
    gettext_noop("---------"),
    gettext_noop("\n        Your basket total is now <strong>%(total)s</strong>\n        "),
    gettext_noop("Variants:"),
    gettext_noop(
        "You're receiving this email because your email address has been changed to <strong>%(email)s</strong>."
    ),
    gettext_noop("Reset password"),
    gettext_noop(
        "We are pleased to confirm your order %(order_number)s has been received and\n        will be processed shortly."
    ),
    gettext_noop(
        'You can view the status of this order by clicking <a href="%(absolute_status_url)s" title="order status">here</a>'
    ),
    gettext_noop(
        "You can view the status of this order at the below URL:\n%(absolute_status_url)s"
    ),
    gettext_noop(
        "You're receiving this e-mail because your password has been changed at %(name)s."
    ),
    gettext_noop(
        "\n            We are happy to inform you that our product '%(title)s' is back in stock:\n            %(url)s\n        "
    ),
    gettext_noop(
        "\n                Beware that the amount of items in stock is limited. Be quick or someone might get there first.\n            "
    ),
    gettext_noop(
        "\n            With this email we have disabled your alert automatically and you will not\n            receive any further email regarding this product.\n        "
    ),
    gettext_noop(
        "\nWe are happy to inform you that our product '%(title)s' is back in stock:\n%(url)s\n"
    ),
    gettext_noop(
        "\n        Hello,\n        <p>\n            Somebody (hopefully you) has requested an email alert when '%(title)s' is back in stock.\n            Please click the following link to confirm: %(confirm_url)s\n        </p>\n        <p>\n            You can cancel this alert at any time by clicking the following link: %(cancel_url)s\n        </p>\n\n        <p>\n            Thanks for your interest,\n            The %(site)s Team\n        </p>\n    "
    ),
    gettext_noop(
        "\nHello,\n\nSomebody (hopefully you) has requested an email alert when\n'%(title)s' is back in stock.  Please click the following link\nto confirm: %(confirm_url)s\n\nYou can cancel this alert at any time by clicking the following link:\n%(cancel_url)s\n\nThanks for your interest,\nThe %(site)s Team\n"
    ),
    gettext_noop("%(title)s is back in stock"),
    gettext_noop("\n%(title)s is back in stock\n"),
    pgettext_lazy("Buy again", "Re-ordering..."),
    pgettext_lazy("Buy again", "Re-order"),
    pgettext_lazy("Buy again", "Re-order all items"),
    gettext_noop("Share wishlist"),
    gettext_noop(
        "If you want to share your wishlist with others, you can add their email addresses below. The visibility must be set to shared in order for this to work."
    ),
    gettext_noop("Copy sharing link"),
    gettext_noop("This wish list is empty."),
)
