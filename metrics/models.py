"""The app's models live in its feature packages; importing them here registers them with Django."""

from metrics.charts.models import ChartExclusion, ChartPhase, ChartSetting  # noqa: F401
from metrics.engagement.models import EngagementPosition  # noqa: F401
from metrics.equity.models import (  # noqa: F401
    BreakdownCategory,
    BreakdownDimension,
    EquitySettings,
    MetricBreakdown,
    SubgroupEntry,
    SubgroupValue,
)
from metrics.newsletter.models import Newsletter  # noqa: F401
from metrics.reports.models import Report, ReportFile  # noqa: F401
from metrics.synthesis.models import Theme, ThemeEvidence  # noqa: F401
from metrics.values.models import (  # noqa: F401
    DataCollectionPlan,
    MetricsSettings,
    MetricValue,
    MetricValueHistory,
)
