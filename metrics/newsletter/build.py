"""The draft of a month's newsletter, built from the month before's activity.

Sections follow the guide's newsletter (Section 3; Appendix D, "Monthly newsletter"):
highlights (cycles adopted and completed, chart signals, most discussed posts), a center
spotlight (suggested: the center with most PDSA activity; the IT may pick another), the themes
shared with everyone, upcoming calls and the next Learning Session, new resources, and what is
due. Each section is Markdown the IT edits before sending.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.teams.models import Center
from collaboratives.membership.models import Collaborative
from collaboratives.schedule.models import Event
from metrics.newsletter.models import Newsletter
from metrics.synthesis.month import month_bounds, month_summary
from metrics.synthesis.selectors import shared_with_everyone
from metrics.values.models import MetricsSettings, add_months
from pdsa.library.models import Resource

TEAM_AUDIENCES = (Event.Audience.EVERYONE, Event.Audience.CENTER_TEAMS)


def _md_escape(text: str) -> str:
    """Typed names put into Markdown must not become markup (or a link)."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def draft_sections(
    collaborative: Collaborative, month: datetime.date
) -> tuple[list[dict], Center | None]:
    """The sections of the newsletter sent in `month`, about the month before."""
    about = add_months(month, -1)
    summary = month_summary(collaborative, about)
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    sections: list[dict] = []

    adopted = {(c.ramp.center_id, c.ramp_id): c for group in summary.drivers for c in group.adopted}
    lines = []
    for cycle in adopted.values():
        lines.append(
            "- "
            + _("%(center)s adopted “%(ramp)s”")
            % {"center": _md_escape(cycle.ramp.center.name), "ramp": _md_escape(cycle.ramp.title)}
        )
    completed = summary.cycles_adopted + summary.cycles_abandoned
    started = summary.cycles_started
    lines.append(
        "- "
        + _("%(started)s PDSA cycles started and %(completed)s completed across the collaborative")
        % {"started": started, "completed": completed}
    )
    improving = [signal for signal in summary.signals if signal.improvement]
    for signal in improving[:6]:
        lines.append(
            "- "
            + _("A signal of improvement on %(metric)s at %(center)s: %(text)s")
            % {
                "metric": _md_escape(signal.metric_name),
                "center": _md_escape(signal.center_name),
                "text": signal.text,
            }
        )
    for post in summary.discussed_posts[:3]:
        lines.append(
            "- "
            + _("Much discussed on the board: “%(title)s” (%(n)s comments)")
            % {"title": _md_escape(post.title), "n": post.month_comments}
        )
    sections.append({"key": "highlights", "title": _("Highlights"), "body": "\n".join(lines)})

    activity: Counter[int] = Counter()
    names: dict[int, Center] = {}
    for group in summary.drivers:
        for cycle in group.started + group.adopted + group.abandoned:
            activity[cycle.ramp.center_id] += 1
            names[cycle.ramp.center_id] = cycle.ramp.center
    spotlight = names[activity.most_common(1)[0][0]] if activity else None
    spotlight_body = (
        _(
            "This month we shine a light on %(center)s. Tell us in a few lines what the team "
            "tested and learned."
        )
        % {"center": _md_escape(spotlight.name)}
        if spotlight
        else _("Pick a center to feature and tell its story.")
    )
    sections.append({"key": "spotlight", "title": _("Center spotlight"), "body": spotlight_body})

    start, end = month_bounds(collaborative, about)
    themes = list(
        shared_with_everyone(collaborative)
        .filter(updated_at__gte=start, updated_at__lt=end)
        .order_by("lens", "title")
    )
    sections.append(
        {
            "key": "themes",
            "title": _("What we are noticing"),
            "body": "\n".join(
                f"- **{_md_escape(t.title)}** ({t.get_lens_display()})" for t in themes
            )
            or _("No shared themes this month."),
        }
    )

    now = timezone.now()
    upcoming = list(
        Event.objects.filter(
            collaborative=collaborative,
            cancelled=False,
            audience__in=TEAM_AUDIENCES,
            start__gte=now,
            start__lt=now + datetime.timedelta(days=45),
        ).order_by("start")[:8]
    )
    next_session = (
        Event.objects.filter(
            collaborative=collaborative,
            kind=Event.Kind.LEARNING_SESSION,
            cancelled=False,
            start__gte=now,
        )
        .order_by("start")
        .first()
    )
    lines = [
        f"- {event.start.astimezone(tz):%a %d %b, %H:%M}: {_md_escape(event.title)}"
        for event in upcoming
    ]
    if next_session is not None and next_session not in upcoming:
        lines.append(
            "- "
            + _("Next Learning Session: %(title)s, %(day)s")
            % {
                "title": _md_escape(next_session.title),
                "day": f"{next_session.start.astimezone(tz):%d %b %Y}",
            }
        )
    sections.append(
        {
            "key": "upcoming",
            "title": _("Coming up"),
            "body": "\n".join(lines) or _("No calls scheduled in the coming weeks."),
        }
    )

    resources = list(
        Resource.objects.filter(
            collaborative=collaborative, created_at__gte=start, created_at__lt=end
        ).order_by("title")
    )
    sections.append(
        {
            "key": "resources",
            "title": _("New in the resource library"),
            "body": "\n".join(f"- {_md_escape(r.title)}" for r in resources)
            or _("No new resources this month."),
        }
    )

    settings = MetricsSettings.objects.filter(
        collaborative=collaborative
    ).first() or MetricsSettings(collaborative=collaborative)
    due = settings.due_date(about)
    sections.append(
        {
            "key": "reminders",
            "title": _("Reminders"),
            "body": "- "
            + _("Monthly metrics for %(month)s are due on %(day)s.")
            % {"month": f"{about:%B %Y}", "day": f"{due:%d %B}"},
        }
    )
    return sections, spotlight


