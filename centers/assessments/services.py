"""Self-assessments (Appendix E): rounds, saving with optimistic concurrency, and reads.

Writes go through `assessment_save`, used by the form and the API alike: it validates every
score, refuses a closed round with the reason, and refuses a save based on an older version
(`AssessmentConflict`) so nothing is silently overwritten. Every save keeps a revision.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bsc.audit import record_audit
from centers.assessments.models import (
    AssessmentRound,
    DriverNarrative,
    Rating,
    SelfAssessment,
    SelfAssessmentRevision,
)
from centers.teams.models import Center
from collaboratives.framework.models import PrimaryDriver, SecondaryDriver

if TYPE_CHECKING:
    from bsc.tenancy import Access
from centers.assessments.selectors import (
    assessment_version,
    local_today,
    round_closed_reason,
    round_version,
    rounds_of,
    snapshot_of,
)
from collaboratives.framework.versions import current_version, version_drivers

SCORES = [Decimal(n) / 2 for n in range(2, 9)]  # 1, 1.5, ... 4


SCORE_MESSAGE = gettext_lazy("Enter a score from 1 to 4, in steps of 0.5 (for example 2 or 3.5).")


# The Field Guide's scoring guidelines (Appendix E), shown with the form.
SCORING_GUIDELINES = [
    (
        1,
        gettext_lazy("Serious Challenges or Does Not Yet Exist"),
        gettext_lazy(
            "For this driver, there are numerous barriers and challenges within our current "
            "work. There are few or no known policies, procedures, or daily practice examples to "
            "guide us in this area. We agree that we need practices, policies, procedures, "
            "and/or trainings developed in this area to establish capacity."
        ),
    ),
    (
        2,
        gettext_lazy("Some Challenges or Exists Only in a Limited Way"),
        gettext_lazy(
            "For this driver, there are some challenges and barriers in our current work. We may "
            "do some of this (or have the capacity to do it), but it is sporadic and "
            "person-dependent, rather than relying on established practices, policies, "
            "protocols, or training."
        ),
    ),
    (
        3,
        gettext_lazy("Shows Strengths or Exists in a Fairly Consistent Way"),
        gettext_lazy(
            "For this driver, there are some strengths within our current work. We have some "
            "practices, policies, procedures, and/or trainings in place that are followed by "
            "most staff and/or partners on a daily basis. We still need work to make this the "
            "way all our work is done on a systematic and clearly defined way, but we have "
            "successes that we can build on."
        ),
    ),
    (
        4,
        gettext_lazy("Very Strong or Exists in a Clearly Defined Way"),
        gettext_lazy(
            "For this driver, there are numerous strengths in our work. We agree that we "
            "currently have practices, policies and protocols that are clearly in place and are "
            "used by all staff and/or partners on a daily basis. We agree that there are many "
            "strengths for us in this area such that we can share them with other teams in the "
            "BSC and will not need to focus on it as a priority in this project."
        ),
    ),
]


DEFAULT_ROUNDS = [
    (1, gettext_lazy("Pre-work self-assessment")),
    (2, gettext_lazy("Before Learning Session 2")),
    (3, gettext_lazy("Final self-assessment")),
]


class AssessmentConflict(Exception):
    """The assessment changed since the caller loaded it; carries the saved version."""

    def __init__(self, assessment: SelfAssessment) -> None:
        super().__init__("conflict")
        self.assessment = assessment
        self.snapshot = snapshot_of(assessment)


def parse_score(value: Any) -> Decimal | None:
    """A score of 1 to 4 in halves, None for "not rated"; anything else is a ValidationError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(str(SCORE_MESSAGE))
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError(str(SCORE_MESSAGE)) from exc
    if not score.is_finite() or score not in SCORES:
        raise ValidationError(str(SCORE_MESSAGE))
    return score.quantize(Decimal("0.1"))


def round_save(
    *,
    access: Access,
    name: str,
    opens_on: datetime.date,
    due_on: datetime.date,
    round_: AssessmentRound | None = None,
) -> AssessmentRound:
    """Add a round (numbered last) or change its name and dates."""
    access.require("manage_assessment_rounds", access.collaborative)
    if due_on < opens_on:
        raise ValidationError({"due_on": _("The due date must be on or after the opening date.")})
    with transaction.atomic():
        if round_ is None:
            last = rounds_of(access.collaborative).order_by("-number").first()
            round_ = AssessmentRound(
                collaborative=access.collaborative, number=(last.number + 1) if last else 1
            )
        round_.name, round_.opens_on, round_.due_on = name.strip(), opens_on, due_on
        round_.full_clean()
        round_.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="assessment_round.save",
            obj=round_,
            changes={"name": round_.name, "opens_on": str(opens_on), "due_on": str(due_on)},
        )
    return round_


