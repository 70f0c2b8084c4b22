from django.urls import path

from collaboratives.outbox import views

urlpatterns = [
    path("outbox/failed/", views.failed_list, name="outbox-failed"),
    path("outbox/failed/resend/", views.resend_all, name="outbox-resend-all"),
    path(
        "outbox/failed/<uuid:notification>/resend/",
        views.resend_one,
        name="outbox-resend",
    ),
]

api_urlpatterns: list = []
