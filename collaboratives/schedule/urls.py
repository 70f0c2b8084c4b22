from django.urls import path

from collaboratives.schedule import api as schedule_api
from collaboratives.schedule import calendar_views, series_views
from collaboratives.schedule import views as schedule_views

urlpatterns = [
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
    path("events/<uuid:event>/moved/", schedule_views.event_moved, name="event-moved"),
    path("events/<uuid:event>/cancel/", schedule_views.event_cancel, name="event-cancel"),
    path("events/<uuid:event>/delete/", schedule_views.event_delete, name="event-delete"),
    path("events/<uuid:event>/notes/", schedule_views.event_notes, name="event-notes"),
    path("events/<uuid:event>/event.ics", calendar_views.event_ics_download, name="event-ics"),
    path("series/new/", series_views.series_create, name="series-create"),
    path("series/preview/", series_views.series_preview, name="series-preview"),
    path("series/<uuid:series>/", series_views.series_detail, name="series-detail"),
    path("series/<uuid:series>/edit/", series_views.series_edit, name="series-edit"),
    path("series/<uuid:series>/moved/", series_views.series_moved, name="series-moved"),
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
]
