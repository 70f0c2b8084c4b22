"""Reads of center selection, always from an Access (or, for the public link, a period)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet
from django.http import Http404

from centers.selection.models import (
    Application,
    ApplicationPeriod,
    OutreachContact,
    Review,
)
from centers.teams.models import Center

if TYPE_CHECKING:
    from bsc.tenancy import Access

# Two reviewers this far apart on a 1–4 rubric read the application differently: talk first.
SPREAD_FLAG = Decimal("1.00")


def periods_visible_to(access: Access) -> QuerySet[ApplicationPeriod]:
    return ApplicationPeriod.objects.filter(collaborative=access.collaborative)


def get_period(access: Access, public_id: Any) -> ApplicationPeriod:
    period = periods_visible_to(access).filter(public_id=public_id).first()
    if period is None:
        raise Http404
    period.collaborative = access.collaborative
    return period


def period_for_public_link(slug: str, token: str) -> ApplicationPeriod:
    """The period a shared link names, within the collaborative its address names; else 404."""
    period = (
        ApplicationPeriod.objects.select_related("collaborative")
        .filter(collaborative__slug=slug, token=token)
        .first()
    )
    if period is None:
        raise Http404
    return period


def applications_visible_to(access: Access) -> QuerySet[Application]:
    """IT and faculty read applications; a center team never reads another's."""
    if not access.can("review_applications", access.collaborative):
        return Application.objects.none()
    return Application.objects.filter(collaborative=access.collaborative)


def get_application(access: Access, public_id: Any) -> Application:
    application = (
        applications_visible_to(access)
        .select_related("period", "center")
        .filter(public_id=public_id)
        .first()
    )
    if application is None:
        raise Http404
    application.collaborative = access.collaborative
    application.period.collaborative = access.collaborative
    return application


def reviews_visible(access: Access, application: Application) -> list[Review]:
    """Other reviewers' scores stay hidden from a reviewer until their own is submitted."""
    reviews = list(application.reviews.select_related("reviewer").order_by("pk"))
    own = next((r for r in reviews if r.reviewer_id == access.user.pk), None)
    if own is not None and own.submitted_at is None:
        return [own]
    return [r for r in reviews if r.submitted_at is not None or r.reviewer_id == access.user.pk]


def review_queue(access: Access) -> QuerySet[Review]:
    """The reviews given to this person, unsubmitted first, with only what the queue shows
    (the applications' long answers stay in the database)."""
    return (
        Review.objects.filter(reviewer=access.user, application__collaborative=access.collaborative)
        .select_related("application", "application__period")
        .only(
            "submitted_at",
            "weighted_score",
            "application__public_id",
            "application__center_name",
            "application__period__name",
        )
        # Unsubmitted (NULL) first on every database: PostgreSQL puts NULLs last by default.
        .order_by(F("submitted_at").asc(nulls_first=True), "application__center_name", "pk")
    )


def get_own_review(access: Access, application: Application) -> Review:
    review = application.reviews.filter(reviewer=access.user).first()
    if review is None:
        raise Http404
    return review


@dataclass(frozen=True)
class Reviewer:
    full_name: str
    email: str


@dataclass(frozen=True)
class RankedApplication:
    """What the ranking shows of an application: its cover sheet and decision, read as values
    so the table never loads the long answers or builds a model per row."""

    public_id: Any
    center_name: str
    center_type: str
    center_type_label: str
    decision: str
    decision_label: str


@dataclass
class RankingRow:
    application: RankedApplication
    scores: list[tuple[Reviewer, Decimal | None, bool]]  # (reviewer, weighted, submitted)
    mean: Decimal | None
    spread: Decimal | None
    flagged: bool
    readiness_met: int
    hidden: bool
    recommendations: list[str] = field(default_factory=list)
    href: str = ""  # the application's page, set by the view for the rows it shows


