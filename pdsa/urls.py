"""The app's URLs: each feature package lists its own; the names share one namespace."""

from pdsa.action_plans import urls as action_plans
from pdsa.board import urls as board
from pdsa.coaching import urls as coaching
from pdsa.cycles import urls as cycles
from pdsa.discussion import urls as discussion
from pdsa.feedback import urls as feedback
from pdsa.library import urls as library

app_name = "pdsa"
urlpatterns = [
    *cycles.urlpatterns,
    *board.urlpatterns,
    *discussion.urlpatterns,
    *feedback.urlpatterns,
    *coaching.urlpatterns,
    *library.urlpatterns,
    *action_plans.urlpatterns,
]
api_urlpatterns = [
    *cycles.api_urlpatterns,
    *board.api_urlpatterns,
    *action_plans.api_urlpatterns,
]
