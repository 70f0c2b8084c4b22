"""Self-assessment pages: rounds, the Appendix E form, round comparison, heatmap, CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.autosave import is_autosave, saved_status
from bsc.exports import csv_writer
from bsc.form_errors import add_service_errors
from bsc.tenancy import Access, centers_visible_to, collaborative_view, get_center_for_user
from centers.assessments import selectors as assessments_selectors
from centers.assessments import services as assessments_services
from centers.assessments.forms import RoundForm, SelfAssessmentForm
from centers.assessments.heatmap import collaborative_heatmap
from centers.assessments.models import Rating, SelfAssessment
from collaboratives.framework.versions import current_version, version_drivers


@collaborative_view()
def assessment_overview(request: HttpRequest, access: Access) -> HttpResponse:
    """Rounds and, per round, who has submitted (IT/faculty) or our own status (centers)."""
    rounds = list(assessments_selectors.rounds_of(access.collaborative))
    today = assessments_selectors.local_today(access.collaborative)
    own: dict[int, SelfAssessment] = {}
    if access.center is not None:
        own = {
            a.round_id: a
            for a in SelfAssessment.objects.filter(center=access.center, round__in=rounds)
        }
    counts: dict[int, int] = {}
    for round_id in SelfAssessment.objects.filter(
        round__in=rounds, status=SelfAssessment.Status.SUBMITTED
    ).values_list("round_id", flat=True):
        counts[round_id] = counts.get(round_id, 0) + 1
    rows = [
        {
            "round": r,
            "open": r.is_open(today),
            "own": own.get(r.pk),
            "submitted": counts.get(r.pk, 0),
        }
        for r in rounds
    ]
    return render(
        request,
        "centers/assessments/overview.html",
        {
            "rows": rows,
            "center_count": centers_visible_to(access).count(),
            "can_manage": access.can("manage_assessment_rounds"),
            "can_overview": access.can("view_assessment_overview"),
        },
    )


@collaborative_view(permission="manage_assessment_rounds")
def round_manage(request: HttpRequest, access: Access, round: int | None = None) -> HttpResponse:  # noqa: A002
    instance = assessments_selectors.get_round(access, round) if round is not None else None
    form = RoundForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if request.POST.get("action") == "framework" and instance is not None:
            try:
                kept = assessments_services.round_framework_update(access=access, round_=instance)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _(
                        "The round now asks about the current framework. Unsubmitted "
                        "assessments gain its new drivers; %(n)d submitted assessments keep "
                        "the drivers they were submitted with."
                    )
                    % {"n": kept},
                )
            return redirect("centers:rounds", slug=access.collaborative.slug)
        if request.POST.get("action") == "defaults":
            try:
                assessments_services.rounds_create_defaults(access=access)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The three default rounds were added."))
            return redirect("centers:rounds", slug=access.collaborative.slug)
        if form.is_valid():
            try:
                assessments_services.round_save(access=access, round_=instance, **form.cleaned_data)
            except ValidationError as error:
                for key, errs in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, errs)
            else:
                messages.success(request, _("The round was saved."))
                return redirect("centers:rounds", slug=access.collaborative.slug)
    return render(
        request,
        "centers/assessments/rounds.html",
        {
            "form": form,
            "instance": instance,
            "rounds": [
                (r, assessments_selectors.round_version(r))
                for r in assessments_selectors.rounds_of(access.collaborative).select_related(
                    "framework_version", "collaborative"
                )
            ],
            "current_version": current_version(access.collaborative),
            "today": assessments_selectors.local_today(access.collaborative),
        },
        status=400 if form.errors else 200,
    )


def drivers_rated(form: SelfAssessmentForm) -> tuple[int, int]:
    """How many primary drivers have every secondary driver scored, of how many."""
    blocks = form.blocks()
    rated = sum(1 for block in blocks if all(row["score"].value() for row in block["rows"]))
    return rated, len(blocks)


def _autosave_answer(
    request: HttpRequest,
    access: Access,
    form: SelfAssessmentForm,
    *,
    version: int | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    """The answer to a save-as-you-go: "saved" (or why not) for the live region, with the new
    version and progress swapped in out of band. A refused save keeps what was typed in the
    page; only a full save or submit replaces it."""
    rated, total = drivers_rated(form)
    errors = [
        (key, message)
        for key, messages_ in form.errors.items()
        for message in messages_
        if key != "version"
    ]
    return saved_status(
        request,
        tz=access.collaborative.timezone,
        template="centers/assessments/_autosave.html",
        errors=errors,
        problem=problem,
        version=version,
        rated=rated,
        total=total,
        status=status,
    )


@collaborative_view()
def assessment_form(
    request: HttpRequest,
    access: Access,
    center: str,
    round: int,  # noqa: A002
) -> HttpResponse:
    center_obj = get_center_for_user(access, center)
    round_ = assessments_selectors.get_round(access, round)
    assessment = assessments_selectors.assessment_of(center_obj, round_)
    can_edit = access.can("change_self_assessment", center_obj)
    if not can_edit:
        # Other centers see a submitted assessment only; it is "shared across teams".
        access.require("view_self_assessment", assessment or SelfAssessment(status="draft"))
    snapshot = assessments_selectors.snapshot_of(assessment) if assessment else {"version": 0}
    # The drivers and wording of the assessment's framework version, not the live draft.
    framework_version = assessments_selectors.assessment_version(round_, assessment)
    primaries = version_drivers(framework_version)
    closed_reason = assessments_selectors.round_closed_reason(
        round_, assessments_selectors.local_today(access.collaborative)
    )
    editable = can_edit and closed_reason is None
    conflict = None
    status = 200
    if request.method == "POST":
        access.require("change_self_assessment", center_obj)
        form = SelfAssessmentForm(request.POST, primaries=primaries)
        if form.is_valid():
            try:
                saved = assessments_services.assessment_save(
                    access=access,
                    center=center_obj,
                    round_=round_,
                    data=form.to_input(),
                    expected_version=form.cleaned_data["version"],
                    submit="submit" in request.POST,
                )
            except assessments_services.AssessmentConflict as error:
                if is_autosave(request):
                    return _autosave_answer(request, access, form, problem="conflict", status=409)
                conflict = _conflict_rows(primaries, form.to_input(), error.snapshot)
                conflict_meta = error.snapshot
                # Saving again from here deliberately replaces the newer version.
                data = request.POST.copy()
                data["version"] = str(error.assessment.version)
                form = SelfAssessmentForm(data, primaries=primaries)
                form.is_valid()
                status = 409
                conflict = {"rows": conflict, "meta": conflict_meta}
            except ValidationError as error:
                add_service_errors(form, error)
                if is_autosave(request):
                    return _autosave_answer(request, access, form, problem="invalid")
                status = 400
            else:
                if is_autosave(request):
                    return _autosave_answer(request, access, form, version=saved.version)
                if saved.is_submitted and "submit" in request.POST:
                    messages.success(request, _("Your self-assessment was submitted."))
                else:
                    messages.success(request, _("Your self-assessment was saved."))
                return redirect(
                    "centers:assessment",
                    slug=access.collaborative.slug,
                    center=center_obj.slug,
                    round=round_.number,
                )
        else:
            if is_autosave(request):
                return _autosave_answer(request, access, form, problem="invalid")
            status = 400
    elif editable:
        form = SelfAssessmentForm(
            initial=SelfAssessmentForm.initial_from(snapshot), primaries=primaries
        )
    else:
        # Only shown, never filled in: the answers are read without a form field for each.
        form = None
    revisions = (
        # The history lists who saved which version when, never what each version said.
        assessment.revisions.select_related("saved_by").only(
            "assessment", "version", "status", "saved_at", "saved_by__full_name", "saved_by__email"
        )[:20]
        if assessment is not None
        else []
    )
    return render(
        request,
        "centers/assessments/form.html",
        {
            "center": center_obj,
            "round": round_,
            "assessment": assessment,
            "snapshot": snapshot,
            "form": form,
            "blocks": form.blocks()
            if form is not None
            else SelfAssessmentForm.shown_blocks(
                primaries, SelfAssessmentForm.initial_from(snapshot)
            ),
            "editable": editable,
            "can_edit": can_edit,
            "closed_reason": closed_reason,
            "guidelines": assessments_services.SCORING_GUIDELINES,
            "conflict": conflict,
            "progress": drivers_rated(form) if form is not None else None,
            "revisions": revisions,
            "framework_version": framework_version,
        },
        status=status,
    )


def _conflict_rows(
    primaries: list[Any], mine: assessments_services.AssessmentInput, theirs: dict[str, Any]
) -> list[dict[str, Any]]:
    """The drivers on which the two versions differ, with both versions."""
    rows = []
    for primary in primaries:
        for driver in primary.secondaries:
            key = str(driver.public_id)
            my = mine.ratings.get(key, {})
            their = theirs.get("ratings", {}).get(key, {})
            my_score = (my.get("score") or "").strip() or None
            if my_score:
                try:
                    score = assessments_services.parse_score(my_score)
                    my_score = str(score) if score is not None else None
                except ValidationError:
                    pass
            if (my_score, (my.get("comment") or "").strip()) != (
                their.get("score"),
                their.get("comment", ""),
            ):
                rows.append(
                    {
                        "driver": driver,
                        "mine": {"score": my_score, "comment": my.get("comment", "")},
                        "theirs": their,
                    }
                )
        key = str(primary.public_id)
        if (mine.narratives.get(key) or "").strip() != theirs.get("narratives", {}).get(key, ""):
            rows.append(
                {
                    "primary": primary,
                    "mine": {"comment": mine.narratives.get(key, "")},
                    "theirs": {"comment": theirs.get("narratives", {}).get(key, "")},
                }
            )
    return rows


@collaborative_view()
def center_comparison(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    context = assessments_selectors.center_comparison(center_obj, access.collaborative)
    context.update(
        {
            "center": center_obj,
            "can_edit": access.can("change_self_assessment", center_obj),
        }
    )
    return render(request, "centers/assessments/comparison.html", context)


@collaborative_view(permission="view_assessment_overview")
def heatmap(request: HttpRequest, access: Access, round: int) -> HttpResponse:  # noqa: A002
    round_ = assessments_selectors.get_round(access, round)
    primary = request.GET.get("driver", "")
    context = collaborative_heatmap(
        request, access.collaborative, round_, driver=int(primary) if primary.isdigit() else None
    )
    context.update(
        {"round": round_, "rounds": assessments_selectors.rounds_of(access.collaborative)}
    )
    return render(request, "centers/assessments/heatmap.html", context)


@collaborative_view(permission="view_assessment_overview")
def export_csv(request: HttpRequest, access: Access, round: int) -> HttpResponse:  # noqa: A002
    round_ = assessments_selectors.get_round(access, round)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{access.collaborative.slug}-self-assessment-round-'
        f'{round_.number}.csv"'
    )
    writer = csv_writer(response)
    writer.writerow(
        [
            "center",
            "status",
            "primary_driver",
            "secondary_driver",
            "driver_text",
            "score",
            "comment",
            "priority",
            "submitted_at",
        ]
    )
    # Each assessment's driver wording is that of its framework version.
    wording: dict[int, dict[str, str]] = {}

    def text_of(rating: Rating) -> str:
        assessment = rating.assessment
        if assessment.pk not in wording:
            version = assessments_selectors.assessment_version(round_, assessment)
            wording[assessment.pk] = {
                s.public_id: s.text for p in version_drivers(version) for s in p.secondaries
            }
        return wording[assessment.pk].get(str(rating.driver.public_id), rating.driver.text)

    ratings = (
        Rating.objects.filter(
            assessment__round=round_, assessment__center__collaborative=access.collaborative
        )
        .select_related("assessment__center", "assessment__framework_version", "driver__primary")
        .order_by("assessment__center__name", "driver__primary__number", "driver__number")
    )
    for rating in ratings.iterator(chunk_size=2000):
        assessment = rating.assessment
        writer.writerow(
            [
                assessment.center.name,
                assessment.status,
                rating.driver.primary.number,
                f"{rating.driver.primary.number}.{rating.driver.number}",
                text_of(rating),
                rating.score if rating.score is not None else "",
                rating.comment,
                "yes" if rating.is_priority else "",
                assessment.submitted_at.isoformat() if assessment.submitted_at else "",
            ]
        )
    return response
