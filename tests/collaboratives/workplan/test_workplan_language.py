"""The Appendix C/D template is written into the workplan in the collaborative's language."""

import pytest
from django.utils import translation

from bsc.tenancy import get_access
from collaboratives.workplan.models import WorkplanTask
from collaboratives.workplan.template import template_apply


@pytest.mark.django_db
def test_the_template_writes_tasks_in_the_collaboratives_language(it_user, demo):
    demo.default_language = "es"
    demo.save(update_fields=["default_language"])
    WorkplanTask.objects.filter(collaborative=demo).exclude(template_key="").delete()
    with translation.override("en"):  # the IT member's own page language does not matter
        added = template_apply(access=get_access(it_user, demo.slug))
    assert added > 0
    logistics = WorkplanTask.objects.filter(collaborative=demo, template_key="ls-logistics")
    task = logistics.select_related("anchor_event").first()
    assert task.title.startswith("Planificar la logística")
    assert task.timeframe == "16 semanas antes de la Sesión de Aprendizaje"
    assert task.key_activity.startswith("Planificar y realizar la Sesión de Aprendizaje")
    assert task.responsibility == "Equipo de Implementación"
