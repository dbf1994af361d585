from django.urls import path

from . import manage_views as views
from .stories import views as story_views

app_name = "catalog_manage"
urlpatterns = [
    path("", views.product_list, name="list"),
    path("moi/", views.product_new, name="new"),
    path("moi/gui-anh/", views.send_photo, name="send_photo"),
    path("<int:pk>/anh/", views.product_photos, name="photos"),
    path("<int:pk>/anh/<int:image_id>/", views.photo_action, name="photo"),
    path("<int:pk>/thong-tin/", views.product_details, name="details"),
    path("<int:pk>/dang-ban/", views.product_publish, name="publish"),
    path("<int:pk>/chung-nhan/", views.certificates, name="certificates"),
    path(
        "<int:pk>/chung-nhan/<int:certificate_id>/ban-quet/",
        views.certificate_scan,
        name="certificate_scan",
    ),
    path("nhan-truy-xuat/", views.label_sheet, name="labels"),
    path("nhan-truy-xuat/in/", views.label_print, name="labels_print"),
    path("cau-chuyen/", story_views.edit_my_story, name="story"),
]
