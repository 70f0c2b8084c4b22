from django.urls import path

from metrics.engagement import views as engagement_views

urlpatterns = [
    path("engagement/", engagement_views.engagement_table, name="engagement"),
    path("engagement/dropped/", engagement_views.dropped, name="engagement-dropped"),
    path(
        "engagement/centers/<slug:center>/",
        engagement_views.center_timeline,
        name="engagement-center",
    ),
    path(
        "engagement/centers/<slug:center>/position/",
        engagement_views.position_set,
        name="engagement-position",
    ),
]
