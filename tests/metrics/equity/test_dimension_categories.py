"""The IT sets the categories of a breakdown dimension: add, rename, reorder, and retire one
that no center has entered counts for."""

import pytest
from django.urls import reverse

from metrics.equity.models import BreakdownCategory, BreakdownDimension, SubgroupValue
from metrics.equity.services import default_dimensions_ensure


def _url(collab, dimension):
    return reverse("metrics:equity-dimension", args=[collab.slug, dimension])


def _labels(collab, dimension):
    return list(
        BreakdownCategory.objects.filter(
            dimension__collaborative=collab, dimension__slug=dimension
        ).values_list("label", flat=True)
    )


@pytest.mark.django_db
def test_settings_page_links_each_dimension_to_its_categories(it_client, demo):
    page = it_client.get(reverse("metrics:equity-settings", args=[demo.slug]))
    assert f'href="{_url(demo, "home-language")}"' in page.text
    page = it_client.get(_url(demo, "home-language"))
    assert page.status_code == 200
    labels = _labels(demo, "home-language")
    assert labels[:2] == ["English", "Spanish"]
    for label in labels:
        assert f'value="{label}"' in page.text


@pytest.mark.django_db
def test_it_adds_a_category_at_the_end(it_client, demo):
    before = _labels(demo, "home-language")
    answer = it_client.post(
        _url(demo, "home-language"),
        {
            "action": "add",
            "label": "Mandarin",
            "children_label": "Children who speak Mandarin at home",
        },
    )
    assert answer.status_code == 302
    assert _labels(demo, "home-language") == [*before, "Mandarin"]
    added = BreakdownCategory.objects.get(dimension__collaborative=demo, label="Mandarin")
    assert added.slug == "mandarin"
    assert added.children_label == "Children who speak Mandarin at home"
    page = it_client.get(_url(demo, "home-language"))
    assert 'value="Children who speak Mandarin at home"' in page.text


@pytest.mark.django_db
def test_adding_refuses_a_blank_or_repeated_label_in_place(it_client, demo):
    before = _labels(demo, "home-language")
    answer = it_client.post(
        _url(demo, "home-language"), {"action": "add", "label": "  ", "children_label": ""}
    )
    assert answer.status_code == 400
    assert "Enter the category’s label." in answer.text
    assert "Say how a sentence names these children." in answer.text
    answer = it_client.post(
        _url(demo, "home-language"),
        {"action": "add", "label": before[0].upper(), "children_label": "Some children"},
    )
    assert answer.status_code == 400
    assert "This dimension already has a category with that label." in answer.text
    # What was typed stays in the form.
    assert 'value="Some children"' in answer.text
    assert _labels(demo, "home-language") == before


@pytest.mark.django_db
def test_it_renames_a_category_and_its_counts_stay(it_client, demo):
    category = BreakdownCategory.objects.filter(
        dimension__collaborative=demo, dimension__slug="race-ethnicity", values__isnull=False
    ).first()
    values = SubgroupValue.objects.filter(category=category).count()
    assert values > 0
    answer = it_client.post(
        _url(demo, "race-ethnicity"),
        {
            "action": "rename",
            "category": category.slug,
            "label": "Renamed group",
            "children_label": "children of the renamed group",
        },
    )
    assert answer.status_code == 302
    category.refresh_from_db()
    assert (category.label, category.children_label) == (
        "Renamed group",
        "children of the renamed group",
    )
    assert SubgroupValue.objects.filter(category=category).count() == values
    answer = it_client.post(
        _url(demo, "race-ethnicity"),
        {"action": "rename", "category": category.slug, "label": "", "children_label": "x"},
    )
    assert answer.status_code == 400 and "Enter the category’s label." in answer.text
    category.refresh_from_db()
    assert category.label == "Renamed group"


@pytest.mark.django_db
def test_it_reorders_categories(it_client, demo):
    first, second, *rest = _labels(demo, "home-language")
    slug = BreakdownCategory.objects.get(
        dimension__collaborative=demo, dimension__slug="home-language", label=second
    ).slug
    answer = it_client.post(_url(demo, "home-language"), {"action": "up", "category": slug})
    assert answer.status_code == 302
    assert _labels(demo, "home-language") == [second, first, *rest]
    answer = it_client.post(_url(demo, "home-language"), {"action": "down", "category": slug})
    assert _labels(demo, "home-language") == [first, second, *rest]
    # Up from the top changes nothing.
    top = BreakdownCategory.objects.get(
        dimension__collaborative=demo, dimension__slug="home-language", label=first
    ).slug
    it_client.post(_url(demo, "home-language"), {"action": "up", "category": top})
    assert _labels(demo, "home-language") == [first, second, *rest]
    page = it_client.get(_url(demo, "home-language"))
    assert page.text.index(f'value="{first}"') < page.text.index(f'value="{second}"')


