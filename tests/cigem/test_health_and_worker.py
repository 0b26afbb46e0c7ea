"""/healthz reports database and broker; a real Celery worker runs a task on the test database."""

import uuid

import pytest
from django.urls import reverse


def test_healthz_answers_200_when_database_and_broker_answer(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_broker_is_down(client, db):
    from cigem.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"


def test_healthz_skips_the_broker_in_eager_mode(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert client.get(reverse("healthz")).json()["broker"].startswith("skipped")


@pytest.mark.worker
def test_a_real_worker_runs_a_task_against_the_test_database(start_worker, make_user):
    from cigem.tasks import probe

    make_user("counsellor")
    make_user("manager")
    start_worker()
    token = uuid.uuid4().hex
    result = probe.delay(token).get(timeout=60)
    assert result["token"] == token
    assert result["database"] == "ok"
    assert result["users"] == 2  # it read the rows this test wrote


def test_queues_and_serialisation_are_configured():
    from cigem.celery import app

    assert {q.name for q in app.conf.task_queues} == {"default", "campaigns", "exports"}
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
    assert app.conf.beat_scheduler.startswith("django_celery_beat")
