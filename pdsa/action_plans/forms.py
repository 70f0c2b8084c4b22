from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Case, When
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from collaboratives.framework.models import SecondaryDriver
from pdsa.action_plans.models import ActionPlanItem


class _Loaded(ModelChoiceIterator):
    """The options from the rows the page already read (`field.loaded`): drawing them costs
    no query, nor a server-side cursor; a submitted value is still checked against the
    queryset."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.loaded:
            yield self.choice(row)

    def __len__(self) -> int:
        return len(self.field.loaded) + (self.field.empty_label is not None)


class RampField(forms.ModelChoiceField):
    iterator = _Loaded

    @cached_property
    def loaded(self) -> list[Any]:
        # Read once, when the options are first drawn: a form only validated never reads it.
        return list(self.queryset)


class DriverField(forms.ModelMultipleChoiceField):
    """Secondary drivers as checkboxes, the team's self-assessment priorities first."""

    widget = forms.CheckboxSelectMultiple
    iterator = _Loaded

    def __init__(self, choices: list[tuple[SecondaryDriver, bool]], **kwargs: Any) -> None:
        self.priorities = {driver.pk for driver, priority in choices if priority}
        # `choices` comes priorities first, each part in driver order, as the queryset sorts.
        self.loaded = [driver for driver, _p in choices]
        queryset = (
            SecondaryDriver.objects.filter(pk__in=[driver.pk for driver, _p in choices])
            .select_related("primary")
            .order_by(
                Case(When(pk__in=self.priorities, then=0), default=1),
                "primary__number",
                "number",
            )
        )
        super().__init__(queryset=queryset, required=False, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} — {_('our priority')}" if obj.pk in self.priorities else str(obj)


class PlanForm(forms.Form):
    def __init__(self, *args: Any, driver_choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_drivers"] = DriverField(
            driver_choices,
            label=_("The drivers we will focus on"),
            help_text=_("Your priority drivers from the self-assessment come first."),
        )
        self.fields["support_wanted"] = forms.CharField(
            label=_("Support we want from faculty"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionPlanItem.Kind.choices)
    text = forms.CharField(
        label=_("What"),
        max_length=300,
        help_text=_("What can we test by next Tuesday?"),
    )
    who = forms.CharField(label=_("Who"), max_length=200, required=False)
    by_when = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, driver_choices: list, ramps: Any, later: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not later:
            self.fields["kind"].choices = [ActionPlanItem.Kind.choices[0]]
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = ActionPlanItem.Kind.TEST
        self.fields["drivers"] = DriverField(driver_choices, label=_("Drivers"))
        if later:
            self.fields["ramp"] = RampField(
                queryset=ramps,
                required=False,
                label=_("Ramp to expand or spread"),
                help_text=_("For a PDSA to expand or a bundle to spread."),
            )


def driver_options(field: forms.BoundField) -> list[tuple[str, str, bool]]:
    """(value, label, checked) of a DriverField, for the page to draw its checkboxes in one
    loop: the widget system's per-option templates cost more than the rest of the page."""
    checked = {str(value) for value in field.value() or []}
    return [(str(value), label, str(value) in checked) for value, label in field.field.choices]
