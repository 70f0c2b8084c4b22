"""The app's URLs: each feature package lists its own; the names share one namespace."""

from centers.assessments import urls as assessments
from centers.directory import urls as directory
from centers.selection import urls as selection
from centers.teams import urls as teams

app_name = "centers"
urlpatterns = [
    # Before the directory: `centers/new/` must not be read as a center's slug.
    *teams.urlpatterns,
    # Before the directory: `centers/<center>/welcome/` is the selection room's.
    *selection.urlpatterns,
    *directory.urlpatterns,
    *assessments.urlpatterns,
]
api_urlpatterns = [
    *teams.api_urlpatterns,
    *assessments.api_urlpatterns,
    *selection.api_urlpatterns,
]
