"""Named people across two tenants, shared by every test.

Tenant A (organization "Culture of Continuous Learning", collaborative BSC-SEL) and tenant B
("Riverside Early Learning Network") come from the demo loader, so every issue's demo content
is there to test against: `it_user`, `faculty_user`, `center_user` (team leader of the first
center), `leader_user` (its senior leader), `other_center_user` (a teacher of the second center)
and `outsider` (IT of tenant B only).
"""

import pytest
from django.core.management import call_command
from django.test import Client

from bsc.models import User


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def demo(db):
    from collaboratives.models import Collaborative

    return Collaborative.objects.get(slug="bsc-sel")


@pytest.fixture
def other_collaborative(db):
    from collaboratives.models import Collaborative

    return Collaborative.objects.get(slug="riverside-families")


@pytest.fixture
def first_center(demo):
    return demo.centers.get(slug="sunrise")


@pytest.fixture
def second_center(demo):
    return demo.centers.get(slug="maple-street")


def _user(email: str) -> User:
    return User.objects.get(email=email)


@pytest.fixture
def it_user(db):
    return _user("it@demo.test")


@pytest.fixture
def faculty_user(db):
    return _user("faculty@demo.test")


@pytest.fixture
def center_user(db):
    return _user("center@demo.test")


@pytest.fixture
def leader_user(db):
    return _user("leader@demo.test")


@pytest.fixture
def other_center_user(db):
    return _user("maple-street-teacher1@demo.test")


@pytest.fixture
def outsider(db):
    return _user("other@demo.test")


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def it_client(it_user):
    return _client_for(it_user)


@pytest.fixture
def faculty_client(faculty_user):
    return _client_for(faculty_user)


@pytest.fixture
def center_client(center_user):
    return _client_for(center_user)


@pytest.fixture
def leader_client(leader_user):
    return _client_for(leader_user)


@pytest.fixture
def other_center_client(other_center_user):
    return _client_for(other_center_user)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def client_for():
    return _client_for
