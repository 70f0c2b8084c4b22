from django.urls import path

from centers.directory import views

urlpatterns = [
    path("centers/", views.center_list, name="list"),
    path("centers/<slug:center>/", views.center_detail, name="detail"),
]
