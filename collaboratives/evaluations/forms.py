from django import forms
from django.utils.translation import gettext_lazy as _

from collaboratives.evaluations.items import items_text


class EvaluationForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    items = forms.CharField(
        label=_("Items, one a line"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Start each line with “scale:” (five-point agree scale with a comment), "
            "“choice:” (then the choices after “|”) or “open:” (a written answer)."
        ),
    )
    min_responses = forms.IntegerField(
        label=_("Responses needed before results are shown"),
        min_value=3,
        max_value=500,
        help_text=_("So that a small group cannot be identified by its answers."),
    )

    @classmethod
    def for_evaluation(cls, evaluation, data=None) -> "EvaluationForm":
        initial = {
            "introduction": evaluation.introduction,
            "items": items_text(evaluation.items),
            "min_responses": evaluation.min_responses,
        }
        return cls(data=data, initial=initial)


def posted_answers(data, items) -> dict:
    """The answers of the response form, shaped as the service and the API take them."""
    answers = {}
    for item in items:
        key = item["key"]
        if item["kind"] == "scale":
            answers[key] = {
                "score": data.get(f"{key}-score", ""),
                "comment": data.get(f"{key}-comment", ""),
            }
        elif item["kind"] == "choice":
            answers[key] = {"choice": data.get(f"{key}-choice", "")}
        else:
            answers[key] = {"text": data.get(f"{key}-text", "")}
    return answers
