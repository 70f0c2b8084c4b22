"""Writes of center selection: periods, the public application, reviews, decisions, letters
and the onboarding of accepted centers."""

from __future__ import annotations

import hashlib
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.uploads import sniff_image_or_pdf
from centers.selection import appendix_i
from centers.selection.models import Application, ApplicationPeriod, Review, ReviewCriterion
from centers.teams.models import Center
from collaboratives.membership.dates import local_today
from collaboratives.membership.models import Invitation, Membership
from collaboratives.membership.services import invitation_create

if TYPE_CHECKING:
    import datetime

    from bsc.tenancy import Access

LETTER_MAX_BYTES = 5 * 1024 * 1024
# The roles a proposed team member may be invited in (an applicant never names IT or faculty).
TEAM_ROLES = [
    Membership.CenterRole.TEAM_LEADER,
    Membership.CenterRole.DAY_TO_DAY_MANAGER,
    Membership.CenterRole.TEACHER,
    Membership.CenterRole.FAMILY_REPRESENTATIVE,
    Membership.CenterRole.OTHER_STAFF,
]


def word_count(text: str) -> int:
    return len(text.split())


# Periods -------------------------------------------------------------------------------------


def period_create(*, access: Access, data: dict[str, Any]) -> ApplicationPeriod:
    """Open an application period, starting from Appendix I and the guide's criteria."""
    access.require("manage_selection", access.collaborative)
    _check_period_dates(data)
    with transaction.atomic():
        period = ApplicationPeriod(collaborative=access.collaborative, **data)
        period.questions = [dict(q) for q in appendix_i.QUESTIONS]
        period.letter_accepted = appendix_i.DEFAULT_LETTERS["accepted"]
        period.letter_waitlisted = appendix_i.DEFAULT_LETTERS["waitlisted"]
        period.letter_declined = appendix_i.DEFAULT_LETTERS["declined"]
        period.full_clean()
        period.save()
        for position, criterion in enumerate(appendix_i.CRITERIA):
            ReviewCriterion.objects.create(
                period=period,
                name=criterion["name"],
                description=criterion["description"],
                weight=Decimal(criterion["weight"]),
                scale_max=4,
                levels=list(appendix_i.RUBRIC_LEVELS),
                position=position,
            )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="selection.period.create",
            obj=period,
            changes={k: str(v) for k, v in data.items()},
        )
    return period


def _check_period_dates(data: dict[str, Any]) -> None:
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if opens and closes and closes < opens:
        raise ValidationError({"closes_on": _("The period cannot close before it opens.")})


def period_update(
    *, access: Access, period: ApplicationPeriod, data: dict[str, Any]
) -> ApplicationPeriod:
    access.require("manage_selection", access.collaborative)
    _check_period_dates(data)
    for key, value in data.items():
        setattr(period, key, value)
    period.full_clean()
    period.save()
    return period


def questions_update(
    *, access: Access, period: ApplicationPeriod, questions: list[dict[str, Any]]
) -> ApplicationPeriod:
    """The IT rewords, reorders, adds or drops questions; submitted copies keep their own."""
    access.require("manage_selection", access.collaborative)
    keys = [q["key"] for q in questions]
    if len(set(keys)) != len(keys):
        raise ValidationError({"questions": _("Two questions have the same key.")})
    period.questions = questions
    period.save(update_fields=["questions"])
    return period


def period_is_open(period: ApplicationPeriod, today: datetime.date | None = None) -> bool:
    today = today or local_today(period.collaborative)
    return period.opens_on <= today <= period.closes_on


