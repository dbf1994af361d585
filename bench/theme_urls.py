"""The site's URLs plus a trivial view, the throughput ceiling of this server setup."""

from django.http import HttpResponse
from django.urls import path

from marketplace.urls import handler404, handler500
from marketplace.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("Chợ Làng", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial", trivial), *site_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
