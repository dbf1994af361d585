"""Project-level views: home, health check and the error pages."""

from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from wagtail.views import serve as wagtail_serve


def home(request):
    """The home page is the Wagtail site root (a ``HomePage``), editable in the CMS."""
    return wagtail_serve(request, "")


@never_cache
def healthz(request):
    """For load balancers and compose health checks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # A plain template with no context processors: whatever broke must not break this.
    return HttpResponseServerError(loader.get_template("500.html").render())