@pytest.mark.django_db
def test_it_retires_an_unused_category(it_client, demo):
    unused = (
        BreakdownCategory.objects.filter(dimension__collaborative=demo, values__isnull=True)
        .select_related("dimension")
        .first()
    )
    answer = it_client.post(
        _url(demo, unused.dimension.slug), {"action": "retire", "category": unused.slug}
    )
    assert answer.status_code == 302
    assert not BreakdownCategory.objects.filter(pk=unused.pk).exists()


@pytest.mark.django_db
def test_retiring_a_category_with_counts_is_refused_and_nothing_changes(it_client, demo):
    used = (
        BreakdownCategory.objects.filter(dimension__collaborative=demo, values__isnull=False)
        .select_related("dimension")
        .distinct()
        .first()
    )
    values = SubgroupValue.objects.filter(category=used).count()
    answer = it_client.post(
        _url(demo, used.dimension.slug), {"action": "retire", "category": used.slug}
    )
    assert answer.status_code == 400
    assert f"“{used.label}” cannot be retired: centers have entered counts for it" in answer.text
    assert 'role="alert"' in answer.text
    assert BreakdownCategory.objects.filter(pk=used.pk).exists()
    assert SubgroupValue.objects.filter(category=used).count() == values


@pytest.mark.django_db
def test_bad_actions_and_unknown_categories_are_form_errors(it_client, demo):
    for data in (
        {"action": "retire", "category": "no-such-category"},
        {"action": "explode", "category": "english"},
        {},
    ):
        answer = it_client.post(_url(demo, "home-language"), data)
        assert answer.status_code == 400
        assert "Choose a category of this dimension." in answer.text


@pytest.mark.django_db
def test_another_tenants_dimension_is_not_found(it_client, demo, other_collaborative):
    default_dimensions_ensure(other_collaborative)
    theirs = BreakdownDimension.objects.create(
        collaborative=other_collaborative, slug="their-own", name="Theirs"
    )
    BreakdownCategory.objects.create(
        dimension=theirs, slug="one", label="One", children_label="children of one"
    )
    assert it_client.get(_url(demo, "their-own")).status_code == 404
    answer = it_client.post(_url(demo, "their-own"), {"action": "retire", "category": "one"})
    assert answer.status_code == 404
    assert it_client.get(_url(other_collaborative, "their-own")).status_code == 404
    assert BreakdownCategory.objects.filter(dimension=theirs).count() == 1


@pytest.mark.django_db
def test_faculty_and_centers_cannot_set_categories(faculty_client, center_client, demo):
    before = _labels(demo, "home-language")
    for client in (faculty_client, center_client):
        assert client.get(_url(demo, "home-language")).status_code == 403
        answer = client.post(
            _url(demo, "home-language"),
            {"action": "add", "label": "Mandarin", "children_label": "Mandarin speakers"},
        )
        assert answer.status_code == 403
    assert _labels(demo, "home-language") == before


@pytest.mark.django_db
def test_an_overlong_label_is_a_form_error(it_client, demo):
    before = _labels(demo, "home-language")
    answer = it_client.post(
        _url(demo, "home-language"),
        {"action": "add", "label": "x" * 121, "children_label": "Some children"},
    )
    assert answer.status_code == 400
    assert "at most 120 characters" in answer.text
    assert _labels(demo, "home-language") == before


@pytest.mark.django_db
def test_the_categories_page_costs_the_same_queries_with_more_categories(
    it_client, demo, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = _url(demo, "race-ethnicity")
    with CaptureQueriesContext(connection) as few:
        assert it_client.get(url).status_code == 200
    dimension = BreakdownDimension.objects.get(collaborative=demo, slug="race-ethnicity")
    for n in range(8):
        BreakdownCategory.objects.create(
            dimension=dimension, slug=f"extra-{n}", label=f"Extra {n}", children_label="x"
        )
    with django_assert_max_num_queries(len(few)):
        assert "Extra 7" in it_client.get(url).text
