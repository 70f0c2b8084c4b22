"""The cross-tenant walk: every URL of the project, filled with tenant A's identifiers and
requested as a member of tenant B, answers 404 (anonymous: a redirect to sign-in, or 401/403
from the API). A URL argument the walk cannot fill fails the test, so a new URL cannot
escape it: add its argument to FILLERS below.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from collaboratives.membership.models import Collaborative
from pdsa.board import models as board_models
from pdsa.cycles import models as cycles_models
from pdsa.discussion import models as discussion_models
from pdsa.library import models as library_models

# URL argument name -> how to get a value of tenant A (BSC-SEL) for it.
FILLERS: dict[str, Callable[[Collaborative], Any]] = {
    "slug": lambda collab: collab.slug,
    "center": lambda collab: collab.centers.order_by("pk").first().slug,
    "token": lambda collab: _invitation_token(collab),
    "invitation": lambda collab: _invitation(collab).public_id,
    # Account pages (no tenant): another person's token handle, a made-up e-mail link.
    "handle": lambda collab: "0" * 20,
    "uidb64": lambda collab: urlsafe_base64_encode(
        force_bytes(collab.memberships.order_by("pk").first().user_id)
    ),
    "event": lambda collab: collab.events.order_by("pk").first().public_id,
    "series": lambda collab: collab.call_series.order_by("pk").first().public_id,
    "task": lambda collab: collab.workplan_tasks.order_by("pk").first().public_id,
    "feed_token": lambda collab: _revoked_feed_token(collab),
    # PDSA and the shared board
    "ramp": lambda c: _pdsa(c, "ramp"),
    "cycle": lambda c: _pdsa(c, "cycle"),
    "stage": lambda c: "plan",
    "attachment": lambda c: _pdsa(c, "attachment"),
    "post": lambda c: _pdsa(c, "post"),
    "comment": lambda c: _pdsa(c, "comment"),
    "resource": lambda c: _pdsa(c, "resource"),
    "notification": lambda c: _notification(c),
    "aim": lambda collab: collab.framework.aims.first().public_id,
    "primary": lambda collab: collab.framework.primary_drivers.first().public_id,
    "secondary": lambda collab: (
        collab.framework.primary_drivers.first().secondary_drivers.first().public_id
    ),
    "metric": lambda collab: collab.metrics.first().slug,
    "version": lambda collab: collab.framework.versions.order_by("number").first().number,
    "round": lambda collab: collab.assessment_rounds.first().number,
    # Monthly metrics
    "month": lambda collab: collab.start_date.strftime("%Y-%m"),
    "report": lambda collab: collab.metric_reports.order_by("pk").first().public_id,
    "file": lambda collab: (
        collab.metric_reports.filter(files__isnull=False)
        .order_by("pk")
        .first()
        .files.first()
        .public_id
    ),
    "annotation": lambda collab: _chart_phase(collab).public_id,
    # Subgroup breakdowns of a metric
    "dimension": lambda collab: collab.breakdown_dimensions.order_by("order").first().slug,
    # Action Plans
    "plan_item": lambda collab: _plan_item(collab).public_id,
    "plan": lambda collab: _plan_item(collab).plan.public_id,
    # Center selection: the staff pages take ids; the public pages take the period's secret.
    "period": lambda collab: collab.application_periods.order_by("pk").first().public_id,
    "application": lambda collab: (
        collab.applications.filter(status="submitted").order_by("pk").first().public_id
    ),
    # A link that names no period: the public pages answer 404 without naming the tenant.
    "apply_token": lambda collab: "no-such-period-link",
    "resume_token": lambda collab: "no-such-resume-link",
    # Synthesis across the collaborative
    "theme": lambda collab: collab.themes.order_by("pk").first().public_id,
    "evidence": lambda collab: (
        collab.themes.filter(evidence__isnull=False)
        .order_by("pk")
        .first()
        .evidence.first()
        .public_id
    ),
    "newsletter": lambda collab: collab.newsletters.order_by("pk").first().public_id,
    "thread": lambda collab: _chart_thread(collab).public_id,
    "assessment": lambda collab: (
        collab.assessment_rounds.first().self_assessments.order_by("pk").first().public_id
    ),
    "group": lambda collab: collab.affinity_groups.order_by("pk").first().public_id,
    # Learning Sessions: agenda blocks, materials, check-in codes and e-mailed answer links
    "block": lambda collab: _session_part(collab, "block"),
    "material": lambda collab: _session_part(collab, "material"),
    "code": lambda collab: _session_part(collab, "code"),
    "rsvp_token": lambda collab: _session_part(collab, "rsvp_token"),
}


def _plan_item(collab: Collaborative):
    from pdsa.action_plans.models import ActionPlanItem

    return ActionPlanItem.objects.filter(plan__center__collaborative=collab).order_by("pk").first()


def _chart_thread(collab: Collaborative) -> Any:
    from pdsa.discussion.models import ChartThread

    center = collab.centers.order_by("pk").first()
    thread, _created = ChartThread.objects.get_or_create(
        center=center, metric=collab.metrics.first(), month=collab.start_date.replace(day=1)
    )
    return thread


def _session_part(collab: Collaborative, name: str) -> Any:
    from collaboratives.sessions import services
    from collaboratives.sessions.models import AgendaBlock, Material

    if name == "block":
        return (
            AgendaBlock.objects.filter(event__collaborative=collab).order_by("pk").first().public_id
        )
    if name == "material":
        return Material.objects.filter(event__collaborative=collab).order_by("pk").first().public_id
    event = collab.events.order_by("pk").first()
    if name == "code":
        return services.check_in_code(event).code
    member = collab.memberships.order_by("pk").first()
    return services.rsvp_token(event, member.user_id, "yes")


def _notification(collab: Collaborative) -> Any:
    from bsc.notifications import notify

    member = collab.memberships.order_by("pk").first().user
    row, _created = notify(
        kind="test.walk", object_key="walk", recipient=member, subject="Walk", collaborative=collab
    )
    return row.public_id


def _pdsa(collab: Collaborative, name: str) -> Any:

    queryset = {
        "ramp": cycles_models.Ramp.objects.filter(center__collaborative=collab),
        "cycle": cycles_models.Cycle.objects.filter(ramp__center__collaborative=collab),
        "attachment": cycles_models.Attachment.objects.filter(
            cycle__ramp__center__collaborative=collab
        ),
        "post": board_models.Post.objects.filter(collaborative=collab),
        "comment": discussion_models.Comment.objects.filter(collaborative=collab),
        "resource": library_models.Resource.objects.filter(collaborative=collab),
    }[name]
    return queryset.order_by("pk").first().public_id


def _chart_phase(collab: Collaborative):
    from metrics.charts.models import ChartPhase

    return ChartPhase.objects.filter(center__collaborative=collab).order_by("pk").first()


# Pages that belong to no tenant, open to anyone (or to any signed-in person).
NOT_TENANT_SCOPED = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:profile",
    "accounts:token-create",
    "accounts:token-revoke",
    "accounts:tokens",
    "accounts:token-revoke-one",
    "accounts:email-change",
    "accounts:email-confirm",
    # The language switch: a choice of language, no tenant data.
    "accounts:language",
    "portal:home",
    "api:collaborative-list",
    "api-schema",
    "api-docs",
    "healthz",
    "healthz-live",
    # Secret-token feed for calendar apps (no session); the walk uses a revoked token.
    "collaboratives:calendar-feed",
    # The public application (no account): reached by the period's secret link; its own
    # cross-tenant and abuse tests are in tests/centers/selection/test_public_application.py.
    "centers:apply",
    "centers:apply-resume",
    "centers:apply-copy",
    "centers:apply-copy-pdf",
}


def _revoked_feed_token(collab: Collaborative) -> str:
    from django.utils import timezone

    from collaboratives.schedule.models import CalendarFeed

    member = collab.memberships.order_by("pk").first()
    feed = CalendarFeed.objects.create(
        user=member.user, collaborative=collab, revoked_at=timezone.now()
    )
    return feed.token


def _invitation(collab: Collaborative) -> Any:
    from collaboratives.membership.models import Invitation

    return Invitation.objects.create(
        collaborative=collab, email="walk-invitee@example.org", role="faculty"
    )


def _invitation_token(collab: Collaborative) -> str:
    from collaboratives.membership.models import Invitation
    from collaboratives.membership.services import invitation_token

    invitation = Invitation.objects.create(
        collaborative=collab, email="someone-new@example.org", role="faculty"
    )
    return invitation_token(invitation)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            found.append((name, prefix + str(entry.pattern)))
    return found


def project_urls() -> list[tuple[str, str]]:
    return [
        (name, route)
        for name, route in _walk(get_resolver())
        if not route.startswith("admin/") and not route.startswith("^static")
    ]


ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def fill(route: str, collab: Collaborative) -> str:
    def value(match: re.Match) -> str:
        name = match.group("name")
        if name not in FILLERS:
            pytest.fail(f"The cross-tenant walk cannot fill <{name}> in {route!r}: add a filler.")
        return str(FILLERS[name](collab))

    if route.startswith("^"):
        pytest.fail(f"Regex route {route!r}: use path() so the walk can fill it.")
    return "/" + ARGUMENT.sub(value, route)


@pytest.mark.django_db
def test_every_url_is_filled_and_walked(outsider_client, outsider, demo):
    urls = project_urls()
    assert len(urls) > 10
    leaked = []
    for name, route in urls:
        url = fill(route, demo)
        for method in ("get", "post"):
            # Signing out (one of the URLs) ends the session: sign in again each time.
            outsider_client.force_login(outsider)
            response = getattr(outsider_client, method)(url)
            if name in NOT_TENANT_SCOPED:
                assert response.status_code < 500, (name, method, response.status_code)
                body = response.content.decode(errors="replace")
                if demo.name in body or "Sunrise Child Development" in body:
                    leaked.append((name, method))
                continue
            if response.status_code != 404:
                leaked.append((name, method, url, response.status_code))
    assert leaked == [], "\n".join(map(str, leaked))


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, demo):
    for name, route in project_urls():
        if name in NOT_TENANT_SCOPED or name == "invitation-accept":
            continue
        url = fill(route, demo)
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), (name, response.status_code)
        else:
            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), name
