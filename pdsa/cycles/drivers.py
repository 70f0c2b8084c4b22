"""Finding the Appendix B drivers the PDSA demo links to.

The change framework is another feature's data. When a collaborative has none yet, a minimal
one with the BSC-SEL driver diagram (Appendix B, Figure 13) is made, so the demo works
whichever order the features are loaded in; an existing framework is never changed.
"""

from django.db import transaction

from collaboratives.framework.models import ChangeFramework, PrimaryDriver, SecondaryDriver
from collaboratives.membership.models import Collaborative

APPENDIX_B = [
    (
        "Relationships and Environments",
        [
            "Design classrooms in responsive ways",
            "Develop and maintain predictable schedules, routines and activities to promote "
            "smooth transitions",
            "Design activities to promote engagement",
            "Provide directions",
            "Teach behavior expectations",
            "Teachers develop nurturing, meaningful relationships with children and colleagues",
        ],
    ),
    (
        "Social Skills and Emotional Competencies",
        [
            "Teach children to express emotions appropriately",
            "Teach children problem solving skills",
            "Teach children positive peer relationship skills",
            "Encourage children's autonomy",
            "Embed opportunities for children to practice skills in daily routines and "
            "interactions",
            "Use effective strategies to respond to challenging behaviors",
        ],
    ),
    (
        "Family Partnership",
        [
            "Use open, consistent communication with families",
            "Invite and support parent participation in the classroom and center",
            "Develop positive, respectful, meaningful, culturally affirming relationships with "
            "families",
            "Connect families to concrete supports in times of need",
            "Collaborate with families to support the parent-child relationship",
            "Support/promote parent confidence/competence (parental resilience)",
        ],
    ),
    (
        "Racial Equity and Cultural Responsiveness",
        [
            "Have and use a system to collect and review data by race/ethnicity, language, "
            "gender, and ability",
            "Provide ongoing professional development and reflection opportunities for staff on "
            "cultural responsiveness, implicit bias, and race equity",
            "Honor and reflect diverse identities and families in the classroom and center "
            "environment",
            "Develop clear policies and guidelines for preventing challenging behaviors that are "
            "free from bias",
        ],
    ),
    (
        "Organizational Capacity and Support",
        [
            "Create a culture of collaboration in the classroom and center",
            "Use facilitative leadership and reflective supervision",
            "Support healthy staff, stress-reduction, adult relational competencies, "
            "self-regulation",
            "Use data systems to track behavior and social and emotional competence",
            "Ensure access to mental health consultation",
            "Maintain effective staffing patterns",
            "Nurture a positive workplace climate where staff feel supported and valued",
            "Provide ongoing training and coaching",
        ],
    ),
]


@transaction.atomic
def ensure_minimal_framework(collaborative: Collaborative) -> ChangeFramework:
    """The collaborative's framework; a minimal Appendix B one only if it has none."""
    existing = ChangeFramework.objects.filter(collaborative=collaborative).first()
    if existing is not None:
        return existing
    framework = ChangeFramework.objects.create(collaborative=collaborative)
    for number, (name, secondaries) in enumerate(APPENDIX_B, start=1):
        primary = PrimaryDriver.objects.create(framework=framework, number=number, name=name)
        for secondary_number, text in enumerate(secondaries, start=1):
            SecondaryDriver.objects.create(primary=primary, number=secondary_number, text=text)
    return framework


def secondary_driver(
    collaborative: Collaborative, primary_number: int, secondary_number: int
) -> SecondaryDriver | None:
    """Secondary driver `primary.secondary` (e.g. 5.3) of the collaborative, if it has one."""
    ensure_minimal_framework(collaborative)
    return (
        SecondaryDriver.objects.filter(
            primary__framework__collaborative=collaborative,
            primary__number=primary_number,
            number=secondary_number,
        )
        .select_related("primary")
        .first()
    )
