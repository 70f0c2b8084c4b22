from django.urls import path

from collaboratives.framework import api as framework_api
from collaboratives.framework import views as framework_views
from collaboratives.membership import api, views
from collaboratives.membership import views as membership_views
from collaboratives.schedule import api as schedule_api
from collaboratives.schedule import calendar_views, series_views
from collaboratives.schedule import views as schedule_views
from collaboratives.workplan import api as workplan_api
from collaboratives.workplan import views as workplan_views

app_name = "collaboratives"
urlpatterns = [
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.invite, name="invite"),
    # Change framework, metric catalogue and IT competencies
    path("framework/", framework_views.driver_diagram, name="framework"),
    path("framework/driver-diagram.pdf", framework_views.driver_diagram_pdf, name="framework-pdf"),
    path("framework/edit/", framework_views.framework_edit, name="framework-edit"),
    path("framework/copy/", framework_views.framework_copy, name="framework-copy"),
    path("framework/aims/", framework_views.aim_add, name="aim-add"),
    path("framework/aims/<uuid:aim>/", framework_views.aim_change, name="aim-change"),
    path("framework/drivers/", framework_views.primary_add, name="primary-add"),
    path(
        "framework/drivers/<uuid:primary>/", framework_views.primary_change, name="primary-change"
    ),
    path(
        "framework/drivers/<uuid:primary>/secondary/",
        framework_views.secondary_add,
        name="secondary-add",
    ),
    path(
        "framework/secondary/<uuid:secondary>/",
        framework_views.secondary_change,
        name="secondary-change",
    ),
    path("framework/metrics/", framework_views.metric_list, name="metrics"),
    path("framework/metrics/new/", framework_views.metric_edit, name="metric-create"),
    path("framework/metrics/<slug:metric>/", framework_views.metric_edit, name="metric-edit"),
    path("competencies/", membership_views.competencies, name="competencies"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/feed/renew/", calendar_views.feed_renew, name="calendar-feed-renew"),
    path("calendar/feed/revoke/", calendar_views.feed_revoke, name="calendar-feed-revoke"),
    path(
        "calendar/feed/<str:feed_token>.ics",
        calendar_views.calendar_feed,
        name="calendar-feed",
    ),
    path("events/", schedule_views.event_list, name="events"),
    path("events/new/", schedule_views.event_create, name="event-create"),
    path("events/<uuid:event>/", schedule_views.event_detail, name="event-detail"),
    path("events/<uuid:event>/edit/", schedule_views.event_edit, name="event-edit"),
    path("events/<uuid:event>/cancel/", schedule_views.event_cancel, name="event-cancel"),
    path("events/<uuid:event>/delete/", schedule_views.event_delete, name="event-delete"),
    path("events/<uuid:event>/notes/", schedule_views.event_notes, name="event-notes"),
    path("events/<uuid:event>/event.ics", calendar_views.event_ics_download, name="event-ics"),
    path("series/new/", series_views.series_create, name="series-create"),
    path("series/<uuid:series>/", series_views.series_detail, name="series-detail"),
    path("series/<uuid:series>/edit/", series_views.series_edit, name="series-edit"),
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
        workplan_api.TaskList.as_view(),
        name="task-list",
    ),
    path(
        "collaboratives/<slug:slug>/workplan-tasks/<uuid:task>/",
        workplan_api.TaskDetail.as_view(),
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
    path(
        "collaboratives/<slug:slug>/framework/",
        framework_api.FrameworkDetail.as_view(),
        name="framework-detail",
    ),
    path(
        "collaboratives/<slug:slug>/metrics/",
        framework_api.MetricList.as_view(),
        name="metric-list",
    ),
]
