"""The app's URLs: each feature package lists its own; the names share one namespace."""

from collaboratives.affinity import urls as affinity
from collaboratives.evaluations import urls as evaluations
from collaboratives.framework import urls as framework
from collaboratives.membership import urls as membership
from collaboratives.outbox import urls as outbox
from collaboratives.schedule import urls as schedule
from collaboratives.sessions import urls as sessions
from collaboratives.workplan import urls as workplan

app_name = "collaboratives"
urlpatterns = [
    *membership.urlpatterns,
    *framework.urlpatterns,
    *schedule.urlpatterns,
    *sessions.urlpatterns,
    *workplan.urlpatterns,
    *outbox.urlpatterns,
    *evaluations.urlpatterns,
    *affinity.urlpatterns,
]
api_urlpatterns = [
    *membership.api_urlpatterns,
    *framework.api_urlpatterns,
    *schedule.api_urlpatterns,
    *sessions.api_urlpatterns,
    *workplan.api_urlpatterns,
    *evaluations.api_urlpatterns,
    *affinity.api_urlpatterns,
]
