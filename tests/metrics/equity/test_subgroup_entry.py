"""Entering one month by subgroup: the grid's fold-out, the CSV import and the API store every
subgroup at once, refuse sums that miss the center's total and any child identifier, and
store nothing when they refuse."""

import io

import pytest
from django.urls import reverse

from metrics.equity.models import SubgroupEntry, SubgroupValue

# As in conftest.py: Beta is too small, Delta is withheld with it.
COUNTS = {"alpha": (13, 61), "beta": (2, 3), "gamma": (11, 58), "delta": (29, 47)}


def _form_data(counts=COUNTS):
    data = {"dimension": "letters"}
    for slug, (events, children) in counts.items():
        data[f"events-{slug}"] = str(events)
        data[f"children-{slug}"] = str(children)
    return data


def _url(demo, center, breakdown, month):
    return reverse(
        "metrics:equity-subgroups",
        args=[demo.slug, center.slug, breakdown.metric.slug, month.strftime("%Y-%m")],
    )


@pytest.mark.django_db
def test_fold_out_says_counts_only_and_stores_every_subgroup(
    center_client, demo, first_center, breakdown, month, total
):
    url = _url(demo, first_center, breakdown, month)
    page = center_client.get(url, HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    assert "Never enter a child\u2019s name" in page.text
    answer = center_client.post(url, _form_data(), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "Saved" in answer.text
    stored = {
        v.category.slug: (v.events, v.children)
        for v in SubgroupValue.objects.filter(metric=breakdown.metric)
    }
    assert stored == COUNTS
    entry = SubgroupEntry.objects.get(metric=breakdown.metric)
    assert entry.old is None and entry.new["delta"] == [29, 47]


@pytest.mark.django_db
def test_sums_that_miss_the_total_are_a_form_error_and_nothing_is_stored(
    center_client, demo, first_center, breakdown, month, total
):
    counts = dict(COUNTS, gamma=(11, 57))
    url = _url(demo, first_center, breakdown, month)
    answer = center_client.post(url, _form_data(counts))
    assert answer.status_code == 400
    assert "add up to 168" in answer.text and "total is 169" in answer.text
    # The refused numbers stay in the form.
    assert 'value="57"' in answer.text
    assert not SubgroupValue.objects.filter(metric=breakdown.metric).exists()


@pytest.mark.django_db
def test_more_events_than_children_is_refused_in_place(
    center_client, demo, first_center, breakdown, month, total
):
    counts = dict(COUNTS, beta=(4, 3))
    answer = center_client.post(
        _url(demo, first_center, breakdown, month), _form_data(counts), HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert "more than the 3 children" in answer.text
    assert not SubgroupValue.objects.filter(metric=breakdown.metric).exists()


@pytest.mark.django_db
def test_another_center_and_faculty_cannot_enter(
    other_center_client, faculty_client, demo, first_center, breakdown, month, total
):
    url = _url(demo, first_center, breakdown, month)
    assert other_center_client.post(url, _form_data()).status_code == 403
    assert faculty_client.post(url, _form_data()).status_code == 403
    assert not SubgroupValue.objects.filter(metric=breakdown.metric).exists()


def _api(demo, center, breakdown, month):
    return (
        f"/api/v1/collaboratives/{demo.slug}/centers/{center.slug}/subgroups/"
        f"{breakdown.metric.slug}/letters/{month:%Y-%m}/"
    )


def _body(counts=COUNTS, **extra):
    return {
        "subgroups": [
            {"subgroup": slug, "events": e, "children": c, **extra}
            for slug, (e, c) in counts.items()
        ]
    }


@pytest.mark.django_db
def test_api_stores_a_month_in_one_request_and_answers_the_published_analysis(
    center_client, demo, first_center, breakdown, month, total
):
    answer = center_client.put(
        _api(demo, first_center, breakdown, month), _body(), content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    by_slug = {row["subgroup"]: row for row in answer.json()["subgroups"]}
    assert by_slug["beta"]["suppressed"] and by_slug["beta"]["children"] is None
    assert by_slug["delta"]["suppressed"] and by_slug["delta"]["events"] is None
    assert by_slug["alpha"]["children"] == 61
    assert SubgroupValue.objects.filter(metric=breakdown.metric).count() == 4


@pytest.mark.django_db
def test_api_refuses_mismatched_sums_with_400_and_stores_nothing(
    center_client, demo, first_center, breakdown, month, total
):
    counts = dict(COUNTS, alpha=(14, 61))
    answer = center_client.put(
        _api(demo, first_center, breakdown, month), _body(counts), content_type="application/json"
    )
    assert answer.status_code == 400
    assert "add up to 56" in answer.json()["non_field_errors"][0]
    assert not SubgroupValue.objects.filter(metric=breakdown.metric).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["child_name", "first_name", "date_of_birth", "dob", "child_id", "student_id"]
)
def test_api_refuses_fields_that_look_like_child_identifiers(
    center_client, demo, first_center, breakdown, month, total, field
):
    answer = center_client.put(
        _api(demo, first_center, breakdown, month),
        _body(**{field: "Ana"}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    messages = answer.json()[f"subgroups[0].{field}"]
    assert "no child record may be stored" in messages[0]
    assert not SubgroupValue.objects.filter(metric=breakdown.metric).exists()


@pytest.mark.django_db
def test_api_refuses_a_child_list_at_the_top_and_a_missing_subgroup(
    center_client, demo, first_center, breakdown, month, total
):
    url = _api(demo, first_center, breakdown, month)
    body = _body() | {"children_names": ["Ana", "Ben"]}
    answer = center_client.put(url, body, content_type="application/json")
    assert answer.status_code == 400 and "children_names" in answer.json()
    partial = {slug: COUNTS[slug] for slug in ("alpha", "gamma", "delta")}
    answer = center_client.put(url, _body(partial), content_type="application/json")
    assert answer.status_code == 400
    assert "events-beta" in answer.json()
    assert not SubgroupValue.objects.filter(metric=breakdown.metric).exists()


def _csv(lines):
    content = "metric,dimension,month,subgroup,events,children\n" + "\n".join(lines)
    upload = io.BytesIO(content.encode())
    upload.name = "subgroups.csv"
    return upload


@pytest.mark.django_db
def test_csv_import_stores_one_row_per_subgroup(
    center_client, demo, first_center, breakdown, month, total
):
    lines = [
        f"incidents-check,letters,{month:%Y-%m},{slug},{e},{c}" for slug, (e, c) in COUNTS.items()
    ]
    url = reverse("metrics:equity-import", args=[demo.slug, first_center.slug])
    answer = center_client.post(url, {"file": _csv(lines)})
    assert answer.status_code == 302
    assert SubgroupValue.objects.filter(metric=breakdown.metric).count() == 4


@pytest.mark.django_db
def test_csv_import_with_a_wrong_sum_or_a_name_column_stores_nothing(
    center_client, demo, first_center, breakdown, month, total
):
    url = reverse("metrics:equity-import", args=[demo.slug, first_center.slug])
    lines = [
        f"incidents-check,letters,{month:%Y-%m},{slug},{e},{c + 1}"
        for slug, (e, c) in COUNTS.items()
    ]
    answer = center_client.post(url, {"file": _csv(lines)})
    assert answer.status_code == 400
    assert "add up to 173" in answer.text
    named = io.BytesIO(b"metric,dimension,month,subgroup,events,children,child_name\n")
    named.name = "named.csv"
    answer = center_client.post(url, {"file": named})
    assert answer.status_code == 400 and "child_name" in answer.text
    assert not SubgroupValue.objects.filter(metric=breakdown.metric).exists()
