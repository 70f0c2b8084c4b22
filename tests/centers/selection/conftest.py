import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from bsc.tenancy import get_access
from centers.selection import services
from centers.selection.appendix_i import QUESTIONS
from centers.selection.models import Application, ApplicationPeriod

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def complete_post():
    return _complete_post


@pytest.fixture
def make_submitted():
    return _make_submitted


@pytest.fixture
def apply_url():
    return _apply_url


def _complete_post(**overrides: Any) -> dict[str, Any]:
    """Everything a submission needs, as the form posts it."""
    data: dict[str, Any] = {
        "center_name": "Acorn Early Learning",
        "center_type": "stand_alone",
        "age_groups": ["toddlers", "preschool"],
        "address": "12 Elm Street",
        "city": "Springfield",
        "state": "IL",
        "zip_code": "62701",
        "community": "urban",
        "director_name": "Dora Director",
        "senior_leader_name": "Sam Senior",
        "senior_leader_title": "Executive director",
        "senior_leader_email": "sam.senior@acorn.test",
        "contact_name": "Kim Contact",
        "contact_email": "kim.contact@acorn.test",
        "d_total": "50",
        "d_age_toddlers": "20",
        "d_age_preschool": "30",
        "team_0_name": "Tara Leader",
        "team_0_email": "tara@acorn.test",
        "team_0_role": "team_leader",
        "team_1_name": "Terry Teacher",
        "team_1_email": "terry@acorn.test",
        "team_1_role": "teacher",
        "team_2_name": "Fran Family",
        "team_2_email": "fran@acorn.test",
        "team_2_role": "family_representative",
        "letter": letter(),
        "action": "submit",
    }
    for question in QUESTIONS:
        data[f"q_{question['key']}"] = f"Our answer about {question['title'].lower()}."
    data.update(overrides)
    return data


@pytest.fixture
def open_period(demo) -> ApplicationPeriod:
    return demo.application_periods.get(name="Spring cohort applications")


@pytest.fixture
def it_access(it_user, demo):
    return get_access(it_user, demo.slug)


@pytest.fixture
def faculty_access(faculty_user, demo):
    return get_access(faculty_user, demo.slug)


def _apply_url(period: ApplicationPeriod) -> str:
    return f"/c/{period.collaborative.slug}/apply/{period.token}/"


@pytest.fixture
def submitted(open_period) -> Application:
    """A complete application, submitted through the services."""
    data = {
        "center_name": "Acorn Early Learning",
        "center_type": "stand_alone",
        "age_groups": ["preschool"],
        "community": "rural",
        "senior_leader_name": "Sam Senior",
        "senior_leader_email": "sam.senior@acorn.test",
        "contact_name": "Kim Contact",
        "contact_email": "kim.contact@acorn.test",
        "answers": {q["key"]: "An answer." for q in open_period.questions},
        "team": [
            {"name": "Tara Leader", "email": "tara@acorn.test", "center_role": "team_leader"},
            {"name": "Terry Teacher", "email": "terry@acorn.test", "center_role": "teacher"},
            {
                "name": "Fran Family",
                "email": "fran@acorn.test",
                "center_role": "family_representative",
            },
        ],
        "readiness": {"pyramid_training": True, "leader_commitment": True},
    }
    application = services.application_save(period=open_period, data=data, letter=letter())
    return services.application_submit(application)


def _make_submitted(period: ApplicationPeriod, name: str) -> Application:
    application = Application.objects.create(
        period=period,
        collaborative=period.collaborative,
        center_name=name,
        center_type="head_start",
        age_groups=["preschool"],
        contact_email=f"{name.lower().replace(' ', '')}@example.org",
        status=Application.Status.SUBMITTED,
        submitted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    return application
