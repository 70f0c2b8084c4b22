"""Tests for metrics.charts: the SVG is well-formed, accessible, complete and escapes text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from metrics.charts.signals import signal_reasons
from metrics.charts.svg import Marker, chart_data_rows, render_chart_svg
from metrics.charts.svg_elements import COLOURS
from metrics.spc import Analysis, analyze

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "quotes"'

# Montgomery example 7.3 (c chart): a runs signal from too few crossings, two excluded points.
C_VALUES = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30,
            24, 16, 19, 17, 15, 16, 18, 12, 15, 24, 21, 28, 20, 25, 19, 18, 21, 16, 22, 19, 12,
            14, 9, 16, 21]  # fmt: skip


def _labels(analysis: Analysis) -> list[str]:
    return [f"Month {i + 1}" for i in range(len(analysis.points))]


def _render(analysis: Analysis, **kwargs: object) -> tuple[str, ET.Element]:
    options: dict[str, object] = {
        "labels": _labels(analysis),
        "title": "Chart title",
        "description": "Chart description.",
    }
    options.update(kwargs)
    svg = render_chart_svg(analysis, **options)  # type: ignore[arg-type]
    return svg, ET.fromstring(svg)


def _point_circles(root: ET.Element) -> list[ET.Element]:
    return [c for c in root.iter(f"{SVG}circle") if "point" in c.get("class", "").split()]


def _title_text(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    return title.text or "" if title is not None else ""


def _contrast_on_white(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_svg_is_well_formed_and_labelled():
    analysis = analyze([3, 4, 5, 4, 6], chart="i")
    svg, root = _render(analysis, title="Days absent", description="Monthly absences.")

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "Days absent"
    assert desc is not None and desc.text is not None and desc.text.startswith("Monthly absences.")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert list(root)[0] is title  # the accessible name comes first


def test_ids_are_unique_per_chart_and_can_be_given():
    _, first = _render(analyze([1, 2, 3]), title="A")
    _, second = _render(analyze([1, 2, 3]), title="B")
    _, given = _render(analyze([1, 2, 3]), id_prefix="metric 7/<b>")
    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    assert given.get("aria-labelledby") == "metric-7--b--title metric-7--b--desc"


def test_one_circle_per_value_and_gaps_break_the_line():
    values = [5, 6, None, 7, 8, None, None, 6]
    _, root = _render(analyze(values, chart="run"))

    assert len(_point_circles(root)) == sum(v is not None for v in values)
    series = root.find(f".//{SVG}g[@class='series']/{SVG}path")
    assert series is not None
    assert series.get("d", "").count("M") == 3  # three stretches of data between the gaps


def test_outside_limit_points_carry_the_reason():
    values = [10, 11, 9, 10, 12, 40, 11, 10, 9, 12, 11, 10]
    analysis = analyze(values, chart="i")
    _, root = _render(analysis)

    signals = [c for c in _point_circles(root) if "signal-outside" in c.get("class", "")]
    assert len(signals) == sum(p.outside for p in analysis.points) > 0
    assert all("Outside the control limits" in _title_text(c) for c in signals)


def test_long_run_points_carry_the_reason():
    analysis = analyze([1] * 8 + [9] * 8, chart="run")
    _, root = _render(analysis)

    texts = [_title_text(c) for c in _point_circles(root)]
    expected = "Part of an unusually long run (8 points on one side of the centre line; limit 7)"
    assert all(expected in text for text in texts)
    assert all("Too few crossings of the centre line (1; at least 4 expected)" in t for t in texts)


def test_few_crossings_signal_and_excluded_points():
    analysis = analyze(C_VALUES, chart="c", freeze=26, exclude=[5, 19])
    _, root = _render(analysis, excluded_reasons={5: "New inspector"})
    circles = _point_circles(root)

    excluded = [c for c in circles if "excluded" in c.get("class", "")]
    assert len(excluded) == 2
    assert all(c.get("fill") == COLOURS["background"] for c in excluded)
    assert "Excluded: New inspector" in _title_text(excluded[0])
    assert "Excluded from the calculations" in _title_text(excluded[1])
    assert not any("signal" in c.get("class", "") for c in excluded)

    runs = [c for c in circles if "signal-runs" in c.get("class", "")]
    assert runs and all(
        "Too few crossings of the centre line (14; at least 16 expected)" in _title_text(c)
        for c in runs
    )
    assert len(runs) == analysis.phases[0].n_useful


def test_points_on_the_centre_line_are_not_runs_signals():
    analysis = analyze([1, 1, 1, 1, 1, 1, 1, 1, 5, 9, 9, 9, 9, 9, 9, 9, 9], chart="run")
    assert analysis.points[8].cl == 5
    assert 8 not in signal_reasons(analysis)


def test_markers_phases_and_goal_are_drawn():
    analysis = analyze([3, 4, 5, 4, 6, 2, 3, 2, 3], chart="c", parts=[5])
    markers = [Marker(2, "Try morning huddles", "pdsa"), Marker(5, "LS2", "learning_session")]
    svg, root = _render(analysis, markers=markers, goal=2.5, phase_reasons={5: "Huddles adopted"})

    groups = [g for g in root.iter(f"{SVG}g") if "marker" in g.get("class", "").split()]
    assert [_title_text(g) for g in groups] == [
        "PDSA cycle: Try morning huddles",
        "Learning session: LS2",
    ]
    phases = root.find(f".//{SVG}g[@class='phases']")
    assert phases is not None
    assert [_title_text(g) for g in phases] == ["Huddles adopted"]
    assert "Goal 2.5" in svg
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    legend_text = {t.text for t in legend.iter(f"{SVG}text")}
    assert {"Goal", "PDSA cycle", "Learning session", "Control limits"} <= legend_text


def test_limits_are_step_lines_that_follow_each_point():
    analysis = analyze([5, 9, 4, 12, 6], chart="p", denominators=[50, 100, 40, 120, 60])
    _, root = _render(analysis)
    limits = root.find(f".//{SVG}g[@class='limits']")
    assert limits is not None
    paths = limits.findall(f"{SVG}path")
    assert len(paths) == 2  # lcl and ucl
    ucl = paths[1].get("d", "")
    assert len(set(re.findall(r",([0-9.]+)", ucl))) == 5  # a level per denominator


def test_hostile_text_is_escaped_everywhere():
    analysis = analyze([1, 2, 30, 2, 1, 2], chart="i", exclude=[2], parts=[4])
    svg, root = _render(
        analysis,
        labels=[HOSTILE] * 6,
        title=HOSTILE,
        description=HOSTILE,
        y_label=HOSTILE,
        markers=[Marker(1, HOSTILE, "pdsa")],
        excluded_reasons={2: HOSTILE},
        phase_reasons={4: HOSTILE},
    )
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert not any(el.tag.endswith("script") for el in root.iter())
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == HOSTILE


def test_gettext_translates_user_facing_text():
    analysis = analyze([1] * 8 + [9] * 8, chart="run")
    _, root = _render(analysis, gettext=lambda text: f"«{text}»")
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    assert "«Median»" in {t.text for t in legend.iter(f"{SVG}text")}
    assert "«Part of an unusually long run" in _title_text(_point_circles(root)[0])


def test_every_colour_has_aa_contrast_on_white():
    analysis = analyze(C_VALUES, chart="c", freeze=26, exclude=[5, 19])
    svg, _ = _render(
        analysis,
        goal=15,
        markers=[Marker(3, "PDSA", "pdsa"), Marker(30, "LS", "learning_session")],
    )
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg)) - {COLOURS["background"]}
    assert used
    for colour in used | (set(COLOURS.values()) - {COLOURS["background"]}):
        assert _contrast_on_white(colour) >= 4.5, colour


def test_empty_analysis_renders_a_placeholder():
    _, root = _render(analyze([], chart="run"), labels=[])
    assert "No data yet" in {t.text for t in root.iter(f"{SVG}text")}
    assert _point_circles(root) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": ["a"]}, "labels"),
        ({"markers": [Marker(9, "late", "pdsa")]}, "outside the chart"),
        ({"markers": [Marker(0, "x", "meeting")]}, "Unknown marker kind"),
        ({"width": 50}, "at least"),
    ],
)
def test_invalid_chart_arguments(kwargs: dict[str, object], message: str):
    with pytest.raises(ValueError, match=message):
        _render(analyze([1, 2, 3]), **kwargs)


def test_chart_data_rows_mirror_the_chart():
    values = [10, 11, 9, 10, 12, 40, 11, 10, None, 12, 11, 10, 9, 10, 11]
    analysis = analyze(values, chart="i", exclude=[1])
    rows = chart_data_rows(analysis, _labels(analysis), excluded_reasons={1: "Holiday"})

    assert len(rows) == len(values)
    assert rows[0].label == "Month 1" and rows[0].y == 10
    assert rows[0].cl == analysis.points[0].cl and rows[0].ucl == analysis.points[0].ucl
    # Too few crossings (2; 3 expected) flags every useful point; point 6 is also outside.
    assert rows[0].signal == "Too few crossings of the centre line (2; at least 3 expected)"
    assert rows[1].signal == "Excluded: Holiday"
    assert rows[5].signal == "Outside the control limits; " + rows[0].signal
    assert rows[8].y is None and rows[8].signal == ""
    label, y, cl, lcl, ucl, signal = rows[5]
    assert (label, y) == ("Month 6", 40)
    with pytest.raises(ValueError, match="labels"):
        chart_data_rows(analysis, ["only one"])


def _texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def test_markers_are_numbered_on_the_axis_with_a_key_beneath_and_no_rotated_text():
    analysis = analyze([3, 4, 5, 4, 6, 2, 3, 2, 3], chart="c")
    markers = [
        Marker(5, "LS2", "learning_session"),
        Marker(2, "Try morning huddles", "pdsa"),
        Marker(2, "Greeting at the door", "pdsa"),  # the same month: stacked, not overlapping
    ]
    svg, root = _render(analysis, markers=markers)
    assert "rotate(-90" not in svg.split('class="markers"')[1]
    groups = [g for g in root.iter(f"{SVG}g") if "marker" in g.get("class", "").split()]
    # Numbered in time order; each symbol carries its number.
    assert [_texts(g) for g in groups] == [["1"], ["2"], ["3"]]
    assert _title_text(groups[2]) == "Learning session: LS2"
    circles = [g.find(f"{SVG}circle") for g in groups[:2]]
    assert circles[0].get("cx") == circles[1].get("cx")
    assert circles[0].get("cy") != circles[1].get("cy")
    assert groups[2].find(f"{SVG}path") is not None  # a diamond, not only another colour
    key = root.find(f".//{SVG}g[@class='marker-key']")
    assert key is not None
    assert [t for t in _texts(key) if ":" in t] == [
        "PDSA cycle: Try morning huddles",
        "PDSA cycle: Greeting at the door",
        "Learning session: LS2",
    ]
    # The key sits beneath the time axis labels, inside the drawing.
    axis_label_y = max(
        float(t.get("y")) for t in root.find(f".//{SVG}g[@class='axes']").iter(f"{SVG}text")
    )
    key_ys = [float(t.get("y")) for t in key.iter(f"{SVG}text") if ":" in (t.text or "")]
    assert min(key_ys) > axis_label_y
    assert max(key_ys) < float(root.get("height"))


def test_a_small_multiple_has_no_legend_and_plain_marker_symbols():
    analysis = analyze([3, 4, 5, 4, 6, 2, 3, 2, 3], chart="c")
    markers = [Marker(2, "Try morning huddles", "pdsa"), Marker(5, "LS2", "learning_session")]
    _, root = _render(analysis, markers=markers, width=300, height=160, legend=False)
    assert root.find(f".//{SVG}g[@class='legend']") is None
    assert root.find(f".//{SVG}g[@class='marker-key']") is None
    groups = [g for g in root.iter(f"{SVG}g") if "marker" in g.get("class", "").split()]
    assert len(groups) == 2
    assert all(_texts(g) == [] for g in groups)
    assert _title_text(groups[0]) == "PDSA cycle: Try morning huddles"  # still named on hover
    # The drawing keeps its text alternative.
    assert root.find(f"{SVG}desc") is not None
