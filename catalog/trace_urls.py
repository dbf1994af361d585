from django.urls import path

from . import trace_views

app_name = "trace"
urlpatterns = [
    path("<str:code>/", trace_views.product_trace, name="product"),
    path("<str:code>/chung-nhan/<int:pk>/", trace_views.certificate_scan, name="certificate"),
]
