"""The entry grid, its HTMX cell save, the collection plan, CSV import and the API."""

import io

import pytest
from django.urls import reverse

from metrics.values.models import DataCollectionPlan, MetricValue
from metrics.values.validation import collaborative_today


@pytest.fixture
def month(demo):
    return collaborative_today(demo).replace(day=1).strftime("%Y-%m")


def entry_url(demo, center):
    return reverse("metrics:entry", args=[demo.slug, center.slug])


def cell_url(demo, center, metric_slug, month):
    return reverse("metrics:cell-save", args=[demo.slug, center.slug, metric_slug, month])


def test_grid_shows_every_metric_and_its_chart(center_client, demo, first_center):
    response = center_client.get(entry_url(demo, first_center))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Two-way communication with families" in body
    assert "Challenging behaviors" in body
    assert body.count("<svg") >= 2
    assert 'name="numerator"' in body and 'name="value"' in body


def test_grid_query_count_does_not_grow_with_months(
    center_client, demo, first_center, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        center_client.get(entry_url(demo, first_center))


def test_htmx_cell_save_returns_the_cell_and_the_redrawn_chart(
    center_client, demo, first_center, month
):
    response = center_client.post(
        cell_url(demo, first_center, "two-way-communication", month),
        {"numerator": "17", "denominator": "20", "note": "log week"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saved" in body
    assert 'id="chart-two-way-communication" hx-swap-oob="true"' in body
    row = MetricValue.objects.get(
        center=first_center, metric__slug="two-way-communication", month=f"{month}-01"
    )
    assert row.numerator == 17 and row.note == "log week"


def test_bad_value_is_refused_with_a_clear_message(center_client, demo, first_center, month):
    before = MetricValue.objects.count()
    response = center_client.post(
        cell_url(demo, first_center, "two-way-communication", month),
        {"numerator": "25", "denominator": "20"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "cannot be larger than the denominator" in body
    assert 'value="25"' in body  # what was typed is kept
    assert MetricValue.objects.count() == before


def test_bad_value_without_javascript_renders_the_page_with_errors(
    center_client, demo, first_center, month
):
    response = center_client.post(
        cell_url(demo, first_center, "challenging-behaviors", month), {"value": "abc"}
    )
    assert response.status_code == 400
    assert "is not a number" in response.content.decode()


def test_plain_post_saves_and_redirects(center_client, demo, first_center, month):
    response = center_client.post(
        cell_url(demo, first_center, "challenging-behaviors", month), {"value": "9"}
    )
    assert response.status_code == 302
    assert (
        MetricValue.objects.get(
            center=first_center, metric__slug="challenging-behaviors", month=f"{month}-01"
        ).value
        == 9
    )


def test_not_collected_with_reason(center_client, demo, first_center, month):
    center_client.post(
        cell_url(demo, first_center, "challenging-behaviors", month),
        {"not_collected": "on", "not_collected_reason": "Center closed for floods"},
        HTTP_HX_REQUEST="true",
    )
    row = MetricValue.objects.get(
        center=first_center, metric__slug="challenging-behaviors", month=f"{month}-01"
    )
    assert row.not_collected and row.not_collected_reason == "Center closed for floods"


@pytest.mark.parametrize(
    ("client_name", "status"),
    [("other_center_client", 403), ("it_client", 403), ("faculty_client", 403)],
)
def test_other_people_cannot_save_a_center_cell(
    request, client_name, status, demo, first_center, month
):
    client = request.getfixturevalue(client_name)
    response = client.post(
        cell_url(demo, first_center, "challenging-behaviors", month), {"value": "3"}
    )
    assert response.status_code == status


def test_outsider_gets_404(outsider_client, demo, first_center, month):
    assert outsider_client.get(entry_url(demo, first_center)).status_code == 404
    response = outsider_client.post(
        cell_url(demo, first_center, "challenging-behaviors", month), {"value": "3"}
    )
    assert response.status_code == 404


def test_faculty_sees_the_grid_read_only(faculty_client, demo, first_center):
    body = faculty_client.get(entry_url(demo, first_center)).content.decode()
    assert 'name="numerator"' not in body
    assert "Two-way communication with families" in body


def test_unknown_metric_or_month_in_url_is_404(center_client, demo, first_center, month):
    assert center_client.post(cell_url(demo, first_center, "nope", month), {}).status_code == 404
    url = cell_url(demo, first_center, "challenging-behaviors", "2026-13")
    assert center_client.post(url, {"value": 1}).status_code == 404


def test_collection_plan_is_saved(center_client, demo, first_center):
    url = reverse("metrics:plan", args=[demo.slug, first_center.slug])
    response = center_client.post(
        url,
        {
            "two-way-communication-who_collects": "Lead teacher",
            "two-way-communication-how": "Communication Tracking Log",
            "two-way-communication-tool": "Paper log",
            "two-way-communication-when": "First week of the month",
        },
    )
    assert response.status_code == 302
    plan = DataCollectionPlan.objects.get(center=first_center, metric__slug="two-way-communication")
    assert plan.who_collects == "Lead teacher"
    assert "Lead teacher" in center_client.get(url).content.decode()


def test_other_center_cannot_change_the_plan(other_center_client, demo, first_center):
    url = reverse("metrics:plan", args=[demo.slug, first_center.slug])
    response = other_center_client.post(url, {"two-way-communication-who_collects": "x"})
    assert response.status_code == 403


# CSV import ------------------------------------------------------------------------------


def upload(client, demo, center, text):
    url = reverse("metrics:import", args=[demo.slug, center.slug])
    file = io.BytesIO(text.encode())
    file.name = "values.csv"
    return client.post(url, {"file": file})


def test_template_downloads_with_the_columns(center_client, demo, first_center):
    url = reverse("metrics:import-template", args=[demo.slug, first_center.slug])
    response = center_client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0].startswith("metric,month,numerator,denominator,value")
    assert "two-way-communication" in text


def test_import_stores_all_rows_and_reimport_changes_nothing(
    center_client, demo, first_center, month
):
    text = (
        "metric,month,numerator,denominator,value,note,not_collected,not_collected_reason\n"
        f"two-way-communication,{month},14,20,,,no,\n"
        f"challenging-behaviors,{month},,,6,calm month,no,\n"
    )
    response = upload(center_client, demo, first_center, text)
    assert response.status_code == 302
    rows = MetricValue.objects.filter(center=first_center, month=f"{month}-01")
    assert rows.count() == 2
    histories = sum(row.history.count() for row in rows)
    response = upload(center_client, demo, first_center, text)
    assert response.status_code == 302
    assert sum(row.history.count() for row in rows.all()) == histories


def test_import_with_a_bad_row_stores_nothing_and_lists_rows(
    center_client, demo, first_center, month
):
    before = MetricValue.objects.count()
    text = (
        "metric,month,numerator,denominator,value\n"
        f"two-way-communication,{month},14,20,\n"
        f"challenging-behaviors,{month},,,-2\n"
        f"unknown-metric,{month},,,2\n"
    )
    response = upload(center_client, demo, first_center, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "<td>3</td>" in body and "cannot be negative" in body
    assert "<td>4</td>" in body and "not part of this collaborative" in body
    assert MetricValue.objects.count() == before


def test_import_without_file_or_header_is_refused(center_client, demo, first_center):
    url = reverse("metrics:import", args=[demo.slug, first_center.slug])
    assert center_client.post(url, {}).status_code == 400
    response = upload(center_client, demo, first_center, "a,b\n1,2\n")
    assert response.status_code == 400
    assert "header" in response.content.decode()


# API --------------------------------------------------------------------------------------


def api_url(demo, center):
    return reverse("api:metric-values", args=[demo.slug, center.slug])


def test_api_submits_one_month(center_client, demo, first_center, month):
    response = center_client.post(
        api_url(demo, first_center),
        {"metric": "challenging-behaviors", "month": month, "value": 5},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["value"] == 5
    listed = center_client.get(api_url(demo, first_center), {"month": month}).json()
    assert any(item["metric"] == "challenging-behaviors" for item in listed)


def test_api_submits_many_months_all_or_nothing(center_client, demo, first_center, month):
    before = MetricValue.objects.count()
    response = center_client.post(
        api_url(demo, first_center),
        [
            {"metric": "challenging-behaviors", "month": month, "value": 5},
            {"metric": "two-way-communication", "month": month, "numerator": "x"},
        ],
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["rows"][0]["row"] == 2
    assert "numerator" in response.json()["rows"][0]["errors"]
    assert MetricValue.objects.count() == before


def test_api_single_error_names_the_field(center_client, demo, first_center, month):
    response = center_client.post(
        api_url(demo, first_center),
        {"metric": "two-way-communication", "month": month, "numerator": 3, "denominator": 0},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "denominator" in response.json()


def test_api_read_filters_and_permissions(
    it_client, other_center_client, outsider_client, demo, first_center
):
    response = it_client.get(api_url(demo, first_center), {"metric": "challenging-behaviors"})
    assert response.status_code == 200
    assert len(response.json()) >= 12
    assert it_client.get(api_url(demo, first_center), {"from": "soon"}).status_code == 400
    response = other_center_client.post(
        api_url(demo, first_center),
        {"metric": "challenging-behaviors", "month": "2026-01", "value": 1},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert outsider_client.get(api_url(demo, first_center)).status_code == 404
