from django.urls import path

from pdsa.feedback import views as feedback_views

urlpatterns = [
    path("feedback/", feedback_views.feedback_queue, name="feedback-queue"),
]
