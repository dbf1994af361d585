from django.urls import include, path

from .views import commune

app_name = "commune"
urlpatterns = [
    path("", commune.queue, name="queue"),
    path("ho-so/<int:pk>/", commune.review, name="review"),
    path("ho-so/<int:pk>/quyet-dinh/", commune.decide, name="decide"),
    path("ho-so/<int:pk>/dong-y-tro-giup/", commune.consent, name="consent"),
    path("nhat-ky/", commune.audit_log, name="audit"),
    path("bao-cao/", include("sellers.reports.commune_urls")),
]
