"""PostgreSQL backend whose per-request health check costs no round trip.

With `CONN_HEALTH_CHECKS`, Django checks a reused connection before a request's first query by
sending `SELECT 1` and waiting for the answer: one more round trip on every request, as long as
a signed-in page's own session read. Here the check asks the operating system instead. An idle,
healthy connection has nothing waiting to be read; a server that restarted, or ended the
backend (`pg_terminate_backend`, idle timeout, failover), has sent its goodbye or closed the
socket, so the socket is readable. Only then is Django's `SELECT 1` sent, to tell a dead
connection (closed, and the request opens a new one) from one with a stray message waiting
(kept). After an error in a request, Django still runs its full `SELECT 1` check
(`close_if_unusable_or_obsolete`).
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper


def idle_socket_is_open(connection) -> bool:
    """True when the driver connection `connection` is open and nothing waits on its socket."""
    if connection.closed:
        return False
    try:
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)  # hang-ups and errors are reported whatever was asked
    except (OSError, ValueError):
        return False


class DatabaseWrapper(PostgresDatabaseWrapper):
    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if not idle_socket_is_open(self.connection) and not self.is_usable():
            self.close()
        self.health_check_done = True
