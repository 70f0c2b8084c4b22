"""The public application form (built from the period's questions) and the IT's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.selection import appendix_i
from centers.selection.models import Application, ApplicationPeriod
from centers.selection.services import TEAM_ROLES, word_count
from centers.teams.models import Center
from collaboratives.membership.models import Membership

TEAM_ROWS = 6
# A hard cap on any one answer, whatever its word limit: a post cannot fill the database.
ANSWER_MAX_CHARS = 12000
COUNT_MAX = 100000

COVER_FIELDS = [
    "center_name",
    "center_type",
    "address",
    "city",
    "state",
    "zip_code",
    "community",
    "director_name",
    "director_title",
    "senior_leader_name",
    "senior_leader_title",
    "senior_leader_email",
    "senior_leader_phone",
    "contact_name",
    "contact_title",
    "contact_email",
    "contact_phone",
]

COMMUNITIES = [
    ("", _("Choose…")),
    ("urban", _("Urban")),
    ("suburban", _("Suburban")),
    ("rural", _("Rural")),
    ("tribal", _("Tribal")),
]


class ApplicationForm(forms.ModelForm):
    """Cover sheet, aggregate demographics, the questionnaire and the proposed team.

    Saving a draft needs only the center's name and the key contact's e-mail (the private
    link goes there); word limits and sizes hold for every save.
    """

    age_groups = forms.MultipleChoiceField(
        label=_("Age groups served"),
        choices=Center.AgeGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    center_type = forms.ChoiceField(
        label=_("Center type"),
        choices=[("", _("Choose…")), *Center.CenterType.choices],
        required=False,
    )
    community = forms.ChoiceField(label=_("Community served"), choices=COMMUNITIES, required=False)
    letter = forms.FileField(
        label=_("Letter of commitment from the senior leader (PDF)"), required=False
    )
    # The spam trap: hidden from people by the page's CSS and labelled as something no one
    # fills in; a robot that fills every field fills this one too.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    class Meta:
        model = Application
        fields = COVER_FIELDS
        widgets = {"address": forms.TextInput()}

    def __init__(self, *args: Any, period: ApplicationPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period = period
        instance = self.instance
        for name in COVER_FIELDS:
            self.fields[name].required = name in ("center_name", "contact_email")
        self.fields["age_groups"].initial = instance.age_groups
        self.demographic_groups = []
        for group, label, items in appendix_i.DEMOGRAPHICS:
            names = []
            for key, item_label in items:
                name = f"d_{group}_{key}"
                self.fields[name] = forms.IntegerField(
                    label=item_label, min_value=0, max_value=COUNT_MAX, required=False
                )
                self.fields[name].initial = instance.demographics.get(f"{group}.{key}")
                names.append(name)
            self.demographic_groups.append((label, names))
        self.fields["d_total"] = forms.IntegerField(
            label=_("Total number of children"), min_value=0, max_value=COUNT_MAX, required=False
        )
        self.fields["d_total"].initial = instance.demographics.get("total")
        self.question_fields = []
        for question in period.questions:
            name = f"q_{question['key']}"
            self.fields[name] = forms.CharField(
                label=question["title"],
                help_text=question["prompt"],
                widget=forms.Textarea(
                    attrs={"rows": 5, "data-word-limit": question.get("word_limit") or ""}
                ),
                max_length=ANSWER_MAX_CHARS,
                required=False,
            )
            self.fields[name].initial = instance.answers.get(question["key"], "")
            self.question_fields.append((question, name))
        role_choices = [("", _("Choose…"))] + [
            (role.value, role.label) for role in Membership.CenterRole if role in TEAM_ROLES
        ]
        self.team_rows = []
        for index in range(TEAM_ROWS):
            member = instance.team[index] if index < len(instance.team) else {}
            row = []
            for part, field in (
                ("name", forms.CharField(label=_("Name"), max_length=150, required=False)),
                ("email", forms.EmailField(label=_("E-mail"), required=False)),
                (
                    "role",
                    forms.ChoiceField(label=_("Role"), choices=role_choices, required=False),
                ),
            ):
                name = f"team_{index}_{part}"
                field.initial = member.get("center_role" if part == "role" else part, "")
                self.fields[name] = field
                row.append(name)
            self.team_rows.append(row)
        self.readiness_fields = []
        for item in period.readiness_items:
            name = f"r_{item['key']}"
            self.fields[name] = forms.BooleanField(label=item["label"], required=False)
            self.fields[name].initial = bool(instance.readiness.get(item["key"]))
            self.readiness_fields.append(name)

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."), code="spam")
        return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for question, name in self.question_fields:
            limit = question.get("word_limit")
            text = data.get(name) or ""
            if limit and word_count(text) > limit:
                self.add_error(
                    name,
                    _("%(count)d words: the limit is %(limit)d.")
                    % {"count": word_count(text), "limit": limit},
                )
        total = data.get("d_total")
        if total is not None:
            for label, names in self.demographic_groups:
                counted = sum(data.get(n) or 0 for n in names)
                if counted > total:
                    self.add_error(
                        names[0],
                        _("%(label)s adds up to %(count)d, more than the %(total)d children.")
                        % {"label": label, "count": counted, "total": total},
                    )
        for index, (name_f, email_f, role_f) in enumerate(self.team_rows):
            values = [data.get(name_f), data.get(email_f), data.get(role_f)]
            if any(values) and not all(values):
                self.add_error(
                    name_f,
                    _("Team member %(n)d: give a name, an e-mail and a role.") % {"n": index + 1},
                )
        return data

    def is_spam(self) -> bool:
        return any(e.code == "spam" for e in self.errors.as_data().get("website", []))

    def application_data(self) -> dict[str, Any]:
        """What the service stores, from the cleaned form."""
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name) or "" for name in COVER_FIELDS}
        values["age_groups"] = list(data.get("age_groups") or [])
        demographics: dict[str, int] = {}
        if data.get("d_total") is not None:
            demographics["total"] = data["d_total"]
        for group, _label, items in appendix_i.DEMOGRAPHICS:
            for key, _item in items:
                value = data.get(f"d_{group}_{key}")
                if value is not None:
                    demographics[f"{group}.{key}"] = value
        values["demographics"] = demographics
        values["answers"] = {
            question["key"]: (data.get(name) or "").strip()
            for question, name in self.question_fields
            if (data.get(name) or "").strip()
        }
        values["team"] = [
            {
                "name": data[name_f].strip(),
                "email": data[email_f].strip().lower(),
                "center_role": data[role_f],
            }
            for name_f, email_f, role_f in self.team_rows
            if data.get(name_f) and data.get(email_f) and data.get(role_f)
        ]
        values["readiness"] = {
            item["key"]: bool(data.get(f"r_{item['key']}")) for item in self.period.readiness_items
        }
        return values


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ApplicationPeriod
        fields = [
            "name",
            "opens_on",
            "closes_on",
            "decision_by",
            "max_centers",
            "competitive",
            "reviewers_per_application",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "decision_by": forms.DateInput(attrs={"type": "date"}),
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Application.Decision.choices if c[0]],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (kept inside the Implementation Team)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )


class LettersForm(forms.ModelForm):
    class Meta:
        model = ApplicationPeriod
        fields = ["letter_accepted", "letter_waitlisted", "letter_declined"]


class OutreachForm(forms.ModelForm):
    class Meta:
        from centers.selection.models import OutreachContact

        model = OutreachContact
        fields = [
            "prospect",
            "prospect_contact",
            "contacted_on",
            "method",
            "event",
            "notes",
            "next_step",
            "next_step_due",
        ]
        widgets = {
            "contacted_on": forms.DateInput(attrs={"type": "date"}),
            "next_step_due": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, access: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from collaboratives.schedule.models import Event

        # Only this collaborative's information sessions: an id from another tenant is
        # refused as an invalid choice.
        self.fields["event"].queryset = Event.objects.filter(
            collaborative=access.collaborative, kind=Event.Kind.INFO_SESSION, cancelled=False
        ).order_by("-start")
        self.fields["event"].label_from_instance = lambda event: (
            f"{event.title} — {event.start:%Y-%m-%d}"
        )
