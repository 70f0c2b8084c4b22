"""Demo selection: BSC-SEL's application period before it began (12 applications, two
reviewers each, decisions and letters; the accepted ones are its eight centers), its outreach
log, and a second period open now whose public link can be tried."""

from __future__ import annotations

import datetime

from django.utils import timezone

from bsc.demo import DemoContext
from bsc.tenancy import Access
from centers.selection import services
from centers.selection.models import Application, ApplicationPeriod, OutreachContact, Review
from collaboratives.membership.models import Membership

READINESS = [
    {"key": "pyramid_training", "label": "Staff have had prior training in the Pyramid Model"},
    {"key": "leader_commitment", "label": "The senior leader has signed a letter of commitment"},
]

# Applications that were not accepted (the accepted ones are BSC-SEL's centers).
OTHER_APPLICANTS = [
    ("Hilltop Kids Academy", "stand_alone", ["preschool"], "suburban", "waitlisted"),
    ("Lakeside Early Head Start", "early_head_start", ["infants", "toddlers"], "rural", "declined"),
    ("Pine Ridge Child Care", "stand_alone", ["toddlers", "preschool"], "rural", ""),
    ("Eastside Family Center", "multi_site", ["preschool"], "urban", "draft"),
]

ANSWER = (
    "Our team has worked on social and emotional learning for several years and is ready to "
    "test changes in every classroom with families as partners."
)


def _access(sel, email: str) -> Access:
    membership = Membership.objects.select_related("user").get(collaborative=sel, user__email=email)
    return Access(user=membership.user, collaborative=sel, membership=membership)


def _application(period, name, kind, ages, community, index) -> Application:
    slug = name.lower().replace(" ", "-").replace("'", "")
    return Application(
        period=period,
        collaborative=period.collaborative,
        center_name=name,
        center_type=kind,
        age_groups=ages,
        community=community,
        address=f"{200 + index * 7} Oak Avenue",
        city="Springfield",
        state="IL",
        zip_code="62701",
        director_name="Director",
        senior_leader_name=f"Senior Leader {index + 1}",
        senior_leader_title="Director",
        senior_leader_email=f"applicant{index + 1}-leader@demo.test",
        contact_name=f"Key Contact {index + 1}",
        contact_title="Assistant director",
        contact_email=f"applicant{index + 1}@demo.test",
        demographics={
            "total": 60 + index * 4,
            "age.toddlers": 20,
            "age.preschool": 40 + index * 4,
            "language.english": 40,
            "language.spanish": 20 + index * 4,
        },
        answers={q["key"]: ANSWER for q in period.questions if q.get("required")},
        team=[
            {
                "name": f"Team Leader {index + 1}",
                "email": f"{slug}-tl@demo.test",
                "center_role": "team_leader",
            },
            {
                "name": f"Teacher {index + 1}",
                "email": f"{slug}-teacher@demo.test",
                "center_role": "teacher",
            },
            {
                "name": f"Family Partner {index + 1}",
                "email": f"{slug}-family@demo.test",
                "center_role": "family_representative",
            },
        ],
        readiness={"pyramid_training": index % 3 != 2, "leader_commitment": True},
    )


def load(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    if ApplicationPeriod.objects.filter(collaborative=sel).exists():
        return
    it = _access(sel, "it@demo.test")
    start = sel.start_date
    period = services.period_create(
        access=it,
        data={
            "name": "BSC-SEL center selection",
            "opens_on": start - datetime.timedelta(days=150),
            "closes_on": start - datetime.timedelta(days=110),
            "decision_by": start - datetime.timedelta(days=100),
            "max_centers": 8,
            "competitive": True,
        },
    )
    period.readiness_items = READINESS
    period.save(update_fields=["readiness_items"])
    submitted_at = timezone.make_aware(
        datetime.datetime.combine(period.closes_on - datetime.timedelta(days=2), datetime.time(12))
    )
    applications = []
    for index, center in enumerate(ctx.objects["sel_centers"]):
        application = _application(
            period, center.name, center.center_type, center.age_groups, "urban", index
        )
        application.center = center
        application.decision = Application.Decision.ACCEPTED
        applications.append(application)
    for offset, (name, kind, ages, community, decision) in enumerate(OTHER_APPLICANTS):
        application = _application(period, name, kind, ages, community, 8 + offset)
        if decision == "draft":
            application.answers = {"center_overview": ANSWER}
        else:
            application.decision = decision
        applications.append(application)
    for application in applications:
        if application.answers.keys() != {"center_overview"}:
            application.status = Application.Status.SUBMITTED
            application.submitted_at = submitted_at
            application.submitted_questions = list(period.questions)
        application.save()
    # Two reviewers each: the IT and the faculty share the applications.
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        submitted_at=submitted_at
    )
    services.reviewers_assign(access=it, period=period)
    criteria = list(period.criteria.all())
    reviews = Review.objects.filter(application__period=period).select_related(
        "application", "reviewer"
    )
    for number, review in enumerate(reviews.order_by("pk")):
        accepted = review.application.decision == Application.Decision.ACCEPTED
        base = 3 if accepted else 2
        scores = {
            str(c.public_id): min(4, base + ((number + position) % 2))
            for position, c in enumerate(criteria)
        }
        review.scores = scores
        review.comments = {str(criteria[0].public_id): "Clear commitment from the director."}
        review.recommendation = (
            Review.Recommendation.ACCEPT if accepted else Review.Recommendation.WAITLIST
        )
        review.readiness_verified = {"pyramid_training": True, "leader_commitment": True}
        review.weighted_score = services.weighted_score(scores, criteria)
        review.submitted_at = submitted_at + datetime.timedelta(days=3)
        review.save()
    # The letters went out once, together; the centers were already onboarded.
    sent = submitted_at + datetime.timedelta(days=10)
    for application in period.applications.exclude(decision=""):
        application.decided_by = it.user
        application.decided_at = sent
        application.decision_reason = (
            "Strong cross-role team"
            if application.center_id
            else ("Fewer places than strong applicants")
        )
        application.letter_body = services.letter_text(application)
        application.letter_sent_at = sent
        application.save()
    for index, (prospect, method, step) in enumerate(
        [
            ("Sunrise Child Development Center", "info_session", "Send the application link"),
            ("Hilltop Kids Academy", "call", "Call the director about the letter of commitment"),
            ("Lakeside Early Head Start", "visit", ""),
            ("Pine Ridge Child Care", "email", "Share the expectations sheet"),
            ("Cedar Grove Children's Center", "call", "Invite to the information session"),
        ]
    ):
        OutreachContact.objects.create(
            collaborative=sel,
            prospect=prospect,
            prospect_contact="Center director",
            by=it.membership,
            contacted_on=period.opens_on + datetime.timedelta(days=index * 3),
            method=method,
            notes="Talked through the expectations, costs and benefits of taking part.",
            next_step=step,
            next_step_due=(period.opens_on + datetime.timedelta(days=index * 3 + 7))
            if step
            else None,
            next_step_done=index % 2 == 0,
        )
    # A second cohort's period open now, so the public link can be tried.
    open_period = services.period_create(
        access=it,
        data={
            "name": "Spring cohort applications",
            "opens_on": ctx.today - datetime.timedelta(days=7),
            "closes_on": ctx.today + datetime.timedelta(days=30),
            "max_centers": 6,
            "competitive": False,
        },
    )
    open_period.readiness_items = READINESS
    open_period.save(update_fields=["readiness_items"])
    ctx.objects["selection_period"] = period
