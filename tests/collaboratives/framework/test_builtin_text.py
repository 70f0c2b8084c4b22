"""The built-in framework reads in the reader's language until the IT rewords it."""

import pytest
from django.utils import translation

from collaboratives.framework.builtin_text import builtin_text
from collaboratives.framework.models import PrimaryDriver


def test_shipped_wording_is_translated_and_other_text_is_left_as_written():
    with translation.override("es"):
        assert builtin_text("Reduce challenging behaviors") == "Reducir las conductas desafiantes"
        assert builtin_text("Reduce challenging behaviours, our way") == (
            "Reduce challenging behaviours, our way"
        )
        # Interface words are in another context: a driver called "Save" stays "Save".
        assert builtin_text("Save") == "Save"
        assert builtin_text("") == ""


@pytest.mark.django_db
def test_the_driver_diagram_reads_in_spanish_and_keeps_an_edited_driver(it_user, it_client, demo):
    primary = PrimaryDriver.objects.filter(framework__collaborative=demo).order_by("number")
    edited = primary[1]
    edited.name = "Habilidades sociales, a nuestra manera"
    edited.save(update_fields=["name"])
    it_user.language = "es"
    it_user.save(update_fields=["language"])
    body = it_client.get("/c/bsc-sel/framework/").content.decode()
    assert "Relaciones y ambientes" in body
    assert "Habilidades sociales, a nuestra manera" in body
    assert "Relationships and Environments" not in body