def newsletter_title(collaborative: Collaborative, month: datetime.date) -> str:
    return _("%(collaborative)s newsletter, %(month)s") % {
        "collaborative": collaborative.name,
        "month": f"{month:%B %Y}",
    }


def build_draft(collaborative: Collaborative, month: datetime.date) -> tuple[Newsletter, bool]:
    """The month's newsletter, built once: an existing one (draft or sent) is left as it is."""
    month = month.replace(day=1)
    existing = Newsletter.objects.filter(collaborative=collaborative, month=month).first()
    if existing is not None:
        return existing, False
    sections, spotlight = draft_sections(collaborative, month)
    try:
        with transaction.atomic():
            return (
                Newsletter.objects.create(
                    collaborative=collaborative,
                    month=month,
                    title=newsletter_title(collaborative, month),
                    sections=sections,
                    spotlight=spotlight,
                    built_at=timezone.now(),
                ),
                True,
            )
    except IntegrityError:
        return Newsletter.objects.get(collaborative=collaborative, month=month), False


def first_working_day(collaborative: Collaborative, month: datetime.date) -> datetime.date:
    """The month's first weekday that is not a public holiday where the collaborative is."""
    import holidays as holidays_lib

    try:
        public = holidays_lib.country_holidays(
            collaborative.holiday_country,
            subdiv=collaborative.holiday_region or None,
            years=[month.year],
        )
    except NotImplementedError:
        public = {}
    day = month.replace(day=1)
    while day.weekday() >= 5 or day in public:
        day += datetime.timedelta(days=1)
    return day


def build_due_newsletters(now: datetime.datetime | None = None) -> int:
    """Build this month's draft for every active collaborative whose first working day of the
    month has come (once); returns how many were built."""
    now = now or timezone.now()
    built = 0
    for collaborative in Collaborative.objects.filter(status=Collaborative.Status.ACTIVE):
        today = now.astimezone(zoneinfo.ZoneInfo(collaborative.timezone)).date()
        month = today.replace(day=1)
        if today < first_working_day(collaborative, month):
            continue
        if today > collaborative.end_date:
            continue
        _newsletter, created = build_draft(collaborative, month)
        built += created
    return built
