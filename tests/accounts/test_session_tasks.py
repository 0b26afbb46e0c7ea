from datetime import timedelta

from django.utils import timezone

from accounts.models import Session
from accounts.roles import Role
from accounts.tasks import BEAT_SCHEDULE, sessions_clear_expired_task
from cigem.celery import app


def test_expired_sessions_are_removed_and_live_ones_kept(make_user, client_as):
    client_as(make_user(Role.COUNSELLOR))
    live = Session.objects.get()
    store = Session.get_session_store_class()()
    store["x"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    assert sessions_clear_expired_task() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_the_nightly_clean_up_is_scheduled():
    app.finalize()
    entry = BEAT_SCHEDULE["accounts-sessions-clear-expired"]
    assert app.conf.beat_schedule["accounts-sessions-clear-expired"]["task"] == entry["task"]
    assert entry["task"] in app.tasks
