from django.urls import path

from . import api, schedule_api, schedule_views, views, workplan_views

app_name = "collaboratives"
urlpatterns = [
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("calendar/", schedule_views.calendar_page, name="calendar"),
    path("calendar/feed/renew/", schedule_views.feed_renew, name="calendar-feed-renew"),
    path("calendar/feed/revoke/", schedule_views.feed_revoke, name="calendar-feed-revoke"),
    path(
        "calendar/feed/<str:feed_token>.ics",
        schedule_views.calendar_feed,
        name="calendar-feed",
    ),
    path("events/", schedule_views.event_list, name="events"),
    path("events/new/", schedule_views.event_create, name="event-create"),
    path("events/<uuid:event>/", schedule_views.event_detail, name="event-detail"),
    path("events/<uuid:event>/edit/", schedule_views.event_edit, name="event-edit"),
    path("events/<uuid:event>/cancel/", schedule_views.event_cancel, name="event-cancel"),
    path("events/<uuid:event>/delete/", schedule_views.event_delete, name="event-delete"),
    path("events/<uuid:event>/notes/", schedule_views.event_notes, name="event-notes"),
    path("events/<uuid:event>/event.ics", schedule_views.event_ics_download, name="event-ics"),
    path("series/new/", schedule_views.series_create, name="series-create"),
    path("series/<uuid:series>/", schedule_views.series_detail, name="series-detail"),
    path("series/<uuid:series>/edit/", schedule_views.series_edit, name="series-edit"),
    path("workplan/", workplan_views.workplan, name="workplan"),
    path("workplan/new/", workplan_views.task_create, name="task-create"),
    path("workplan/template/", workplan_views.workplan_template, name="workplan-template"),
    path("workplan/<uuid:task>/edit/", workplan_views.task_edit, name="task-edit"),
    path("workplan/<uuid:task>/toggle/", workplan_views.task_toggle, name="task-toggle"),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/events/",
        schedule_api.EventList.as_view(),
        name="event-list",
    ),
    path(
        "collaboratives/<slug:slug>/events/<uuid:event>/",
        schedule_api.EventDetail.as_view(),
        name="event-detail",
    ),
    path(
        "collaboratives/<slug:slug>/call-series/",
        schedule_api.SeriesList.as_view(),
        name="series-list",
    ),
    path(
        "collaboratives/<slug:slug>/workplan-tasks/",
        schedule_api.TaskList.as_view(),
        name="task-list",
    ),
    path(
        "collaboratives/<slug:slug>/workplan-tasks/<uuid:task>/",
        schedule_api.TaskDetail.as_view(),
        name="task-detail",
    ),
    path("collaboratives/", api.CollaborativeList.as_view(), name="collaborative-list"),
    path(
        "collaboratives/<slug:slug>/",
        api.CollaborativeDetail.as_view(),
        name="collaborative-detail",
    ),
    path(
        "collaboratives/<slug:slug>/memberships/",
        api.MembershipList.as_view(),
        name="membership-list",
    ),
]
