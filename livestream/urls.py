"""/live/: public schedule and live pages, short codes, the seller's control page, staff."""

from django.urls import path, re_path

from . import manage_views, views

app_name = "livestream"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("quy-dinh/", views.rules, name="rules"),
    path("phien/<int:pk>/", views.detail, name="detail"),
    path("phien/<int:pk>/ghim.json", views.pin, name="pin"),
    path("phien/<int:pk>/lich.ics", views.calendar_file, name="ics"),
    path("phien/<int:pk>/khieu-nai/", views.complaint, name="complaint"),
    path("phien/<int:pk>/gio/<int:item_pk>/", views.add_to_basket, name="add"),
    path("theo-doi/<slug:slug>/", views.follow, name="follow"),
    path("kenh/", manage_views.seller_lives, name="manage"),
    path("kenh/moi/", manage_views.edit_live, name="manage_new"),
    path("kenh/<int:pk>/sua/", manage_views.edit_live, name="manage_edit"),
    path("kenh/<int:pk>/san-pham/", manage_views.live_products, name="manage_products"),
    path("kenh/<int:pk>/dieu-khien/", manage_views.control, name="control"),
    path("xac-minh/", manage_views.hosts, name="hosts"),
    path("xac-minh/<int:seller_pk>/", manage_views.verify_host, name="verify_host"),
    # Short codes read out on a live ("T12"): a letter and digits, typed in any case.
    re_path(r"^(?P<code>[A-Za-z][0-9]{1,9})/?$", views.code, name="code"),
]
