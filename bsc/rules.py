"""The permission matrix of DESIGN §1, expressed once.

Predicates receive an `Access` (the person's membership in the collaborative) and an object.
"""

from typing import Any

import rules


@rules.predicate
def is_member(access: Any, obj: Any = None) -> bool:
    return access is not None and access.membership is not None


@rules.predicate
def is_it(access: Any, obj: Any = None) -> bool:
    return access.is_it


@rules.predicate
def is_faculty(access: Any, obj: Any = None) -> bool:
    return access.is_faculty


@rules.predicate
def is_center_member(access: Any, obj: Any = None) -> bool:
    return access.is_center_member


def _center_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Center":
        return obj.pk
    return getattr(obj, "center_id", None)


@rules.predicate
def is_own_center(access: Any, obj: Any = None) -> bool:
    """The object is (or belongs to) the person's own center."""
    center_id = _center_id_of(obj)
    return access.is_center_member and center_id is not None and center_id == access.center_id


@rules.predicate
def is_senior_leader_of_center(access: Any, obj: Any = None) -> bool:
    return access.is_senior_leader and is_own_center(access, obj)


@rules.predicate
def is_author(access: Any, obj: Any = None) -> bool:
    return obj is not None and getattr(obj, "author_id", None) == access.user.pk


# Collaborative-wide
rules.add_rule("view_collaborative", is_member)
rules.add_rule("manage_collaborative", is_it)
rules.add_rule("invite_members", is_it)
# E-mail notifications whose delivery failed: seen and resent by the IT
rules.add_rule("resend_notifications", is_it)
rules.add_rule("view_members", is_member)
rules.add_rule("comment", is_member)
rules.add_rule("review_center_work", is_it | is_faculty)
# Centers
rules.add_rule("view_center", is_member)
rules.add_rule("change_center_profile", is_it)
rules.add_rule("change_center_team", is_it | is_own_center)
rules.add_rule("change_center_work", is_own_center)
rules.add_rule("view_center_reports", is_it | is_faculty | is_own_center)
rules.add_rule("view_progress_report", is_it | is_faculty | is_senior_leader_of_center)
# Authored content (posts, comments)
rules.add_rule("change_own_content", is_author)
# Timeline, calls and workplan
rules.add_rule("view_schedule", is_member)
rules.add_rule("manage_schedule", is_it)
rules.add_rule("view_workplan", is_member)
rules.add_rule("manage_workplan", is_it)
# Event evaluations: the IT builds them; IT and faculty read the (anonymous) results
rules.add_rule("manage_evaluations", is_it)
rules.add_rule("view_evaluation_results", is_it | is_faculty)
# Learning Session agendas (the IT builds them with the faculty), attendance and consultations
rules.add_rule("manage_agenda", is_it | is_faculty)
rules.add_rule("view_run_of_show", is_it | is_faculty)
rules.add_rule("view_participation", is_it)
# PDSA and the shared board
rules.add_rule("create_ramp", is_center_member)
rules.add_rule("change_ramp", is_own_center)
# Action Plans: every member reads them (shared learning); the center team writes its own
rules.add_rule("view_action_plan", is_member)
rules.add_rule("change_action_plan", is_own_center)
rules.add_rule("post_announcement", is_it)
rules.add_rule("pin_post", is_it)
rules.add_rule("edit_comment", is_author)
rules.add_rule("view_feedback_queue", is_it | is_faculty)
rules.add_rule("manage_faculty_assignments", is_it)
rules.add_rule("add_resource", is_it | is_faculty)


# Change framework, metric catalogue, competencies
@rules.predicate
def is_submitted(access: Any, obj: Any = None) -> bool:
    return obj is not None and getattr(obj, "status", None) == "submitted"


rules.add_rule("view_framework", is_member)
rules.add_rule("manage_framework", is_it)
rules.add_rule("manage_competencies", is_it)
# Self-assessments: own team writes; IT and faculty read all; other centers read submitted ones
rules.add_rule("manage_assessment_rounds", is_it)
rules.add_rule("change_self_assessment", is_own_center)
rules.add_rule("view_self_assessment", is_it | is_faculty | is_own_center | is_submitted)
rules.add_rule("view_assessment_overview", is_it | is_faculty)


# Monthly metrics (metrics app)
@rules.predicate
def is_data_lead(access: Any, obj: Any = None) -> bool:
    """An Implementation Team member with data capacity: may enter a center's values for it
    (a center that sends its numbers by e-mail)."""
    return access.is_it and "data_capacity" in (access.membership.competencies or [])


rules.add_rule("submit_metrics", is_own_center | is_data_lead)
rules.add_rule("manage_metric_charts", is_it)
rules.add_rule("remind_centers", is_it)
rules.add_rule("view_completeness", is_it)
rules.add_rule("manage_reports", is_it)
# Center selection: the IT runs it; faculty review the applications they are given
rules.add_rule("manage_selection", is_it)
rules.add_rule("review_applications", is_it | is_faculty)
# Synthesis across the collaborative (metrics app): themes, the month's raw material, the
# engagement continuum (never shown to centers) and the monthly newsletter
rules.add_rule("manage_themes", is_it)
rules.add_rule("view_synthesis", is_it | is_faculty)
rules.add_rule("view_engagement", is_it | is_faculty)
rules.add_rule("set_engagement_position", is_it)
rules.add_rule("manage_newsletter", is_it)
