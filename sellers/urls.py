from django.urls import path

from .views import apply, public

# Fixed words here are in models.RESERVED_SLUGS, so no shop can be named like them.
app_name = "sellers"
urlpatterns = [
    path("dang-ky/", apply.apply, name="apply"),
    path("dang-ky/trang-thai/", apply.application, name="application"),
    path("ho-so/<int:pk>/giay-to/", apply.document, name="document"),
    path("<slug:slug>/", public.seller_detail, name="detail"),
]
