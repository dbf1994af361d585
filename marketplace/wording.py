"""Vietnamese wording we replace in Django's and Oscar's own catalogues.

Their Vietnamese translations are machine-like or wrong in places a buyer reads ("Nhập
một số tổng thể.", "tối đa của 60 có thể được mua", "quốc tể", "dến", "Oops!"). The project
catalogue in ``locale/`` is searched first, so an entry there wins; the ids are listed here
so that extracting messages keeps those entries.
"""

from django.utils.translation import gettext_noop

REPLACED = (
    # Django
    gettext_noop("Enter a whole number."),
    # Oscar
    gettext_noop("a maximum of %(max)d can be bought"),
    gettext_noop("This is not a valid local or international phone format."),
    gettext_noop(
        "Please make a note of this reference or print this page and quote it in any "
        "communication with us regarding your order."
    ),
    # Oscar's product page adds its own full stop after this one.
    gettext_noop("This product does not have any reviews yet"),
    gettext_noop("Oops! We found some errors"),
    gettext_noop("please check the error messages below and try again"),
)