# The public application ----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def letter_check(upload: UploadedFile) -> None:
    """The letter of commitment must be a PDF by its bytes, and not too large."""
    kind = sniff_image_or_pdf(
        upload,
        max_bytes=LETTER_MAX_BYTES,
        too_large=_("The letter is too large: the limit is %(mb)d MB.")
        % {"mb": LETTER_MAX_BYTES // (1024 * 1024)},
        bad_type=_("The letter of commitment must be a PDF."),
    )
    if kind != "pdf":
        raise ValidationError(_("The letter of commitment must be a PDF."), code="bad_type")


def application_save(
    *,
    period: ApplicationPeriod,
    data: dict[str, Any],
    letter: UploadedFile | None = None,
    application: Application | None = None,
) -> Application:
    """Keep a draft as typed (the form has checked word limits and sizes)."""
    if application is not None and application.status != Application.Status.DRAFT:
        raise ValidationError(_("This application was submitted and can no longer change."))
    if not period_is_open(period):
        raise ValidationError(_("The application period is closed."))
    if letter is not None:
        try:
            letter_check(letter)
        except ValidationError as error:
            raise ValidationError({"letter": error.messages}) from error
    with transaction.atomic():
        if application is None:
            application = Application(period=period, collaborative=period.collaborative)
        for key, value in data.items():
            setattr(application, key, value)
        if letter is not None:
            if application.letter:
                application.letter.delete(save=False)
            application.letter.save("letter.pdf", letter, save=False)
        application.full_clean(exclude=["letter"])
        application.save()
    return application


def resume_link_send(application: Application) -> str:
    """A new private link to the draft, e-mailed to the key contact; older links stop working."""
    token = secrets.token_urlsafe(24)
    application.resume_token_hash = _token_hash(token)
    application.save(update_fields=["resume_token_hash", "updated_at"])
    period = application.period
    path = reverse(
        "centers:apply-resume",
        kwargs={
            "slug": period.collaborative.slug,
            "apply_token": period.token,
            "resume_token": token,
        },
    )
    url = f"{settings.SITE_URL}{path}"
    send_mail(
        subject=_("Your application to %(name)s") % {"name": period.collaborative.name},
        message=render_to_string(
            "centers/selection/email/resume.txt",
            {"application": application, "period": period, "url": url},
        ),
        from_email=None,
        recipient_list=[application.contact_email],
    )
    return token


def application_from_resume_token(period: ApplicationPeriod, token: str) -> Application | None:
    """The draft a link stands for, used up on the way (a second use finds nothing)."""
    if not token:
        return None
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .filter(period=period, resume_token_hash=_token_hash(token))
            .first()
        )
        if application is None:
            return None
        application.resume_token_hash = ""
        application.save(update_fields=["resume_token_hash", "updated_at"])
    return application


def submission_errors(application: Application) -> dict[str, str]:
    """What must be there before an application can be submitted."""
    period = application.period
    errors: dict[str, str] = {}
    for name in ("center_type", "senior_leader_name", "senior_leader_email", "contact_name"):
        if not getattr(application, name):
            errors[name] = _("This field is required to submit.")
    if not application.age_groups:
        errors["age_groups"] = _("Choose at least one age group.")
    for question in period.questions:
        answer = application.answers.get(question["key"], "").strip()
        if question.get("required") and not answer:
            errors[f"q_{question['key']}"] = _("Please answer this question.")
    roles = {member.get("center_role") for member in application.team}
    if Membership.CenterRole.TEAM_LEADER not in roles:
        errors["team"] = _("Name the proposed team leader among the team members.")
    elif Membership.CenterRole.FAMILY_REPRESENTATIVE not in roles:
        errors["team"] = _("Name the family representative among the team members.")
    if not application.letter:
        errors["letter"] = _("Upload the senior leader's letter of commitment (PDF).")
    return errors


