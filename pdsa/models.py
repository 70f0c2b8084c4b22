"""The app's models live in its feature packages; importing them here registers them with Django."""

from pdsa.action_plans.models import ActionPlan, ActionPlanItem  # noqa: F401
from pdsa.coaching.models import FacultyAssignment  # noqa: F401
from pdsa.cycles.models import Attachment, Cycle, Ramp  # noqa: F401
from pdsa.library.models import Resource  # noqa: F401
