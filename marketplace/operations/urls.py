"""Everything the marketplace operator does, under one prefix (``/van-hanh/``).

Each app owns the URLs of its own operator pages; they are mounted here, in one
namespace (``operations:``), and every view among them checks
``marketplace.operations.access.operator_required``.
"""

from django.urls import include, path

from marketplace.ledger import urls as ledger_urls
from marketplace.order import operator_urls as order_urls
from marketplace.payments import operator_urls as payment_urls
from marketplace.reports import operator_urls as report_urls

from . import views

app_name = "operations"
urlpatterns = [
    path("", views.home, name="home"),
    path("", include(payment_urls)),
    path("", include(ledger_urls)),
    path("", include(order_urls)),
    path("", include(report_urls)),
]