def application_submit(application: Application) -> Application:
    """Lock the application; it keeps the questions as worded when it was submitted."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != Application.Status.DRAFT:
            raise ValidationError(_("This application was already submitted."))
        if not period_is_open(locked.period):
            raise ValidationError(_("The application period is closed."))
        errors = submission_errors(locked)
        if errors:
            raise ValidationError(errors)
        locked.status = Application.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_questions = list(locked.period.questions)
        locked.resume_token_hash = ""
        locked.save()
    return locked


# Reviews -------------------------------------------------------------------------------------


def reviewers_assign(*, access: Access, period: ApplicationPeriod) -> int:
    """Give every submitted application its reviewers (IT and faculty), spreading the load.

    Applications that already have enough reviewers keep them; returns how many were added.
    """
    access.require("manage_selection", access.collaborative)
    pool = list(
        Membership.objects.filter(
            collaborative=access.collaborative,
            role__in=[Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY],
        )
        .select_related("user")
        .order_by("pk")
    )
    if not pool:
        raise ValidationError(_("The collaborative has no Implementation Team or faculty."))
    wanted = min(period.reviewers_per_application, len(pool))
    load = {m.user_id: 0 for m in pool}
    for row in Review.objects.filter(application__period=period).values("reviewer_id"):
        load[row["reviewer_id"]] = load.get(row["reviewer_id"], 0) + 1
    added = 0
    applications = period.applications.filter(status=Application.Status.SUBMITTED).order_by("pk")
    with transaction.atomic():
        for application in applications.prefetch_related("reviews"):
            have = {r.reviewer_id for r in application.reviews.all()}
            for member in sorted(pool, key=lambda m: (load[m.user_id], m.pk)):
                if len(have) >= wanted:
                    break
                if member.user_id in have:
                    continue
                Review.objects.create(application=application, reviewer=member.user)
                have.add(member.user_id)
                load[member.user_id] += 1
                added += 1
    return added


def weighted_score(scores: dict[str, int], criteria: list[ReviewCriterion]) -> Decimal | None:
    """Σ weight × score / Σ weight, on the rubric's own scale; None until every criterion has
    a score."""
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    if not criteria or total_weight == 0:
        return None
    if any(str(c.public_id) not in scores for c in criteria):
        return None
    total = sum((c.weight * Decimal(scores[str(c.public_id)]) for c in criteria), Decimal(0))
    return (total / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def review_save(
    *,
    access: Access,
    review: Review,
    scores: dict[str, int],
    comments: dict[str, str],
    recommendation: str,
    readiness_verified: dict[str, bool] | None = None,
    submit: bool = False,
) -> Review:
    """The assigned reviewer keeps or submits their scores; a submitted review is final."""
    if review.reviewer_id != access.user.pk:
        raise ValidationError(_("Only the assigned reviewer scores this application."))
    if review.submitted_at is not None:
        raise ValidationError(_("This review was submitted and can no longer change."))
    criteria = list(review.application.period.criteria.all())
    errors: dict[str, str] = {}
    clean_scores: dict[str, int] = {}
    for criterion in criteria:
        key = str(criterion.public_id)
        value = scores.get(key)
        if value in (None, ""):
            if submit:
                errors[f"score_{key}"] = _("Give a score for this criterion.")
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= criterion.scale_max:
            errors[f"score_{key}"] = _("Choose a score from 1 to %(max)d.") % {
                "max": criterion.scale_max
            }
            continue
        clean_scores[key] = number
    if recommendation and recommendation not in Review.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    elif submit and not recommendation:
        errors["recommendation"] = _("Give a recommendation.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review.scores = clean_scores
        review.comments = {k: v.strip() for k, v in comments.items() if v and v.strip()}
        review.recommendation = recommendation
        review.readiness_verified = readiness_verified or {}
        review.weighted_score = weighted_score(clean_scores, criteria)
        if submit:
            review.submitted_at = timezone.now()
        review.save()
        if submit:
            record_audit(
                actor=access.user,
                collaborative=access.collaborative,
                action="selection.review.submit",
                obj=review,
                changes={"weighted_score": str(review.weighted_score)},
            )
    return review


# Decisions, letters and onboarding -----------------------------------------------------------


def decision_record(
    *, access: Access, application: Application, decision: str, reason: str
) -> Application:
    """Accept, wait-list or decline; the reason stays inside the Implementation Team."""
    access.require("manage_selection", access.collaborative)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError({"decision": _("Only a submitted application can be decided.")})
    if decision not in {c for c in Application.Decision.values if c}:
        raise ValidationError({"decision": _("Choose accepted, wait-listed or declined.")})
    if application.letter_sent_at is not None:
        raise ValidationError({"decision": _("The letter has gone out; the decision stands.")})
    application.decision = decision
    application.decision_reason = reason.strip()
    application.decided_by = access.user
    application.decided_at = timezone.now()
    application.save()
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="selection.decision",
        obj=application,
        changes={"decision": decision},
    )
    return application


def _expectations_markdown() -> str:
    return "\n".join(f"- {item}" for item in appendix_i.EXPECTATIONS)


def letter_text(application: Application) -> str:
    """The decision letter, from the period's Markdown template with the blanks filled."""
    period = application.period
    template = {
        Application.Decision.ACCEPTED: period.letter_accepted,
        Application.Decision.WAITLISTED: period.letter_waitlisted,
        Application.Decision.DECLINED: period.letter_declined,
    }.get(application.decision, "")
    values = {
        "center_name": application.center_name,
        "collaborative_name": period.collaborative.name,
        "start_date": period.collaborative.start_date.isoformat(),
        "decision_by": period.decision_by.isoformat() if period.decision_by else "",
        "expectations": _expectations_markdown()
        if application.decision == Application.Decision.ACCEPTED
        else "",
    }
    text = template
    # Plain replacement, not str.format: a stray brace in the IT's template is only text.
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    if application.decision == Application.Decision.ACCEPTED and "{expectations}" not in template:
        text += "\n\n" + values["expectations"]
    return text


