app_name = "metrics"
urlpatterns: list = []
api_urlpatterns: list = []