@dataclass
class Ranking:
    rows: list[RankingRow]
    readiness_total: int
    mix: dict[str, list[tuple[str, int]]]
    submitted: int


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def ranking(
    access: Access,
    period: ApplicationPeriod,
    *,
    decision: str | None = None,
    center_type: str | None = None,
    flagged_only: bool = False,
    sort: str = "mean",
) -> Ranking:
    """Every submitted application with its reviewers' weighted scores, in a fixed number of
    queries whatever the number of applications or reviews."""
    items = period.readiness_items
    # The readiness answers and checks are JSON read row by row: with no checklist there is
    # nothing to count, so they stay in the database.
    readiness_columns = ("readiness",) if items else ()
    applications = list(
        period.applications.filter(status=Application.Status.SUBMITTED)
        .order_by("pk")
        .values(
            "pk",
            "public_id",
            "center_name",
            "center_type",
            "decision",
            "age_groups",
            "community",
            *readiness_columns,
        )
    )
    reviews_of: dict[int, list[dict[str, Any]]] = {a["pk"]: [] for a in applications}
    for review in (
        Review.objects.filter(
            application__period=period, application__status=Application.Status.SUBMITTED
        )
        .order_by("pk")
        .values(
            "application_id",
            "reviewer_id",
            "reviewer__full_name",
            "reviewer__email",
            "weighted_score",
            "submitted_at",
            "recommendation",
            *(("readiness_verified",) if items else ()),
        )
    ):
        reviews_of[review["application_id"]].append(review)
    # Labels are looked up once per request, not translated again on every row.
    type_labels = {k: str(v) for k, v in Center.CenterType.choices}
    decision_labels = {k: str(v) for k, v in Application.Decision.choices}
    recommendation_labels = {k: str(v) for k, v in Review.Recommendation.choices}
    reviewers: dict[int, Reviewer] = {}
    mix_types: Counter[str] = Counter()
    mix_ages: Counter[str] = Counter()
    mix_communities: Counter[str] = Counter()
    rows = []
    for application in applications:
        mix_types[application["center_type"] or "—"] += 1
        for group in application["age_groups"]:
            mix_ages[group] += 1
        mix_communities[application["community"] or "—"] += 1
        reviews = reviews_of[application["pk"]]
        own = next((r for r in reviews if r["reviewer_id"] == access.user.pk), None)
        hidden = own is not None and own["submitted_at"] is None
        submitted = [
            r["weighted_score"] for r in reviews if r["submitted_at"] and r["weighted_score"]
        ]
        mean = _mean(submitted)
        spread = (max(submitted) - min(submitted)) if len(submitted) > 1 else None
        met = 0
        if items:
            verified = {
                key
                for r in reviews
                if r["submitted_at"]
                for key, ok in r["readiness_verified"].items()
                if ok
            }
            readiness = application["readiness"]
            met = sum(
                1 for item in items if readiness.get(item["key"]) and (item["key"] in verified)
            )
        for r in reviews:
            if r["reviewer_id"] not in reviewers:
                reviewers[r["reviewer_id"]] = Reviewer(
                    r["reviewer__full_name"], r["reviewer__email"]
                )
        kind, decided = application["center_type"], application["decision"]
        rows.append(
            RankingRow(
                application=RankedApplication(
                    public_id=application["public_id"],
                    center_name=application["center_name"],
                    center_type=kind,
                    center_type_label=type_labels.get(kind, kind),
                    decision=decided,
                    decision_label=decision_labels.get(decided, "") if decided else "",
                ),
                scores=[
                    (
                        reviewers[r["reviewer_id"]],
                        None if hidden else r["weighted_score"],
                        r["submitted_at"] is not None,
                    )
                    for r in reviews
                ],
                mean=None if hidden else mean,
                spread=None if hidden else spread,
                flagged=(not hidden) and spread is not None and spread >= SPREAD_FLAG,
                readiness_met=met,
                hidden=hidden,
                recommendations=[]
                if hidden
                else [
                    recommendation_labels.get(r["recommendation"], r["recommendation"])
                    for r in reviews
                    if r["submitted_at"]
                ],
            )
        )
    if decision is not None:
        rows = [r for r in rows if r.application.decision == decision]
    if center_type:
        rows = [r for r in rows if r.application.center_type == center_type]
    if flagged_only:
        rows = [r for r in rows if r.flagged]
    if sort == "name":
        rows.sort(key=lambda r: r.application.center_name.lower())
    elif sort == "spread":
        rows.sort(key=lambda r: (r.spread is None, -(r.spread or 0)))
    else:
        rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.application.center_name))
    age_labels = dict(Center.AgeGroup.choices)
    return Ranking(
        rows=rows,
        readiness_total=len(items),
        mix={
            "types": [(str(type_labels.get(k, k)), n) for k, n in sorted(mix_types.items())],
            "ages": [(str(age_labels.get(k, k)), n) for k, n in sorted(mix_ages.items())],
            "communities": sorted(mix_communities.items()),
        },
        submitted=len(applications),
    )


def outreach_visible_to(access: Access) -> QuerySet[OutreachContact]:
    if not access.can("manage_selection", access.collaborative):
        return OutreachContact.objects.none()
    return OutreachContact.objects.filter(collaborative=access.collaborative).select_related(
        "by__user", "event"
    )


def next_steps_due(access: Access, until: Any) -> list[OutreachContact]:
    return list(
        outreach_visible_to(access)
        .filter(next_step_done=False, next_step_due__isnull=False, next_step_due__lte=until)
        .exclude(next_step="")
        .order_by("next_step_due")[:20]
    )
