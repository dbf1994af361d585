app_name = "commune"
urlpatterns: list = []
