"""Demo themes for BSC-SEL: findings in each of the four lenses, in Action Periods 1 and 2,
citing the demo's cycles, posts and chart signals, shared at each level."""

from __future__ import annotations

from bsc.demo import DemoContext
from bsc.tenancy import Access
from collaboratives.membership.models import Membership
from metrics.synthesis import evidence, services
from metrics.synthesis.models import Theme, ThemeEvidence
from metrics.synthesis.month import signals_appeared
from metrics.values.models import add_months
from pdsa.board.models import Post
from pdsa.cycles.models import Cycle

THEMES = [
    (
        Theme.Lens.CONTENT,
        1,
        "Centers start with family communication before visual schedules",
        "Most teams chose the family communication log as their first ramp; visual "
        "schedules follow once the log is routine.",
        Theme.Visibility.EVERYONE,
        Theme.Status.ACTED,
        "Topic of the October all-team call",
    ),
    (
        Theme.Lens.CONTENT,
        2,
        "Whole-center spread comes after two or three one-classroom cycles",
        "Teams that went center-wide at once abandoned more often.",
        Theme.Visibility.FACULTY,
        Theme.Status.DISCUSSED,
        "",
    ),
    (
        Theme.Lens.METRICS,
        1,
        "Two-way communication rises two months after the log starts",
        "Shifts on the two-way communication chart follow the first log cycle by about two "
        "months at five centers.",
        Theme.Visibility.EVERYONE,
        Theme.Status.NOTICED,
        "",
    ),
    (
        Theme.Lens.METRICS,
        2,
        "Counting behaviour incidents differs between classrooms",
        "Some classrooms count each incident, others each child: the data point people need "
        "one definition.",
        Theme.Visibility.IT,
        Theme.Status.NOTICED,
        "",
    ),
    (
        Theme.Lens.CQI,
        1,
        "Predictions are often left empty",
        "Plans without a prediction make the Study hard to write; faculty ask the Model for "
        "Improvement's second question in feedback.",
        Theme.Visibility.FACULTY,
        Theme.Status.ACTED,
        "A worked example added to the resource library",
    ),
    (
        Theme.Lens.DYNAMICS,
        2,
        "Teachers carry the cycles where the senior leader joins the calls",
        "Centers whose senior leader attends the calls report more cycles by teachers.",
        Theme.Visibility.IT,
        Theme.Status.DISCUSSED,
        "",
    ),
]


def load(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    if Theme.objects.filter(collaborative=sel).exists():
        return
    membership = (
        Membership.objects.filter(collaborative=sel, role=Membership.Role.IMPLEMENTATION_TEAM)
        .select_related("user", "collaborative")
        .order_by("pk")
        .first()
    )
    access = Access(user=membership.user, collaborative=sel, membership=membership)
    cycles = list(
        Cycle.objects.filter(ramp__center__collaborative=sel).order_by("ramp__center__name", "pk")
    )
    posts = list(Post.objects.filter(collaborative=sel).order_by("pk")[:3])
    month = add_months(ctx.today.replace(day=1), -1)
    signals = []
    for back in range(0, 6):
        signals = signals_appeared(sel, add_months(month, -back))
        if signals:
            break
    for index, (lens, period, title, body, visibility, status, acted) in enumerate(THEMES):
        theme = services.theme_create(
            access=access,
            title=title,
            body=body,
            lens=lens,
            action_period=period,
            visibility=visibility,
            status=status,
            acted_with=acted,
        )
        cited = []
        if cycles:
            cited.append(
                (ThemeEvidence.Kind.CYCLE, str(cycles[(index * 3) % len(cycles)].public_id))
            )
            cited.append(
                (ThemeEvidence.Kind.CYCLE, str(cycles[(index * 3 + 5) % len(cycles)].public_id))
            )
        if posts:
            cited.append((ThemeEvidence.Kind.POST, str(posts[index % len(posts)].public_id)))
        if lens == Theme.Lens.METRICS and signals:
            cited.append((ThemeEvidence.Kind.CHART_SIGNAL, signals[index % len(signals)].ref))
        for kind, ref in cited:
            services.theme_add_evidence(
                access=access, theme=theme, cited=evidence.resolve(access, kind, ref)
            )
