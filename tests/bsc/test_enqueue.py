"""bsc.enqueue: a broker that refuses never raises into the request, and after one refusal the
next enqueues of the process skip it for a while; in process (eager) the task's own errors
stay visible."""

import pytest

from bsc import enqueue as module
from bsc.celery import app
from bsc.enqueue import enqueue, forget_broker_failure
from bsc.tasks import ping


@pytest.fixture
def not_eager():
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    forget_broker_failure()
    yield
    app.conf.task_always_eager = before
    forget_broker_failure()


def test_a_refusing_broker_is_tried_once_then_skipped(not_eager, monkeypatch):
    calls = []

    def refuse(args, **options):
        calls.append(options)
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(ping, "apply_async", refuse)
    assert enqueue(ping, "a") is False
    assert enqueue(ping, "b") is False
    # One attempt, without publish retries and without waiting on a result subscription.
    assert calls == [{"retry": False, "ignore_result": True}]
    forget_broker_failure()
    assert enqueue(ping, "c") is False
    assert len(calls) == 2


def test_the_skip_ends_after_a_few_seconds(not_eager, monkeypatch):
    sent = []
    monkeypatch.setattr(ping, "apply_async", lambda args, **options: sent.append(args))
    monkeypatch.setattr(module, "_skip_until", 100.0)
    monkeypatch.setattr(module.time, "monotonic", lambda: 99.0)
    assert enqueue(ping, "x") is False
    monkeypatch.setattr(module.time, "monotonic", lambda: 100.5)
    assert enqueue(ping, "x") is True
    assert sent == [("x",)]


def test_in_process_the_task_runs_and_its_errors_propagate(monkeypatch):
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        assert enqueue(ping, "here") is True

        def broken(args, **options):
            raise ValueError("a bug in the task")

        monkeypatch.setattr(ping, "apply_async", broken)
        with pytest.raises(ValueError, match="a bug in the task"):
            enqueue(ping, "here")
    finally:
        app.conf.task_always_eager = before
