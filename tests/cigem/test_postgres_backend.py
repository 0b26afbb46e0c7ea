"""The PostgreSQL backend's health check: a healthy connection is kept, an ended one replaced.

Each test opens its own connection wrapper (not the test's transaction) and ends its server
process from the test's connection with `pg_terminate_backend`, as a restart or an idle timeout
would.
"""

import time

import pytest
from django.db import connection, connections

from cigem.postgres.base import idle_socket_is_open

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_wrapper():
    wrapper = connections.create_connection("default")
    wrapper.settings_dict["CONN_HEALTH_CHECKS"] = True
    yield wrapper
    wrapper.close()


def _backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        # The server ends the process a moment later; wait until it is gone.
        for _ in range(200):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.01)
    raise AssertionError(f"backend {pid} still running")


def _next_request(wrapper) -> None:
    """What Django does between two requests on a persistent connection."""
    wrapper.close_if_unusable_or_obsolete()


def test_a_healthy_idle_connection_is_kept_across_requests(own_wrapper):
    pid = _backend_pid(own_wrapper)
    assert idle_socket_is_open(own_wrapper.connection)
    _next_request(own_wrapper)
    assert _backend_pid(own_wrapper) == pid


def test_a_connection_ended_by_the_server_is_replaced_before_the_next_query(own_wrapper):
    pid = _backend_pid(own_wrapper)
    _terminate(pid)
    assert not idle_socket_is_open(own_wrapper.connection)
    _next_request(own_wrapper)
    new_pid = _backend_pid(own_wrapper)  # no error: the check reconnected first
    assert new_pid != pid


def test_without_health_checks_the_ended_connection_fails_the_query(own_wrapper):
    """The counter-test: the check above is what saves the query."""
    from django.db import OperationalError

    own_wrapper.health_check_enabled = False
    pid = _backend_pid(own_wrapper)
    _terminate(pid)
    _next_request(own_wrapper)
    own_wrapper.health_check_enabled = False  # close_if_unusable_or_obsolete does not reset it
    with pytest.raises(OperationalError):
        _backend_pid(own_wrapper)


def test_a_closed_driver_connection_is_not_healthy(own_wrapper):
    own_wrapper.ensure_connection()
    raw = own_wrapper.connection
    raw.close()
    assert not idle_socket_is_open(raw)


def test_a_message_waiting_on_a_live_connection_does_not_replace_it(own_wrapper):
    """A readable socket is confirmed with SELECT 1 before the connection is dropped."""
    with own_wrapper.cursor() as cursor:
        cursor.execute("LISTEN cigem_probe")
    pid = _backend_pid(own_wrapper)
    with connection.cursor() as cursor:
        cursor.execute("NOTIFY cigem_probe")
    for _ in range(200):  # the notification reaches the idle connection's socket
        if not idle_socket_is_open(own_wrapper.connection):
            break
        time.sleep(0.01)
    assert not idle_socket_is_open(own_wrapper.connection)
    _next_request(own_wrapper)
    assert _backend_pid(own_wrapper) == pid
