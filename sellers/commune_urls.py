from django.urls import include, path

from .views import commune, teams

app_name = "commune"
urlpatterns = [
    path("", commune.queue, name="queue"),
    path("ho-so/<int:pk>/", commune.review, name="review"),
    path("ho-so/<int:pk>/quyet-dinh/", commune.decide, name="decide"),
    path("ho-so/<int:pk>/dong-y-tro-giup/", commune.consent, name="consent"),
    path("nhat-ky/", commune.audit_log, name="audit"),
    path("to-cong-nghe/", teams.team, name="team"),
    path("to-cong-nghe/them/", teams.add, name="team_add"),
    path("to-cong-nghe/<int:pk>/duyet/", teams.approve, name="team_approve"),
    path("to-cong-nghe/<int:pk>/bo/", teams.remove, name="team_remove"),
    path("dong-y/<int:pk>/thu-hoi/", teams.revoke_consent, name="consent_revoke"),
    path("bao-cao/", include("marketplace.reports.commune_urls")),
]
