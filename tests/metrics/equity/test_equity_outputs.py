"""What the equity lens publishes: the center's page, the collaborative view, its CSV, the
API and the reports (screen body and PDF text) show the rates and ratios of large subgroups,
and no withheld count anywhere. Beta (2 of 3) is too small; Delta (29 of 47) is withheld with
it so that Beta cannot be worked out from the total (55 of 169)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from metrics.reports.models import Report
from metrics.reports.services import report_build

WITHHELD = ("47", "29")  # Delta's children and events


def _text(html: str) -> str:
    """The words a reader sees: tags and attribute values dropped."""
    return re.sub(r"<[^>]+>", " ", html)


def _beta_row(html: str) -> str:
    match = re.search(r"<th scope=\"row\">Beta</th>(.*?)</tr>", html, re.S)
    assert match, "Beta's row is missing"
    return _text(match.group(1))


def _assert_withheld(text: str) -> None:
    for number in WITHHELD:
        found = re.search(rf"(?<![\d.,]){number}(?![\d.,])", text)
        assert not found, text[max(0, found.start() - 200) : found.end() + 50]


def _query(breakdown, month):
    return f"?metric={breakdown.metric.slug}&dimension=letters&month={month:%Y-%m}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["center_client", "it_client", "faculty_client"])
def test_center_page_shows_large_groups_and_withholds_small_ones(
    request, who, demo, first_center, entered, month
):
    client = request.getfixturevalue(who)
    url = reverse("metrics:equity-center", args=[demo.slug, first_center.slug])
    page = client.get(url + _query(entered, month))
    assert page.status_code == 200
    text = _text(page.text)
    assert "Alpha children were less likely than other children to have an incident" in text
    assert "(13 of 61 vs. 42 of 108)" in text
    assert "fewer than 10" in _beta_row(page.text)
    assert not re.search(r"\d", _beta_row(page.text).replace("10", ""))
    _assert_withheld(text)


@pytest.mark.django_db
def test_another_center_cannot_see_the_page(other_center_client, demo, first_center, entered):
    url = reverse("metrics:equity-center", args=[demo.slug, first_center.slug])
    assert other_center_client.get(url).status_code == 403


@pytest.mark.django_db
def test_collaborative_view_and_csv_withhold_the_same_cells(
    it_client, center_client, demo, entered, month
):
    url = reverse("metrics:equity-collaborative", args=[demo.slug]) + _query(entered, month)
    page = it_client.get(url)
    assert page.status_code == 200
    assert "Sunrise Child Development Center" in page.text
    _assert_withheld(_text(page.text))
    export = it_client.get(
        reverse("metrics:equity-export", args=[demo.slug]) + _query(entered, month)
    )
    assert export.status_code == 200
    body = export.content.decode()
    assert "Alpha,61,13" in body
    assert "Beta,fewer than 10" in body and "Delta,fewer than 10" in body
    _assert_withheld(body)
    assert center_client.get(url).status_code == 403


@pytest.mark.django_db
def test_api_answers_the_analysis_without_withheld_counts(
    center_client, demo, first_center, entered, month
):
    url = (
        f"/api/v1/collaboratives/{demo.slug}/centers/{first_center.slug}/subgroups/"
        f"{entered.metric.slug}/letters/{month:%Y-%m}/"
    )
    answer = center_client.get(url)
    assert answer.status_code == 200
    body = answer.content.decode()
    _assert_withheld(body)
    alpha = next(row for row in answer.json()["subgroups"] if row["subgroup"] == "alpha")
    assert alpha["risk_ratio"] == pytest.approx((13 / 61) / (42 / 108))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [Report.Kind.CENTER_METRICS, Report.Kind.PROGRESS])
def test_reports_and_their_pdf_withhold_the_small_groups(demo, first_center, entered, month, kind):
    report, _created = Report.objects.get_or_create(
        collaborative=demo, center=first_center, month=month, kind=kind
    )
    result = report_build(report, announce=False)
    # The report's other sections chart other metrics; the search covers the equity section.
    body = result.file.html.split("Equity: metrics by subgroup", 1)[1]
    assert "13 of 61 vs. 42 of 108" in _text(body)
    _assert_withheld(_text(body))
    pdf = PdfReader(io.BytesIO(result.file.file.read()))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Equity: metrics by subgroup" in pdf_text
    section = pdf_text.split("Equity: metrics by subgroup", 1)[1]
    assert "fewer than 10" in section and "13 of 61" in section
    _assert_withheld(section)
