from django.urls import path

from collaboratives.sessions import agenda_views, api, attendance_views

urlpatterns = [
    path("sessions/<uuid:event>/agenda/", agenda_views.agenda_page, name="session-agenda"),
    path("sessions/<uuid:event>/agenda.pdf", agenda_views.agenda_pdf, name="session-agenda-pdf"),
    path(
        "sessions/<uuid:event>/run-of-show/", agenda_views.run_of_show, name="session-run-of-show"
    ),
    path(
        "sessions/<uuid:event>/agenda/build/",
        agenda_views.agenda_builder,
        name="session-agenda-builder",
    ),
    path(
        "sessions/<uuid:event>/agenda/start/",
        agenda_views.agenda_start,
        name="session-agenda-start",
    ),
    path("sessions/<uuid:event>/agenda/plan/", agenda_views.plan_edit, name="session-plan-edit"),
    path(
        "sessions/<uuid:event>/blocks/<uuid:block>/",
        agenda_views.block_edit,
        name="session-block-edit",
    ),
    path(
        "sessions/<uuid:event>/blocks/<uuid:block>/move/",
        agenda_views.block_move,
        name="session-block-move",
    ),
    path(
        "sessions/<uuid:event>/blocks/<uuid:block>/delete/",
        agenda_views.block_delete,
        name="session-block-delete",
    ),
    path("events/<uuid:event>/materials/", agenda_views.material_add, name="session-material-add"),
    path("materials/<uuid:material>/", agenda_views.material_download, name="session-material"),
    path(
        "materials/<uuid:material>/delete/",
        agenda_views.material_delete,
        name="session-material-delete",
    ),
    path("events/<uuid:event>/rsvp/", attendance_views.rsvp, name="session-rsvp"),
    path(
        "events/<uuid:event>/rsvp/<str:rsvp_token>/",
        attendance_views.rsvp_link,
        name="session-rsvp-link",
    ),
    path(
        "events/<uuid:event>/rsvp-invite/",
        attendance_views.rsvp_invite,
        name="session-rsvp-invite",
    ),
    path("in/<str:code>/", attendance_views.check_in, name="session-check-in"),
    path(
        "events/<uuid:event>/attendance/",
        attendance_views.attendance,
        name="session-attendance",
    ),
    path(
        "events/<uuid:event>/attendance/mark/",
        attendance_views.attendance_mark,
        name="session-attendance-mark",
    ),
    path("participation/", attendance_views.participation, name="participation"),
    path("participation.csv", attendance_views.participation_csv, name="participation-csv"),
    path("consultations/", attendance_views.consultation_list, name="consultations"),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/events/<uuid:event>/agenda/",
        api.AgendaDetail.as_view(),
        name="session-agenda",
    ),
    path(
        "collaboratives/<slug:slug>/events/<uuid:event>/rsvp/",
        api.OwnRsvp.as_view(),
        name="session-rsvp",
    ),
    path(
        "collaboratives/<slug:slug>/events/<uuid:event>/check-in/",
        api.OwnCheckIn.as_view(),
        name="session-check-in",
    ),
]
