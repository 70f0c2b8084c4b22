"""The OpenAPI schema tells the truth: schemathesis generates requests from it for every
operation, sends them to the app in process as the demo IT member, and runs every check on
the answers (no server error, documented status codes, content types, headers and bodies,
valid input accepted, invalid input refused)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

from bsc.wsgi import application
from collaboratives.membership.models import Collaborative
from metrics.values.models import MetricValue
from pdsa.board.models import Post
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.models import Comment

pytestmark = [pytest.mark.django_db, pytest.mark.schema]

MAX_EXAMPLES = 10
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_schema())
schema.app = application


@pytest.fixture(autouse=True)
def keep_connection():
    """Calling the WSGI app sends request_started/finished, whose close_old_connections would
    close the test's connection (PostgreSQL) mid-transaction; Django's test client unhooks it
    the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def it_token(it_user):
    return Token.objects.get_or_create(user=it_user)[0].key


@pytest.fixture
def demo_path(demo: Collaborative) -> dict[str, str]:
    """Path arguments naming objects of the demo collaborative, so generated requests reach
    the views rather than stopping at a 404 for a random slug."""
    value = MetricValue.objects.filter(center__collaborative=demo, center__slug="sunrise")[0]
    return {
        "slug": demo.slug,
        "center": "sunrise",
        "metric": value.metric.slug,
        "month": value.month.strftime("%Y-%m"),
        "round": str(demo.assessment_rounds.order_by("number").first().number),
        "event": str(demo.events.order_by("pk").first().public_id),
        "task": str(demo.workplan_tasks.order_by("pk").first().public_id),
        "ramp": str(Ramp.objects.filter(center__collaborative=demo).order_by("pk")[0].public_id),
        "cycle": str(
            Cycle.objects.filter(ramp__center__collaborative=demo).order_by("pk")[0].public_id
        ),
        "post": str(Post.objects.filter(collaborative=demo).order_by("pk")[0].public_id),
        "comment": str(Comment.objects.filter(collaborative=demo).order_by("pk")[0].public_id),
        "theme": str(demo.themes.order_by("pk").first().public_id),
        "newsletter": str(demo.newsletters.order_by("pk").first().public_id),
        "group": str(demo.affinity_groups.order_by("pk").first().public_id),
    }


def _use_demo_path(case, demo_path: dict[str, str]) -> None:
    """Point a case at demo objects unless its path was made invalid on purpose."""
    component = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if not case.path_parameters or (component and component.mode != GenerationMode.POSITIVE):
        return
    for name in case.path_parameters:
        if name in demo_path:
            case.path_parameters[name] = demo_path[name]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_schema(case, it_token, demo_path):
    _use_demo_path(case, demo_path)
    excluded = []
    if case.method in UNSAFE:
        # A body names other objects by id (centers, drivers, events, members) and carries
        # rules across fields (an end after its start, dates within the collaborative's years,
        # a task owner on the Implementation Team) that JSON Schema cannot state, so valid-looking
        # bodies are rightly refused with 400.
        excluded.append(positive_data_acceptance)
        if case.media_type != "application/json":
            # Form fields are all strings: a "wrong type" cannot be sent, so a mutation of the
            # type is read as a valid value (e.g. "0" as false).
            excluded.append(negative_data_rejection)
    # Without `checks`, schemathesis runs every check its configuration enables: all of them
    # by default (server errors, status codes, content types, headers, response bodies,
    # negative and positive data, missing headers, unsupported methods, Allow headers,
    # use after free, ignored auth, object-level authorization).
    case.call_and_validate(headers={"Authorization": f"Token {it_token}"}, excluded_checks=excluded)
