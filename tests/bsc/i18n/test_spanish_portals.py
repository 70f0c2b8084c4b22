"""Each portal's home, the admin, an e-mail and a PDF, read in Spanish."""

import re
from html import unescape

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from pypdf import PdfReader

from bsc.models import Notification, User

PO = f"{settings.BASE_DIR}/locale/es/LC_MESSAGES/django.po"


def _spanish(user: User) -> None:
    user.language = "es"
    user.save(update_fields=["language"])


def _english_left_over(english: str, spanish: str) -> list[str]:
    """Interface strings (of some length) shown on the English page and still on the Spanish one."""
    texts = []
    for entry in polib.pofile(PO):
        msgid = entry.msgid
        if entry.msgid_plural or "%" in msgid or len(msgid) < 12 or entry.msgstr == msgid:
            continue
        if msgid in english and msgid in spanish:
            texts.append(msgid)
    return texts


def _data_removed(html: str) -> str:
    """The page's text without what people typed (the demo's event titles, round names, group
    names and outreach notes are its Implementation Team's own, in English)."""
    from centers.assessments.models import AssessmentRound
    from collaboratives.schedule.models import Event

    text = unescape(re.sub(r"<[^>]+>", " ", html))
    typed = [*Event.objects.values_list("title", flat=True)]
    typed += AssessmentRound.objects.values_list("name", flat=True)
    typed += User.objects.values_list("full_name", flat=True)
    from centers.selection.models import OutreachContact
    from collaboratives.affinity.models import AffinityGroup

    typed += AffinityGroup.objects.values_list("name", flat=True)
    typed += AffinityGroup.objects.values_list("description", flat=True)
    typed += OutreachContact.objects.values_list("prospect", flat=True)
    typed += OutreachContact.objects.values_list("next_step", flat=True)
    typed += OutreachContact.objects.values_list("notes", flat=True)
    for value in sorted(set(typed), key=len, reverse=True):
        text = text.replace(value, " ")
    return text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("it", "Panel del Equipo de Implementación"),
        ("faculty", "Inicio de los asesores"),
        ("center", "Inicio del centro — Sunrise Child Development Center"),
        ("leader", "Vista del líder principal — Sunrise Child Development Center"),
    ],
)
def test_each_portal_home_is_in_spanish(request, who, heading):
    user = request.getfixturevalue(f"{who}_user")
    client = request.getfixturevalue(f"{who}_client")
    english = client.get("/c/bsc-sel/").content.decode()
    _spanish(user)
    spanish = client.get("/c/bsc-sel/").content.decode()
    assert '<html lang="es">' in spanish
    assert heading in spanish and "Cerrar sesión" in spanish
    assert _english_left_over(_data_removed(english), _data_removed(spanish)) == []


@pytest.mark.django_db
def test_the_admin_home_is_in_spanish(client_for):
    admin = User.objects.create_superuser("root@example.org", "root-pass-123", language="es")
    body = client_for(admin).get("/admin/").content.decode()
    assert 'lang="es"' in body and "Sitio administrativo" in body


@pytest.mark.django_db
def test_a_reminder_e_mail_is_in_the_recipients_language(it_user, first_center, demo):
    import datetime

    from bsc.notifications import deliver_pending
    from bsc.tenancy import get_access
    from collaboratives.membership.models import Membership
    from metrics.completeness.services import reminder_recipients, reminder_send_now

    spanish = reminder_recipients(first_center)[0]
    _spanish(spanish)
    assert Membership.objects.filter(user=spanish, center=first_center).exists()
    month = datetime.date(2026, 3, 1)
    with translation.override("en"):
        reminder_send_now(
            access=get_access(it_user, demo.slug),
            center=first_center,
            month=month,
            today=datetime.date(2026, 4, 20),
        )
    deliver_pending()
    sent = {message.to[0]: message for message in mail.outbox}
    to_spanish = sent[spanish.email]
    assert to_spanish.subject == (f"Envíe los indicadores de {first_center.name} de marzo de 2026")
    assert "El Equipo de Implementación está esperando" in to_spanish.body
    # The IT member who sent it reads English: the recipient's language, not theirs, counts.
    assert all(m.subject.startswith("Please submit") for m in mail.outbox if m is not to_spanish)
    assert Notification.objects.filter(recipient=spanish, kind="metric_reminder_manual").exists()


@pytest.mark.django_db
def test_an_invitation_to_a_newcomer_is_in_the_collaboratives_language(
    it_client, demo, django_capture_on_commit_callbacks
):
    demo.default_language = "es"
    demo.save(update_fields=["default_language"])
    with django_capture_on_commit_callbacks(execute=True):
        response = it_client.post(
            "/c/bsc-sel/members/invite/",
            {"email": "nueva@example.org", "role": "faculty"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code in (200, 302)
    message = mail.outbox[-1]
    assert message.to == ["nueva@example.org"]
    assert message.subject == f"Le invitamos a {demo.name}"
    assert "Abra este enlace para aceptar:" in message.body


@pytest.mark.django_db
def test_a_report_pdf_is_built_in_each_readers_language(leader_user, first_center, demo):
    import datetime

    from metrics.reports.models import Report
    from metrics.reports.services import report_build, report_get_or_create

    _spanish(leader_user)
    report = report_get_or_create(
        demo, Report.Kind.CENTER_METRICS, datetime.date(2026, 3, 1), first_center
    )
    report_build(report, announce=False)
    files = {f.language: f for f in report.files.all()}
    assert set(files) == {"en", "es"}
    spanish = files["es"]
    assert "Informe mensual de indicadores" in spanish.html and "marzo de 2026" in spanish.html
    assert "Monthly metric report" in files["en"].html
    # Read the catalogue through a PDF parser: a regex over compressed object streams
    # cuts a stream short whenever its last byte happens to be a carriage return.
    with spanish.file.open("rb") as pdf:
        catalogue = PdfReader(pdf).trailer["/Root"]
    assert catalogue["/Lang"] == "es"
