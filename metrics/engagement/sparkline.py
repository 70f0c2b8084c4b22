from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString


def sparkline(
    values: Sequence[float], label: str, *, width: int = 120, height: int = 24
) -> SafeString:
    """A small line of the monthly values (0 to their maximum), labelled for screen readers."""
    if not values:
        return format_html("")
    top = max(max(values), 1e-9)
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{index * step:.1f},{height - 2 - (value / top) * (height - 4):.1f}"
        for index, value in enumerate(values)
    )
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" '
        'points="{}"/></svg>',
        width,
        height,
        width,
        height,
        label,
        points,
    )
