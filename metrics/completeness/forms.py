from django import forms
from django.utils.translation import gettext_lazy as _

from metrics.values.models import MetricsSettings


class MetricsSettingsForm(forms.ModelForm):
    class Meta:
        model = MetricsSettings
        fields = ["due_day", "reminder_days_before", "escalation_days_after", "baseline_months"]

    def clean_due_day(self) -> int:
        day = self.cleaned_data["due_day"]
        if not 1 <= day <= 28:
            raise forms.ValidationError(_("Choose a day between 1 and 28."))
        return day

    def clean_reminder_days_before(self) -> int:
        days = self.cleaned_data["reminder_days_before"]
        if days > 27:
            raise forms.ValidationError(_("At most 27 days before the due day."))
        return days

    def clean_baseline_months(self) -> int:
        months = self.cleaned_data["baseline_months"]
        if months > 24:
            raise forms.ValidationError(_("At most 24 months of baseline."))
        return months
