app_name = "fulfilment"
urlpatterns: list = []