def application_onboard(*, access: Access, application: Application) -> Center:
    """The accepted application becomes its Center (once) and invites the proposed team."""
    access.require("manage_selection", access.collaborative)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.decision != Application.Decision.ACCEPTED:
            raise ValidationError(_("Only an accepted application becomes a center."))
        if locked.center_id is not None:
            return locked.center
        base = slugify(locked.center_name)[:40] or "center"
        slug, number = base, 2
        taken = set(
            Center.objects.filter(
                collaborative=access.collaborative, slug__startswith=base
            ).values_list("slug", flat=True)
        )
        while slug in taken or slug == "new":
            slug, number = f"{base}-{number}", number + 1
        address = "\n".join(
            part
            for part in [
                locked.address,
                " ".join(p for p in [locked.city, locked.state, locked.zip_code] if p),
            ]
            if part
        )
        valid_types = set(Center.CenterType.values)
        center = Center.objects.create(
            collaborative=access.collaborative,
            name=locked.center_name,
            slug=slug,
            center_type=locked.center_type
            if locked.center_type in valid_types
            else Center.CenterType.STAND_ALONE,
            age_groups=[g for g in locked.age_groups if g in Center.AgeGroup.values],
            address=address,
            director_name=locked.director_name,
            status=Center.Status.SELECTED,
        )
        locked.center = center
        locked.save(update_fields=["center", "updated_at"])
        people = []
        if locked.senior_leader_email:
            people.append(
                (
                    locked.senior_leader_email,
                    locked.senior_leader_name,
                    Membership.CenterRole.SENIOR_LEADER,
                )
            )
        people += [
            (m.get("email", ""), m.get("name", ""), m.get("center_role", "")) for m in locked.team
        ]
        invited: set[str] = set()
        for email, name, role in people:
            email = (email or "").strip().lower()
            if not email or email in invited:
                continue
            invited.add(email)
            try:
                invitation_create(
                    access=access,
                    email=email,
                    full_name=name,
                    role=Membership.Role.CENTER_MEMBER,
                    center=center,
                    center_role=role,
                )
            except ValidationError:
                # Already a member of the collaborative: the IT adds them to the team by hand.
                continue
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="selection.onboard",
            obj=locked,
            changes={"center": center.slug, "invited": sorted(invited)},
        )
    return center


def letters_send(*, access: Access, period: ApplicationPeriod) -> int:
    """Send every decided application's letter, each once, and onboard the accepted centers.

    The letter stored on the application is the one that went out.
    """
    access.require("manage_selection", access.collaborative)
    sent = 0
    pending = (
        period.applications.filter(status=Application.Status.SUBMITTED, letter_sent_at__isnull=True)
        .exclude(decision="")
        .order_by("pk")
    )
    for application in pending:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            if locked.letter_sent_at is not None:
                continue
            if locked.decision == Application.Decision.ACCEPTED:
                application_onboard(access=access, application=locked)
            body = letter_text(locked)
            locked.letter_body = body
            locked.letter_sent_at = timezone.now()
            locked.save(update_fields=["letter_body", "letter_sent_at", "updated_at"])
            recipients = sorted(
                {e for e in [locked.contact_email, locked.senior_leader_email] if e}
            )
            transaction.on_commit(
                lambda a=locked, r=recipients, b=body: send_mail(
                    subject=_("Your application to %(name)s") % {"name": period.collaborative.name},
                    message=b,
                    from_email=None,
                    recipient_list=r,
                )
            )
            sent += 1
    return sent


def open_invitations(center: Center) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            center=center, accepted_at__isnull=True, revoked_at__isnull=True
        ).order_by("pk")
    )


def outreach_log(*, access: Access, data: dict[str, Any]) -> Any:
    """Log one contact with a prospective center, by the person who made it."""
    from centers.selection.models import OutreachContact
    from collaboratives.membership.dates import check_dates

    access.require("manage_selection", access.collaborative)
    errors: dict[str, str] = {}
    check_dates(
        access.collaborative,
        {"contacted_on": data.get("contacted_on"), "next_step_due": data.get("next_step_due")},
        errors,
    )
    if data.get("next_step_due") and not data.get("next_step"):
        errors["next_step"] = _("Say what the next step is.")
    event = data.get("event")
    if event is not None:
        if data.get("method") != OutreachContact.Method.INFO_SESSION:
            errors["event"] = _("Link an information session only to a contact made at one.")
        elif event.collaborative_id != access.collaborative.pk:
            errors["event"] = _("Choose an information session of this collaborative.")
    if errors:
        raise ValidationError(errors)
    contact = OutreachContact(collaborative=access.collaborative, by=access.membership, **data)
    contact.full_clean()
    contact.save()
    return contact


def outreach_step_done(*, access: Access, contact: Any) -> None:
    access.require("manage_selection", access.collaborative)
    contact.next_step_done = True
    contact.save(update_fields=["next_step_done"])
