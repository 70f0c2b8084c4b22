from django.urls import path

from pdsa.coaching import views as coaching_views

urlpatterns = [
    path("faculty-assignments/", coaching_views.assignments, name="assignments"),
]
