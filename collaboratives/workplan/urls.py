from django.urls import path

from collaboratives.workplan import api as workplan_api
from collaboratives.workplan import views as workplan_views

urlpatterns = [
    path(
        "events/<uuid:event>/action-items/",
        workplan_views.action_item_add,
        name="event-action-item",
    ),
    path("workplan/", workplan_views.workplan, name="workplan"),
    path("workplan/new/", workplan_views.task_create, name="task-create"),
    path("workplan/template/", workplan_views.workplan_template, name="workplan-template"),
    path("workplan/<uuid:task>/edit/", workplan_views.task_edit, name="task-edit"),
    path("workplan/<uuid:task>/toggle/", workplan_views.task_toggle, name="task-toggle"),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/workplan-tasks/",
        workplan_api.TaskList.as_view(),
        name="task-list",
    ),
    path(
        "collaboratives/<slug:slug>/workplan-tasks/<uuid:task>/",
        workplan_api.TaskDetail.as_view(),
        name="task-detail",
    ),
]
