"""No one, reading the database, can join a response to the person who gave it."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection

from bsc.tenancy import get_access
from collaboratives.evaluations import services
from collaboratives.evaluations.models import Evaluation, EvaluationResponse, RespondentRoll


def _answer_in_order(demo, evaluation, people, full_answers):
    for score, person in enumerate(people, start=1):
        services.evaluation_respond(
            access=get_access(person, demo.slug),
            evaluation=evaluation,
            answers=full_answers(evaluation, score=(score % 5) + 1),
        )


def _columns(table):
    with connection.cursor() as cursor:
        return connection.introspection.get_table_description(cursor, table)


def test_the_response_table_has_no_person_time_or_sequence(
    demo, evaluation, attendees, full_answers
):
    _answer_in_order(demo, evaluation, attendees[:5], full_answers)
    table = EvaluationResponse._meta.db_table
    names = {column.name for column in _columns(table)}
    assert names == {"id", "evaluation_id", "answers"}
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    assert {target for _col, (target_col, target) in relations.items()} == {
        "collaboratives_evaluation"
    }
    # The key is random (a UUID), so no id order follows the order of arrival.
    field = EvaluationResponse._meta.pk
    assert field.get_internal_type() == "UUIDField"
    assert not any(
        f.get_internal_type() in ("DateTimeField", "DateField", "AutoField", "BigAutoField")
        for f in EvaluationResponse._meta.get_fields()
        if hasattr(f, "get_internal_type")
    )


def test_the_roll_keeps_no_order_of_answering(demo, evaluation, attendees, full_answers):
    people = list(reversed(attendees[:6]))  # answer from the highest id down
    _answer_in_order(demo, evaluation, people, full_answers)
    roll = RespondentRoll.objects.get(evaluation=evaluation)
    assert roll.user_ids == sorted(p.pk for p in people)
    names = {column.name for column in _columns(RespondentRoll._meta.db_table)}
    assert names == {"evaluation_id", "user_ids"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {RespondentRoll._meta.db_table}")  # noqa: S608
        assert cursor.fetchone()[0] >= 1
        cursor.execute(
            f"SELECT COUNT(*) FROM {RespondentRoll._meta.db_table} WHERE evaluation_id = %s",  # noqa: S608
            [evaluation.pk],
        )
        assert cursor.fetchone()[0] == 1  # one row per evaluation, not one per person


def test_answering_adds_a_row_to_no_other_table(demo, evaluation, attendees, full_answers):
    """No audit row, notification or log row (who, when) appears beside the response."""
    people = attendees[:3]
    accesses = [get_access(person, demo.slug) for person in people]
    models = [m for m in apps.get_models() if m._meta.managed]
    before = {m: m._default_manager.count() for m in models}
    for access in accesses:
        services.evaluation_respond(
            access=access, evaluation=evaluation, answers=full_answers(evaluation)
        )
    grown = {m.__name__ for m in models if m._default_manager.count() != before[m]}
    assert grown == {"EvaluationResponse"}


def test_no_table_links_a_person_to_an_evaluation_but_the_roll():
    """A per-person mark table (user + evaluation) would be written in the same transaction
    and order as the response: in PostgreSQL its xmin would name the response."""
    user_model = get_user_model()
    for model in apps.get_models():
        related = {
            field.related_model
            for field in model._meta.get_fields()
            if field.is_relation and field.many_to_one or field.one_to_one
        }
        if Evaluation in related or EvaluationResponse in related:
            assert user_model not in related, model


def test_listing_order_is_not_arrival_order(demo, evaluation, attendees, full_answers):
    _answer_in_order(demo, evaluation, attendees[:8], full_answers)
    # Answers were given with scores 2,3,4,5,1,2,3,4 in arrival order.
    listed = [
        r.answers["i1"]["score"] for r in EvaluationResponse.objects.filter(evaluation=evaluation)
    ]
    assert sorted(listed) == sorted([2, 3, 4, 5, 1, 2, 3, 4])
    ordering_sql = str(EvaluationResponse.objects.filter(evaluation=evaluation).query)
    assert "ORDER BY" in ordering_sql and '"id"' in ordering_sql
