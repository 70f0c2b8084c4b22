import datetime
import re

import pytest
from django.utils import translation

from collaboratives.schedule import rule_words
from collaboratives.schedule.recurrence import occurrences

END = datetime.date(2027, 6, 30)


def post_data(demo, **overrides):
    data = {
        "kind": "all_team_call",
        "title": "Coaching call",
        "frequency": "monthly",
        "weekday": "FR",
        "which": "3",
        "ends": "never",
        "first_date": demo.start_date.isoformat(),
        "start_time": "11:00",
        "end_time": "11:45",
        "audience": "everyone",
        "reminder_days": "2",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("words", "rule"),
    [
        (rule_words.Words("weekly", "TU"), "FREQ=WEEKLY;BYDAY=TU"),
        (rule_words.Words("fortnightly", "TU"), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        (rule_words.Words("monthly", "FR", "3"), "FREQ=MONTHLY;BYDAY=+3FR"),
        (rule_words.Words("monthly", "MO", "-1", 6), "FREQ=MONTHLY;BYDAY=-1MO;COUNT=6"),
    ],
)
def test_words_compose_the_rule_and_read_back(words, rule):
    assert rule_words.compose(words) == rule
    assert rule_words.parse(rule) == words


def test_composed_rules_make_the_calls_they_say():
    def days(rule):
        found = occurrences(
            rule=rule,
            first_date=datetime.date(2026, 9, 1),
            until=datetime.date(2026, 12, 31),
            start_time=datetime.time(11),
            end_time=datetime.time(12),
            tz_name="America/New_York",
        )
        return [key for key, _start, _end in found]

    fortnightly = days(rule_words.compose(rule_words.Words("fortnightly", "TU")))
    assert fortnightly[:3] == ["2026-09-01", "2026-09-15", "2026-09-29"]
    last_monday = days(rule_words.compose(rule_words.Words("monthly", "MO", "-1", 2)))
    assert last_monday == ["2026-09-28", "2026-10-26"]


def test_rules_words_cannot_say_are_not_parsed():
    for rule in ("FREQ=DAILY", "FREQ=MONTHLY;INTERVAL=2;BYDAY=+1TU", "FREQ=WEEKLY;BYDAY=MO,WE"):
        assert rule_words.parse(rule) is None


def test_sentence_in_english():
    with translation.override("en"):
        assert (
            rule_words.sentence("FREQ=MONTHLY;BYDAY=+3FR", datetime.date(2027, 6, 30), END)
            == "Every month on the third Friday, until Jun 30, 2027"
        )
        assert (
            rule_words.sentence("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None, END)
            == "Every two weeks on Tuesday, until the collaborative ends on Jun 30, 2027"
        )
        assert (
            rule_words.sentence("FREQ=WEEKLY;BYDAY=MO;COUNT=8", None, END)
            == "Every week on Monday, 8 calls in all"
        )
        assert rule_words.sentence("FREQ=DAILY", None, END).startswith(
            "Repeats by the rule FREQ=DAILY"
        )


def test_sentence_in_spanish():
    with translation.override("es"):
        assert (
            rule_words.sentence("FREQ=MONTHLY;BYDAY=+3FR", datetime.date(2027, 6, 30), END)
            == "Cada mes, el tercer viernes, hasta el 30 de junio de 2027"
        )
        assert (
            rule_words.sentence("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None, END)
            == "Cada dos semanas, el martes, hasta que termine el colaborativo el "
            "30 de junio de 2027"
        )
        assert (
            rule_words.sentence("FREQ=MONTHLY;BYDAY=-1MO;COUNT=1", None, END)
            == "Cada mes, el último lunes, 1 llamada en total"
        )


def test_series_created_from_words_keeps_the_composed_rule(it_client, demo):
    until = demo.start_date + datetime.timedelta(days=120)
    response = it_client.post(
        f"/c/{demo.slug}/series/new/",
        post_data(
            demo,
            title="Fortnightly huddle",
            frequency="fortnightly",
            weekday="TU",
            ends="until",
            until=until.isoformat(),
            confirm_clashes="on",
        ),
    )
    series = demo.call_series.get(title="Fortnightly huddle")
    assert response.status_code == 302
    assert series.rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" and series.until == until
    assert all(e.start.astimezone(e.start.tzinfo).weekday() in (1, 2) for e in series.events.all())
    page = it_client.get(series.get_absolute_url()).content.decode()
    assert "Every two weeks on Tuesday, until" in page


def test_series_after_a_number_of_calls(it_client, demo):
    it_client.post(
        f"/c/{demo.slug}/series/new/",
        post_data(demo, title="Six calls", ends="count", count="6", confirm_clashes="on"),
    )
    series = demo.call_series.get(title="Six calls")
    assert series.rule == "FREQ=MONTHLY;BYDAY=+3FR;COUNT=6" and series.until is None
    assert series.events.count() == 6


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rule": "FREQ=OFTEN"}, "This recurrence rule is not valid"),
        ({"rule": "BYDAY=+3FR"}, "needs FREQ"),
        ({"frequency": ""}, "Choose how often"),
        ({"which": ""}, "Choose which one in the month"),
        ({"ends": "count"}, "Give the number of calls"),
        ({"ends": "until"}, "Give the last date"),
    ],
)
def test_bad_recurrence_is_a_form_error_in_place(it_client, demo, overrides, message):
    response = it_client.post(
        f"/c/{demo.slug}/series/new/", post_data(demo, title="Bad", **overrides)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    if "rule" in overrides:
        # The expert disclosure opens on its error, the rule kept as typed.
        assert '<details class="expert" open>' in body and overrides["rule"] in body
    assert not demo.call_series.filter(title="Bad").exists()


def test_expert_rule_wins_over_the_words(it_client, demo):
    it_client.post(
        f"/c/{demo.slug}/series/new/",
        post_data(demo, title="Expert", rule="FREQ=MONTHLY;BYDAY=+1TU", confirm_clashes="on"),
    )
    assert demo.call_series.get(title="Expert").rule == "FREQ=MONTHLY;BYDAY=+1TU"


def test_htmx_preview_reads_the_choices_back(it_client, demo, django_assert_max_num_queries):
    url = f"/c/{demo.slug}/series/preview/"
    with django_assert_max_num_queries(12):
        response = it_client.post(
            url,
            post_data(demo, frequency="weekly", weekday="WE", ends="count", count="4"),
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Every week on Wednesday, 4 calls in all" in body and "<html" not in body
    bad = it_client.post(url, post_data(demo, rule="FREQ=OFTEN"), HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "This recurrence rule is not valid" in bad.content.decode()
    with translation.override("es"):
        spanish = it_client.post(
            url, post_data(demo), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="es"
        )
    assert "Cada mes, el tercer viernes" in spanish.content.decode()


def test_form_shows_the_sentence_and_edit_reads_the_rule_into_words(it_client, demo):
    page = it_client.get(f"/c/{demo.slug}/series/new/").content.decode()
    assert "Every month on the third Friday" in page and 'hx-post="' in page
    series = demo.call_series.first()
    series.rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    series.save(update_fields=["rule"])
    edit = it_client.get(f"/c/{demo.slug}/series/{series.public_id}/edit/").content.decode()
    assert "Every two weeks on Thursday" in edit
    assert re.search(r'value="fortnightly"[^>]*checked', edit)
    assert re.search(r'<option value="TH" selected>', edit)
    # Said in words, the rule leaves the expert field empty.
    assert "value=" not in re.search(r'<input[^>]*name="rule"[^>]*>', edit).group(0)


def test_clashes_are_named_in_words_with_the_choice_beside_them(it_client, demo):
    session = demo.events.get(kind="learning_session", number=3)
    day = session.start.astimezone(datetime.UTC).date()
    weekday = rule_words.DAYS[day.weekday()]
    response = it_client.post(
        f"/c/{demo.slug}/series/new/",
        post_data(
            demo,
            title="Clashing",
            frequency="weekly",
            weekday=weekday,
            ends="count",
            count="2",
            first_date=day.isoformat(),
        ),
    )
    body = response.content.decode()
    assert "During a Learning Session" in body and ">learning_session<" not in body
    assert 'form="series-form" name="confirm_clashes" value="on"' in body
    assert not demo.call_series.filter(title="Clashing").exists()
