from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.assessments.models import AssessmentRound
from centers.assessments.services import SCORES, AssessmentInput
from collaboratives.framework.models import PrimaryDriver

SCORE_CHOICES = [("", _("— not rated —"))] + [(f"{s:.1f}", f"{s:g}") for s in SCORES]


@dataclass(frozen=True)
class ShownValue:
    """An answer as a read-only page reads it: `{{ row.score.value }}`, as of a form field."""

    value: Any


class SelfAssessmentForm(forms.Form):
    """Appendix E: score, comment and priority per secondary driver, a narrative per primary.

    Scores are validated by the service (one rule for the form and the API), so the field
    accepts any text and the service's message is shown next to it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, primaries: list[PrimaryDriver], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.primaries = primaries
        for primary in primaries:
            for driver in primary.secondaries:
                key = str(driver.public_id)
                self.fields[f"score_{key}"] = forms.CharField(
                    label=_("Score (1–4)"),
                    required=False,
                    widget=forms.Select(choices=SCORE_CHOICES),
                )
                self.fields[f"comment_{key}"] = forms.CharField(
                    label=_("Comments"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.fields[f"priority_{key}"] = forms.BooleanField(
                    label=_("A priority for our team"), required=False
                )
            self.fields[f"narrative_{primary.public_id}"] = forms.CharField(
                label=_("Overall comments on driver %(n)d") % {"n": primary.number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def blocks(self) -> list[dict[str, Any]]:
        result = []
        for primary in self.primaries:
            rows = []
            for driver in primary.secondaries:
                key = str(driver.public_id)
                rows.append(
                    {
                        "driver": driver,
                        "score": self[f"score_{key}"],
                        "comment": self[f"comment_{key}"],
                        "priority": self[f"priority_{key}"],
                    }
                )
            result.append(
                {
                    "primary": primary,
                    "rows": rows,
                    "narrative": self[f"narrative_{primary.public_id}"],
                }
            )
        return result

    def to_input(self) -> AssessmentInput:
        data = AssessmentInput()
        for primary in self.primaries:
            for driver in primary.secondaries:
                key = str(driver.public_id)
                data.ratings[key] = {
                    "score": self.cleaned_data.get(f"score_{key}", ""),
                    "comment": self.cleaned_data.get(f"comment_{key}", ""),
                    "priority": self.cleaned_data.get(f"priority_{key}", False),
                }
            data.narratives[str(primary.public_id)] = self.cleaned_data.get(
                f"narrative_{primary.public_id}", ""
            )
        return data

    @staticmethod
    def shown_blocks(primaries: list[PrimaryDriver], initial: dict[str, Any]) -> list[dict]:
        """`blocks()` of the unfilled form with `initial`, for a page that only shows the
        answers: the same values under `.value`, without building a field per answer."""
        result = []
        for primary in primaries:
            rows = []
            for driver in primary.secondaries:
                key = str(driver.public_id)
                rows.append(
                    {
                        "driver": driver,
                        "score": ShownValue(initial.get(f"score_{key}")),
                        "comment": ShownValue(initial.get(f"comment_{key}")),
                        "priority": ShownValue(initial.get(f"priority_{key}")),
                    }
                )
            result.append(
                {
                    "primary": primary,
                    "rows": rows,
                    "narrative": ShownValue(initial.get(f"narrative_{primary.public_id}")),
                }
            )
        return result

    @staticmethod
    def initial_from(snapshot: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": snapshot.get("version", 0)}
        for key, item in snapshot.get("ratings", {}).items():
            initial[f"score_{key}"] = item["score"] or ""
            initial[f"comment_{key}"] = item["comment"]
            initial[f"priority_{key}"] = item["priority"]
        for key, text in snapshot.get("narratives", {}).items():
            initial[f"narrative_{key}"] = text
        return initial


class RoundForm(forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["name", "opens_on", "due_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def _post_clean(self) -> None:
        pass
