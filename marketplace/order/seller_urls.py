from django.urls import path

from . import seller_views

app_name = "fulfilment"
urlpatterns = [
    path("", seller_views.fulfilment_list, name="list"),
    path("<int:pk>/", seller_views.fulfilment_detail, name="detail"),
    path("<int:pk>/cap-nhat/", seller_views.fulfilment_update, name="update"),
    path("<int:pk>/phieu-giao/", seller_views.packing_slip, name="slip"),
    path("<int:pk>/van-don/", seller_views.shipment_create, name="ship"),
    path("<int:pk>/van-don/<int:shipment_pk>/tem/", seller_views.shipment_label, name="label"),
    path("<int:pk>/van-don/<int:shipment_pk>/huy/", seller_views.shipment_cancel, name="unship"),
]
