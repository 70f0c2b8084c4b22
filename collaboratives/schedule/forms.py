"""Forms of the timeline pages. Times are entered in the collaborative's time zone."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.dates import check_dates
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule import recurrence, rule_words
from collaboratives.schedule.models import CallSeries, Decision, Event

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input read in a given zone (the collaborative's), not the viewer's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)
    input_formats = [DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def __init__(self, *args: Any, tz: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        self.tz = tz
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return value.astimezone(self.tz).replace(tzinfo=None)
        return value

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            naive = value
        else:
            naive = BaseTemporalField.to_python(self, value)
        return naive.replace(tzinfo=self.tz) if naive.tzinfo is None else naive

    def strptime(self, value: str, format: str) -> datetime.datetime:  # noqa: A002
        return datetime.datetime.strptime(value, format)


def _people_choices(members: list[Membership]) -> list[tuple[int, str]]:
    return [
        (m.user_id, f"{m.user} ({m.role_label})")
        for m in members
        if m.role in (Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY)
    ]


class AudienceMixin(forms.Form):
    """What an event and a call series share: place, audience, facilitators, agenda, reminder."""

    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), choices=Event.Audience.choices)
    audience_center_role = forms.ChoiceField(
        label=_("Affinity group"),
        choices=[("", "—"), *Membership.CenterRole.choices],
        required=False,
    )
    audience_center = forms.ChoiceField(label=_("Center"), required=False)
    facilitators = forms.MultipleChoiceField(
        label=_("Facilitators"), required=False, widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(
        label=_("Agenda items (one a line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    discussion_questions = forms.CharField(
        label=_("Discussion questions to send in advance (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reminder_days = forms.IntegerField(
        label=_("Send the reminder this many days before"), min_value=0, max_value=60, initial=7
    )

    @staticmethod
    def shared_initial(obj: Any) -> dict[str, Any]:
        """Initial values of the shared fields from an event or a call series."""
        return {
            "location": obj.location,
            "video_url": obj.video_url,
            "audience": obj.audience,
            "audience_center_role": obj.audience_center_role,
            "audience_center": obj.audience_center.slug if obj.audience_center else "",
            "facilitators": [u.pk for u in obj.facilitators.all()],
            "agenda": obj.agenda,
            "discussion_questions": obj.discussion_questions,
            "reminder_days": obj.reminder_days,
        }

    def setup_audience(self, centers: list[Any], members: list[Membership]) -> None:
        self.centers = {c.slug: c for c in centers}
        self.fields["audience_center"].choices = [("", "—")] + [(c.slug, c.name) for c in centers]
        self.people = {m.user_id: m.user for m in members}
        self.fields["facilitators"].choices = _people_choices(members)

    def check_audience(self, data: dict[str, Any]) -> None:
        audience = data.get("audience")
        if audience == Event.Audience.AFFINITY_GROUP and not data.get("audience_center_role"):
            self.add_error(
                "audience_center_role", _("Choose the affinity group (a role across centers).")
            )
        if audience == Event.Audience.CENTER and not data.get("audience_center"):
            self.add_error("audience_center", _("Choose the center."))

    def clean_audience_center(self) -> Any:
        slug = self.cleaned_data.get("audience_center")
        return self.centers.get(slug) if slug else None

    def clean_facilitators(self) -> list[Any]:
        return [self.people[int(pk)] for pk in self.cleaned_data.get("facilitators", [])]


class EventForm(AudienceMixin):
    kind = forms.ChoiceField(label=_("Type"), choices=Event.Kind.choices)
    number = forms.IntegerField(
        label=_("Learning Session number"), required=False, min_value=1, max_value=20
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    confirm_clashes = forms.BooleanField(
        label=_("Schedule it anyway, despite the clashes listed"), required=False
    )

    field_order = ["kind", "number", "title", "start", "end"]

    def __init__(
        self, *args: Any, collaborative: Collaborative, centers, members, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.collaborative = collaborative
        tz_name = collaborative.timezone
        tz = zoneinfo.ZoneInfo(tz_name)
        self.fields["start"] = LocalDateTimeField(
            label=_("Start (%(tz)s)") % {"tz": tz_name}, tz=tz
        )
        self.fields["end"] = LocalDateTimeField(label=_("End (%(tz)s)") % {"tz": tz_name}, tz=tz)
        self.order_fields(self.field_order)
        self.setup_audience(centers, members)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        errors: dict[str, str] = {}
        check_dates(self.collaborative, {"start": start, "end": end}, errors)
        for field, message in errors.items():
            self.add_error(field, message)
        if start and end and end <= start and "end" not in errors:
            self.add_error("end", _("The end must be after the start."))
        self.check_audience(data)
        if data.get("kind") == Event.Kind.LEARNING_SESSION and not data.get("number"):
            self.add_error("number", _("Number the Learning Session."))
        return data

    @staticmethod
    def initial_from(event: Event) -> dict[str, Any]:
        return {
            "kind": event.kind,
            "number": event.number,
            "title": event.title,
            "start": event.start,
            "end": event.end,
            "description": event.description,
            **AudienceMixin.shared_initial(event),
        }

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("confirm_clashes", None)
        return data


class SeriesForm(AudienceMixin):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (k, label)
            for k, label in Event.Kind.choices
            if k not in (Event.Kind.LEARNING_SESSION, Event.Kind.PRE_WORK)
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=rule_words.FREQUENCY_CHOICES,
        initial=rule_words.MONTHLY,
        required=False,
        widget=forms.RadioSelect,
    )
    weekday = forms.ChoiceField(
        label=_("On"), choices=rule_words.WEEKDAY_CHOICES, initial="FR", required=False
    )
    which = forms.ChoiceField(
        label=_("Which one in the month (every month only)"),
        choices=rule_words.WHICH_CHOICES,
        initial="3",
        required=False,
    )
    ends = forms.ChoiceField(
        label=_("Ends"),
        choices=rule_words.ENDS_CHOICES,
        initial=rule_words.NEVER,
        required=False,
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label=_("Number of calls"),
        min_value=1,
        max_value=recurrence.MAX_OCCURRENCES,
        required=False,
    )
    rule = forms.CharField(
        label=_("Recurrence rule (RFC 5545 RRULE)"),
        max_length=300,
        required=False,
        help_text=_(
            "If filled, this rule replaces the choices above. Examples: "
            "FREQ=MONTHLY;BYDAY=+3FR (third Friday of each month), "
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=+1TU (first Tuesday every other month)."
        ),
    )
    first_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start_time = forms.TimeField(
        label=_("Start time (local)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End time (local)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    confirm_clashes = forms.BooleanField(
        label=_("Create it anyway, despite the clashes listed"), required=False
    )

    field_order = [
        "kind",
        "title",
        "frequency",
        "weekday",
        "which",
        "ends",
        "until",
        "count",
        "rule",
        "first_date",
        "start_time",
        "end_time",
    ]

    def __init__(
        self,
        *args: Any,
        collaborative: Collaborative,
        centers,
        members,
        with_scope: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.collaborative = collaborative
        self.setup_audience(centers, members)
        if with_scope:
            self.fields["scope"] = forms.ChoiceField(
                label=_("Change the future calls of this series?"),
                widget=forms.RadioSelect,
                choices=[
                    ("unchanged", _("Yes, except calls moved or cancelled one by one")),
                    ("all", _("Yes, all future calls, also those changed one by one")),
                    ("none", _("No, keep the future calls as they are")),
                ],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("The end time must be after the start time."))
        errors: dict[str, str] = {}
        check_dates(
            self.collaborative,
            {"first_date": data.get("first_date"), "until": data.get("until")},
            errors,
        )
        for field, message in errors.items():
            self.add_error(field, message)
        self.check_audience(data)
        self.compose_rule(data)
        return data

    def compose_rule(self, data: dict[str, Any]) -> None:
        """Put the rule chosen in words into `rule`, unless a rule was written by hand."""
        ends = data.get("ends")
        if ends == rule_words.NEVER:
            data["until"] = None
        elif ends == rule_words.UNTIL and not data.get("until") and "until" not in self.errors:
            self.add_error("until", _("Give the last date, or choose another ending."))
        elif ends == rule_words.COUNT:
            data["until"] = None
            if not data.get("count") and "count" not in self.errors:
                self.add_error("count", _("Give the number of calls, or choose another ending."))
        written = (data.get("rule") or "").strip()
        if written:
            try:
                recurrence.parse_rule(
                    written, datetime.datetime.combine(datetime.date(2000, 1, 1), datetime.time())
                )
            except recurrence.RecurrenceError as error:
                self.add_error("rule", str(error))
            return
        frequency, weekday, which = data.get("frequency"), data.get("weekday"), data.get("which")
        if not frequency:
            self.add_error("frequency", _("Choose how often the call takes place."))
        if not weekday:
            self.add_error("weekday", _("Choose the day of the week."))
        if frequency == rule_words.MONTHLY and not which:
            self.add_error("which", _("Choose which one in the month."))
        if self.errors.keys() & {"frequency", "weekday", "which", "count"}:
            return
        data["rule"] = rule_words.compose(
            rule_words.Words(
                frequency,
                weekday,
                which if frequency == rule_words.MONTHLY else "",
                data.get("count") if ends == rule_words.COUNT else None,
            )
        )

    LAID_OUT = frozenset(
        {
            "kind",
            "title",
            "frequency",
            "weekday",
            "which",
            "ends",
            "until",
            "count",
            "rule",
            "first_date",
            "start_time",
            "end_time",
            "confirm_clashes",
        }
    )

    def other_fields(self) -> list[forms.BoundField]:
        """The fields the page does not lay out one by one (place, audience, agenda...)."""
        return [field for field in self if field.name not in self.LAID_OUT]

    def rule_sentence(self) -> str:
        """The rule as the form would save it, in a sentence; empty while it cannot be read."""
        if self.is_bound:
            errors = self.errors  # runs the cleaning that composes the rule
            data = self.cleaned_data
            if not data.get("rule") or "rule" in errors:
                return ""
            return rule_words.sentence(data["rule"], data.get("until"), self.collaborative.end_date)
        value = {name: self[name].value() for name in ("frequency", "weekday", "which", "ends")}
        rule = self["rule"].value() or rule_words.compose(
            rule_words.Words(
                value["frequency"],
                value["weekday"],
                value["which"] if value["frequency"] == rule_words.MONTHLY else "",
                self["count"].value() if value["ends"] == rule_words.COUNT else None,
            )
        )
        until = self["until"].value() if value["ends"] != rule_words.NEVER else None
        return rule_words.sentence(rule, until or None, self.collaborative.end_date)

    @staticmethod
    def initial_from(series: CallSeries) -> dict[str, Any]:
        words = rule_words.parse(series.rule)
        if words is None:
            in_words: dict[str, Any] = {
                "rule": series.rule,
                "ends": rule_words.UNTIL if series.until else rule_words.NEVER,
            }
        else:
            ends = rule_words.UNTIL if series.until else rule_words.NEVER
            in_words = {
                "rule": "",
                "frequency": words.frequency,
                "weekday": words.weekday,
                "which": words.which or "3",
                "ends": rule_words.COUNT if words.count else ends,
                "count": words.count,
            }
        return {
            "kind": series.kind,
            "title": series.title,
            **in_words,
            "first_date": series.first_date,
            "until": series.until,
            "start_time": series.start_time,
            "end_time": series.end_time,
            **AudienceMixin.shared_initial(series),
        }

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("confirm_clashes", "scope", "frequency", "weekday", "which", "ends", "count"):
            data.pop(name, None)
        return data


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status"), choices=Decision.Status.choices)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action item"), max_length=300)
    owner = forms.ChoiceField(label=_("Owner"))
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, members, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {
            str(m.user_id): m.user for m in members if m.role == Membership.Role.IMPLEMENTATION_TEAM
        }
        self.fields["owner"].choices = [(pk, str(u)) for pk, u in self.owners.items()]

    def clean_owner(self) -> Any:
        return self.owners[self.cleaned_data["owner"]]


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
