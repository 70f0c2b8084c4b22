"""Browser journeys of the monthly metrics: entry on a phone, a refused value, IT's boards,
a senior leader's progress report PDF."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, login, email):
    login(page, live_server, email)
    return page


def current_month():
    from collaboratives.membership.models import Collaborative
    from metrics.values.validation import collaborative_today

    return collaborative_today(Collaborative.objects.get(slug="bsc-sel")).strftime("%Y-%m")


def test_center_member_submits_a_month_on_a_phone_and_sees_the_chart_update(
    phone_page, live_server, login
):
    from metrics.values.models import MetricValue

    page = sign_in(phone_page, live_server, login, "center@demo.test")
    page.click("nav.main-nav summary")
    page.click("nav.main-nav .nav-panel >> text=Our metrics")
    month = current_month()
    cell = page.locator(f"#cell-challenging-behaviors-{month}")
    chart = page.locator("#chart-challenging-behaviors")
    before = chart.inner_html()
    cell.locator("input[name=value]").fill("4")
    cell.locator("button[type=submit]").click()
    page.locator(f"#cell-challenging-behaviors-{month} [role=status]").wait_for()
    page.wait_for_function(
        "before => document.querySelector('#chart-challenging-behaviors').innerHTML !== before",
        arg=before,
    )
    row = chart.locator(f"tr:has(th:text-is('{month}')) td").first
    assert row.text_content().strip() == "4.0"
    assert MetricValue.objects.filter(
        center__slug="sunrise", metric__slug="challenging-behaviors", month=f"{month}-01"
    ).exists()
    # Nothing spills sideways on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380


def test_bad_value_is_refused_with_a_clear_message(phone_page, live_server, login):
    from metrics.values.models import MetricValue

    page = sign_in(phone_page, live_server, login, "center@demo.test")
    page.goto(f"{live_server.url}/c/bsc-sel/metrics/centers/sunrise/")
    month = current_month()
    cell = page.locator(f"#cell-two-way-communication-{month}")
    cell.locator("input[name=numerator]").fill("30")
    cell.locator("input[name=denominator]").fill("20")
    cell.locator("button[type=submit]").click()
    alert = page.locator(f"#cell-two-way-communication-{month} [role=alert]")
    alert.wait_for()
    assert "cannot be larger than the denominator" in alert.inner_text()
    assert not MetricValue.objects.filter(
        center__slug="sunrise", metric__slug="two-way-communication", month=f"{month}-01"
    ).exists()


def test_it_opens_the_completeness_board_and_collaborative_charts(page, live_server, login):
    sign_in(page, live_server, login, "it@demo.test")
    page.click("nav.main-nav >> text=Completeness")
    page.locator("h1", has_text="Metric completeness").wait_for()
    assert page.locator("td[data-status=missing]").count() >= 1
    remind = page.locator("td[data-status=missing] button.remind").first
    remind.click()
    page.locator("text=Reminder sent").wait_for()
    page.click("nav.main-nav >> text=Metric charts")
    page.locator("h1", has_text="Metric charts").wait_for()
    images = page.locator("figure.small-multiple img")
    assert images.count() == 8
    images.first.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('figure.small-multiple img');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    page.click("ul.tabs >> text=Challenging behaviors")
    page.locator("h2", has_text="Challenging behaviors: each center").wait_for()


def test_senior_leader_opens_the_latest_progress_report_pdf(page, live_server, login):
    sign_in(page, live_server, login, "leader@demo.test")
    page.click("nav.main-nav summary")
    page.click("nav.main-nav .nav-panel >> text=Reports")
    page.click("table >> text=Progress report")
    page.locator("h1", has_text="Progress report").wait_for()
    href = page.get_attribute("a.button:has-text('Open the PDF')", "href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:4] == b"%PDF"
