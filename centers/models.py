"""The app's models live in its feature packages; importing them here registers them with Django."""

from centers.assessments.models import (  # noqa: F401
    AssessmentRound,
    DriverNarrative,
    Rating,
    SelfAssessment,
    SelfAssessmentRevision,
)
from centers.selection.models import (  # noqa: F401
    Application,
    ApplicationPeriod,
    OutreachContact,
    Review,
    ReviewCriterion,
)
from centers.teams.models import Center  # noqa: F401
