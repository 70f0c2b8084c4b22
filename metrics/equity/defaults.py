"""The breakdown dimensions a collaborative starts with; the Implementation Team may change
the categories afterwards.

Sources: the BSC-SEL change framework's Driver 4, "Have and use a system to collect and review
data by race/ethnicity, language, gender, and ability" (Field Guide, Appendix B), and the
children's demographics the selection questionnaire asks for: age (infant, toddler,
preschool), race/ethnicity, language, sex, disability (Field Guide, Appendix I). The race and
ethnicity categories are the minimum categories of the U.S. federal standard (OMB Statistical
Policy Directive No. 15, revised 2024), with "multiracial" and "not reported".
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

# (slug, name, [(slug, label, children_label), ...])
DEFAULT_DIMENSIONS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    (
        "race-ethnicity",
        _("Race/ethnicity"),
        [
            (
                "american-indian",
                _("American Indian or Alaska Native"),
                _("American Indian or Alaska Native children"),
            ),
            ("asian", _("Asian"), _("Asian children")),
            ("black", _("Black or African American"), _("Black or African American children")),
            ("hispanic", _("Hispanic or Latino"), _("Hispanic or Latino children")),
            (
                "mena",
                _("Middle Eastern or North African"),
                _("Middle Eastern or North African children"),
            ),
            (
                "pacific-islander",
                _("Native Hawaiian or Pacific Islander"),
                _("Native Hawaiian or Pacific Islander children"),
            ),
            ("white", _("White"), _("White children")),
            ("multiracial", _("Multiracial"), _("Multiracial children")),
            (
                "not-reported",
                _("Not reported"),
                _("Children whose race/ethnicity was not reported"),
            ),
        ],
    ),
    (
        "home-language",
        _("Home language"),
        [
            ("english", _("English"), _("Children whose home language is English")),
            ("spanish", _("Spanish"), _("Children whose home language is Spanish")),
            ("other", _("Other"), _("Children with another home language")),
            ("not-reported", _("Not reported"), _("Children whose home language was not reported")),
        ],
    ),
    (
        "gender",
        _("Gender"),
        [
            ("girl", _("Girl"), _("Girls")),
            ("boy", _("Boy"), _("Boys")),
            ("another", _("Another gender"), _("Children of another gender")),
            ("not-reported", _("Not reported"), _("Children whose gender was not reported")),
        ],
    ),
    (
        "iep-ifsp",
        _("Disability (IEP or IFSP)"),
        [
            ("iep-ifsp", _("Has an IEP or IFSP"), _("Children with an IEP or IFSP")),
            ("no-iep-ifsp", _("No IEP or IFSP"), _("Children without an IEP or IFSP")),
            (
                "not-reported",
                _("Not reported"),
                _("Children whose IEP/IFSP status was not reported"),
            ),
        ],
    ),
    (
        "age-group",
        _("Age group"),
        [
            ("infant", _("Infant"), _("Infants")),
            ("toddler", _("Toddler"), _("Toddlers")),
            ("preschool", _("Preschool"), _("Preschoolers")),
        ],
    ),
]
