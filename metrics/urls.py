"""The app's URLs: each feature package lists its own; the names share one namespace."""

from metrics.charts import urls as charts
from metrics.completeness import urls as completeness
from metrics.engagement import urls as engagement
from metrics.entry import urls as entry
from metrics.equity import urls as equity
from metrics.newsletter import urls as newsletter
from metrics.reports import urls as reports
from metrics.synthesis import urls as synthesis
from metrics.values import urls as values

app_name = "metrics"
urlpatterns = [
    *charts.urlpatterns,
    *completeness.urlpatterns,
    *reports.urlpatterns,
    *entry.urlpatterns,
    *equity.urlpatterns,
    *synthesis.urlpatterns,
    *engagement.urlpatterns,
    *newsletter.urlpatterns,
]
api_urlpatterns = [
    *values.api_urlpatterns,
    *equity.api_urlpatterns,
    *synthesis.api_urlpatterns,
    *newsletter.api_urlpatterns,
]