def rounds_create_defaults(*, access: Access) -> list[AssessmentRound]:
    """The guide's three rounds (pre-work, before LS2, final), spread over the collaborative."""
    access.require("manage_assessment_rounds", access.collaborative)
    collaborative = access.collaborative
    if rounds_of(collaborative).exists():
        raise ValidationError(_("This collaborative already has assessment rounds."))
    start, end = collaborative.start_date, collaborative.end_date
    length = (end - start).days
    spans = [(0, 21), (length * 4 // 12, length * 4 // 12 + 21), (length - 35, length - 7)]
    created = []
    for (number, name), (begin, due) in zip(DEFAULT_ROUNDS, spans, strict=True):
        opens_on = start + datetime.timedelta(days=max(begin, 0))
        due_on = max(start + datetime.timedelta(days=max(due, 0)), opens_on)
        # The round becomes the IT's own editable row, named in the collaborative's language.
        with translation.override(access.collaborative.default_language):
            name = str(name)
        created.append(round_save(access=access, name=name, opens_on=opens_on, due_on=due_on))
        assert created[-1].number == number
    return created


@dataclass
class AssessmentInput:
    """What a team sends: per secondary driver (by public id) a score, comment and priority
    flag; per primary driver (by public id) the overall comment."""

    ratings: dict[str, dict[str, Any]] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)


def _version_rows(
    version: Any, collaborative: Any
) -> tuple[dict[str, SecondaryDriver], dict[str, PrimaryDriver]]:
    """The driver rows (by public id) the version names; a retired driver stays ratable by
    the rounds that ask about it."""
    primaries_data = version_drivers(version)
    secondary_ids = [s.public_id for p in primaries_data for s in p.secondaries]
    primary_ids = [p.public_id for p in primaries_data]
    secondaries = {
        str(d.public_id): d
        for d in SecondaryDriver.objects.filter(
            primary__framework__collaborative=collaborative, public_id__in=secondary_ids
        ).select_related("primary")
    }
    primaries = {
        str(p.public_id): p
        for p in PrimaryDriver.objects.filter(
            framework__collaborative=collaborative, public_id__in=primary_ids
        )
    }
    # In the version's order, so "missing" lists drivers as the form shows them.
    drivers = {key: secondaries[key] for key in secondary_ids if key in secondaries}
    return drivers, primaries


def round_framework_update(*, access: Access, round_: AssessmentRound) -> int:
    """The IT brings an open (or future) round to the current framework version: drafts and
    assessments not started yet gain the new drivers; submitted ones keep the version they
    were submitted with. Returns how many submitted assessments kept their version."""
    access.require("manage_assessment_rounds", access.collaborative)
    if round_.collaborative_id != access.collaborative.pk:
        raise ValidationError(_("That round is not part of this collaborative."))
    if local_today(access.collaborative) > round_.due_on:
        raise ValidationError(
            {"round": _("This round is closed; its assessments keep the drivers they had.")}
        )
    with transaction.atomic():
        round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
        before = round_version(round_)
        after = current_version(access.collaborative)
        kept = SelfAssessment.objects.filter(
            round=round_,
            status=SelfAssessment.Status.SUBMITTED,
            framework_version__isnull=True,
        ).update(framework_version=before)
        round_.framework_version = after
        round_.save(update_fields=["framework_version"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="assessment_round.framework_update",
            obj=round_,
            changes={"from_version": before.number, "to_version": after.number},
        )
    return kept


def assessment_save(
    *,
    access: Access,
    center: Center,
    round_: AssessmentRound,
    data: AssessmentInput,
    expected_version: int | None,
    submit: bool = False,
) -> SelfAssessment:
    """Save a draft or submit; after submitting, edits are allowed until the due date.

    Raises ValidationError (field errors keyed by driver id, or the closed-round reason) and
    AssessmentConflict when `expected_version` is not the stored version.
    """
    access.require("change_self_assessment", center)
    if round_.collaborative_id != access.collaborative.pk:
        raise ValidationError(_("That round is not part of this collaborative."))
    reason = round_closed_reason(round_, local_today(access.collaborative))
    if reason:
        raise ValidationError({"round": reason})
    # The drivers are those of the assessment's framework version, never the live draft:
    # a driver added to the framework since the round opened is not asked about.
    existing_assessment = SelfAssessment.objects.filter(center=center, round=round_).first()
    version = assessment_version(round_, existing_assessment)
    drivers, primaries = _version_rows(version, access.collaborative)
    errors: dict[str, list[str]] = defaultdict(list)
    clean: dict[str, tuple[Decimal | None, str, bool]] = {}
    for key, item in data.ratings.items():
        if key not in drivers:
            errors["ratings"].append(
                _("%(driver)s is not a secondary driver of this collaborative.") % {"driver": key}
            )
            continue
        item = item if isinstance(item, dict) else {"score": item}
        try:
            score = parse_score(item.get("score"))
        except ValidationError as error:
            errors[f"score_{key}"].extend(error.messages)
            continue
        comment = item.get("comment") or ""
        if not isinstance(comment, str):
            errors[f"comment_{key}"].append(_("Enter text."))
            continue
        clean[key] = (score, comment.strip(), bool(item.get("priority", False)))
    for key, text in data.narratives.items():
        if key not in primaries:
            errors["narratives"].append(
                _("%(driver)s is not a primary driver of this collaborative.") % {"driver": key}
            )
        elif not isinstance(text, str):
            errors[f"narrative_{key}"].append(_("Enter text."))
    if errors:
        raise ValidationError(dict(errors))

    with transaction.atomic():
        try:
            assessment, _created = SelfAssessment.objects.get_or_create(center=center, round=round_)
        except IntegrityError:  # two first saves at once: the other one won
            assessment = SelfAssessment.objects.get(center=center, round=round_)
        assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
        if (expected_version or 0) != assessment.version:
            raise AssessmentConflict(assessment)
        existing = {str(r.driver.public_id): r for r in assessment.ratings.select_related("driver")}
        for key, (score, comment, priority) in clean.items():
            rating = existing.get(key) or Rating(assessment=assessment, driver=drivers[key])
            if rating.pk and (rating.score, rating.comment, rating.is_priority) == (
                score,
                comment,
                priority,
            ):
                continue
            rating.score, rating.comment, rating.is_priority = score, comment, priority
            rating.full_clean()
            rating.save()
        current_narratives = {
            str(n.driver.public_id): n for n in assessment.narratives.select_related("driver")
        }
        for key, text in data.narratives.items():
            narrative = current_narratives.get(key) or DriverNarrative(
                assessment=assessment, driver=primaries[key]
            )
            if narrative.pk and narrative.text == text.strip():
                continue
            narrative.text = text.strip()
            narrative.save()
        if submit:
            scored = set(
                assessment.ratings.filter(score__isnull=False).values_list(
                    "driver__public_id", flat=True
                )
            )
            missing = [d for key, d in drivers.items() if d.public_id not in scored]
            if missing:
                raise ValidationError(
                    {
                        f"score_{d.public_id}": [_("Give a score before submitting.")]
                        for d in missing
                    }
                    | {
                        "__all__": [
                            _("Score every secondary driver before submitting (%(n)d missing).")
                            % {"n": len(missing)}
                        ]
                    }
                )
            if assessment.status != SelfAssessment.Status.SUBMITTED:
                assessment.status = SelfAssessment.Status.SUBMITTED
                assessment.submitted_at = timezone.now()
                assessment.submitted_by = access.user
            # Submitted with this version, it keeps it whatever later happens to the round.
            assessment.framework_version = version
        if round_.framework_version_id is None:
            # First use of the round: fix the version it asks about from now on.
            AssessmentRound.objects.filter(pk=round_.pk, framework_version__isnull=True).update(
                framework_version=round_version(round_)
            )
        assessment.version += 1
        assessment.updated_by = access.user
        assessment.save()
        SelfAssessmentRevision.objects.create(
            assessment=assessment,
            version=assessment.version,
            status=assessment.status,
            snapshot=snapshot_of(assessment),
            saved_by=access.user,
        )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="self_assessment.submit" if submit else "self_assessment.save",
            obj=assessment,
            changes={"version": assessment.version, "status": assessment.status},
        )
    return assessment
