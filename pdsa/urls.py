app_name = "pdsa"
urlpatterns: list = []
api_urlpatterns: list = []
