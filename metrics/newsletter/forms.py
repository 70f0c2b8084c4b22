from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from metrics.newsletter.models import Newsletter
from metrics.newsletter.services import translation_languages


class NewsletterForm(forms.Form):
    """The title, the spotlight, and each section's title, text and place in the order."""

    title = forms.CharField(max_length=200, label=_("Title"))
    spotlight = forms.ModelChoiceField(
        queryset=Center.objects.none(),
        required=False,
        label=_("Center spotlight"),
        to_field_name="slug",
    )

    def __init__(self, *args, newsletter: Newsletter, centers: QuerySet[Center], **kwargs) -> None:  # noqa: ANN002, ANN003
        self.languages = translation_languages()
        initial = {"title": newsletter.title, "spotlight": newsletter.spotlight}
        for code, _name in self.languages:
            initial[f"title_{code}"] = (newsletter.title_translations or {}).get(code, "")
        for index, section in enumerate(newsletter.sections):
            initial[f"title_{index}"] = section.get("title", "")
            initial[f"body_{index}"] = section.get("body", "")
            initial[f"order_{index}"] = index + 1
            for code, _name in self.languages:
                translated = section.get("translations", {}).get(code, {})
                initial[f"title_{index}_{code}"] = translated.get("title", "")
                initial[f"body_{index}_{code}"] = translated.get("body", "")
        super().__init__(*args, initial=initial, **kwargs)
        self.newsletter = newsletter
        self.fields["spotlight"].queryset = centers
        self.title_translation_fields = []
        for code, name in self.languages:
            self.fields[f"title_{code}"] = forms.CharField(
                max_length=200,
                required=False,
                label=_("Title in %(language)s") % {"language": name},
            )
            self.title_translation_fields.append(self[f"title_{code}"])
        count = len(newsletter.sections)
        self.section_rows = []
        for index, _section in enumerate(newsletter.sections):
            self.fields[f"title_{index}"] = forms.CharField(
                max_length=200, label=_("Section title")
            )
            self.fields[f"body_{index}"] = forms.CharField(
                required=False, label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 6})
            )
            self.fields[f"order_{index}"] = forms.IntegerField(
                min_value=1, max_value=count, label=_("Place in the newsletter")
            )
            translated = []
            for code, name in self.languages:
                self.fields[f"title_{index}_{code}"] = forms.CharField(
                    max_length=200,
                    required=False,
                    label=_("Section title in %(language)s") % {"language": name},
                )
                self.fields[f"body_{index}_{code}"] = forms.CharField(
                    required=False,
                    label=_("Text in %(language)s (Markdown)") % {"language": name},
                    help_text=_("Left empty, readers of this language get the original."),
                    widget=forms.Textarea(attrs={"rows": 6}),
                )
                translated.append((self[f"title_{index}_{code}"], self[f"body_{index}_{code}"]))
            self.section_rows.append(
                (self[f"title_{index}"], self[f"body_{index}"], self[f"order_{index}"], translated)
            )

    def clean(self) -> dict:
        data = super().clean()
        orders = [data.get(f"order_{i}") for i in range(len(self.newsletter.sections))]
        if None not in orders and len(set(orders)) != len(orders):
            raise forms.ValidationError(_("Give each section its own place in the order."))
        return data

    def sections(self) -> list[dict]:
        rows = []
        for index, section in enumerate(self.newsletter.sections):
            rows.append(
                (
                    self.cleaned_data[f"order_{index}"],
                    {
                        "key": section.get("key", f"section-{index}"),
                        "title": self.cleaned_data[f"title_{index}"],
                        "body": self.cleaned_data[f"body_{index}"],
                        "translations": {
                            code: {
                                "title": self.cleaned_data[f"title_{index}_{code}"],
                                "body": self.cleaned_data[f"body_{index}_{code}"],
                            }
                            for code, _name in self.languages
                        },
                    },
                )
            )
        return [section for _order, section in sorted(rows, key=lambda row: row[0])]

    def title_translations(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"title_{code}"] for code, _name in self.languages}
