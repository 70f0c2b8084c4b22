"""The app's models live in its feature packages; importing them here registers them with Django."""

from collaboratives.affinity.models import AffinityGroup  # noqa: F401
from collaboratives.evaluations.models import (  # noqa: F401
    Evaluation,
    EvaluationResponse,
    RespondentRoll,
)
from collaboratives.framework.models import (  # noqa: F401
    Aim,
    ChangeFramework,
    DriverRevision,
    Metric,
    PrimaryDriver,
    SecondaryDriver,
)
from collaboratives.membership.models import Collaborative, Invitation, Membership, Organization  # noqa: F401
from collaboratives.schedule.models import (  # noqa: F401
    CalendarFeed,
    CallSeries,
    Decision,
    Event,
    EventAttendance,
)
from collaboratives.sessions.models import (  # noqa: F401
    AgendaBlock,
    CheckInCode,
    Material,
    Rsvp,
    SessionPlan,
)
from collaboratives.workplan.models import WorkplanTask  # noqa: F401
