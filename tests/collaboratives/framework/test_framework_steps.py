"""The framework editor in steps: one primary driver at a time with "Driver 2 of 5", and each
part saved as you go, answering in its own live region without replacing the editor."""

import pytest
from django.urls import reverse

from collaboratives.framework.models import DriverRevision, PrimaryDriver, SecondaryDriver

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _autosave(client, url: str, **fields: str):
    """A change in one part of the editor, posted by htmx as the editor's script does."""
    return client.post(url, {"autosave": "1", **fields}, **HTMX)


def _edit_url(demo) -> str:
    return reverse("collaboratives:framework-edit", args=[demo.slug])


def test_editor_shows_each_primary_driver_as_a_step_with_its_place(it_client, demo):
    body = it_client.get(_edit_url(demo)).content.decode()
    total = PrimaryDriver.objects.filter(framework__collaborative=demo).count()
    assert 'class="steps-nav"' in body
    for n in range(1, total + 1):
        assert f'id="step-{n}"' in body
        assert f"Driver {n} of {total}" in body
    assert 'href="#step-2">Next driver</a>' in body


def test_editor_steps_read_in_spanish(it_client, it_user, demo):
    it_user.language = "es"
    it_user.save(update_fields=["language"])
    body = it_client.get(_edit_url(demo)).content.decode()
    assert 'lang="es"' in body
    assert "Impulsor 2 de 5" in body
    assert "Siguiente impulsor" in body


def test_a_changed_secondary_driver_is_saved_as_you_go(it_client, demo, it_user):
    driver = SecondaryDriver.objects.filter(primary__framework__collaborative=demo).first()
    url = reverse("collaboratives:secondary-change", args=[demo.slug, driver.public_id])
    response = _autosave(
        it_client, url, action="save", text="Greet every family by name", assessment_text=""
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saved at" in body
    assert 'id="ccf-editor"' not in body  # only the live region answers
    driver.refresh_from_db()
    assert driver.text == "Greet every family by name"
    assert DriverRevision.objects.filter(secondary=driver, action="changed").exists()


def test_a_refused_autosave_says_why_and_keeps_the_old_wording(it_client, demo):
    driver = SecondaryDriver.objects.filter(primary__framework__collaborative=demo).first()
    before = driver.text
    url = reverse("collaboratives:secondary-change", args=[demo.slug, driver.public_id])
    response = _autosave(it_client, url, action="save", text="", assessment_text="")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Not saved yet:" in body
    assert f'href="#st-{driver.public_id}"' in body
    driver.refresh_from_db()
    assert driver.text == before


def test_primary_driver_and_need_save_as_you_go(it_client, demo):
    primary = PrimaryDriver.objects.filter(framework__collaborative=demo).first()
    url = reverse("collaboratives:primary-change", args=[demo.slug, primary.public_id])
    response = _autosave(
        it_client, url, action="save", name="Relationships", full_name="", description=""
    )
    assert "Saved at" in response.content.decode()
    primary.refresh_from_db()
    assert primary.name == "Relationships"
    response = _autosave(it_client, _edit_url(demo), need="More calm classrooms", opportunity="")
    assert "Saved at" in response.content.decode()
    demo.framework.refresh_from_db()
    assert demo.framework.need == "More calm classrooms"


def test_autosave_is_refused_to_a_center_member(center_client, demo):
    driver = SecondaryDriver.objects.filter(primary__framework__collaborative=demo).first()
    url = reverse("collaboratives:secondary-change", args=[demo.slug, driver.public_id])
    response = _autosave(center_client, url, text="x")
    assert response.status_code in (403, 404)
    driver.refresh_from_db()
    assert driver.text != "x"
