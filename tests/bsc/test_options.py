"""Option lists and checkboxes written in Python: escaped, chosen ones marked."""

from django import forms

from bsc.options import OptionsCheckboxes, options_html


def test_options_escape_values_and_labels_and_mark_the_chosen():
    html = options_html([("a", "<b>A</b>"), ('"x"', "X & Y")], '"x"')
    assert html == (
        '<option value="a">&lt;b&gt;A&lt;/b&gt;</option>'
        '<option value="&quot;x&quot;" selected>X &amp; Y</option>'
    )


class _Pick(forms.Form):
    people = forms.MultipleChoiceField(
        choices=[(1, "Ann <IT>"), (2, "Bo")], required=False, widget=OptionsCheckboxes
    )


def test_checkboxes_sit_in_their_labels_under_the_fields_id():
    html = str(_Pick(initial={"people": [2]})["people"])
    assert html == (
        '<div id="id_people">'
        '<div><label for="id_people_0"><input id="id_people_0" name="people" '
        'type="checkbox" value="1"> Ann &lt;IT&gt;</label></div>'
        '<div><label for="id_people_1"><input id="id_people_1" name="people" '
        'type="checkbox" value="2" checked> Bo</label></div>'
        "</div>"
    )


def test_checkboxes_keep_what_was_sent_and_are_a_group():
    form = _Pick({"people": ["1"]})
    assert form.is_valid() and form.cleaned_data["people"] == ["1"]
    assert 'type="checkbox" value="1" checked>' in str(form["people"])
    assert "<fieldset>" in form.as_div()
