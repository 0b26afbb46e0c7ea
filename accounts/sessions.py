"""Database sessions whose read also returns the signed-in person and their roles.

Sessions stay in PostgreSQL (see SESSION_ENGINE in settings for why not Redis). The table is
`accounts.Session`: Django's session row plus the person's id as a column, written on every
save from the session's data. Reading a session is one plain SQL statement that also joins the
person and their role names (`accounts.backends.user_columns`); the person is kept on the store
as `session_user`, and `PortalBackend.get_user` takes it from there instead of asking the
database again. Django's own checks still run on it: the id in the session's data must be this
person's, the account must be active, and the session's password hash must match.

Writing, flushing and key cycling are Django's own.
"""

from functools import lru_cache

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone

from accounts.backends import USER_COLUMN_COUNT, user_columns, user_from_row
from accounts.models import Session, User


class SessionStore(DatabaseSessionStore):
    session_user = None  # the person joined to the session row when it was read

    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.user_id = _user_id(data.get(SESSION_KEY))
        return instance

    def _get_session_from_db(self):
        db = router.db_for_read(self.model)
        connection = connections[db]
        sql, with_person = _statement(db)
        self.session_user = None
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.session_key, timezone.now()])
                row = cursor.fetchone()
        except SuspiciousOperation:
            row = None
        if row is None:
            self._session_key = None
            return None
        if with_person:
            self.session_user = user_from_row(db, row[1 : 1 + USER_COLUMN_COUNT])
        return self.model(session_key=self.session_key, session_data=row[0])


@lru_cache(maxsize=8)
def _statement(db: str) -> tuple[str, bool]:
    """The session read for database `db`, and whether it joins the person."""
    quote = connections[db].ops.quote_name
    person = user_columns(db, "u")
    # Names from the models' metadata, quoted; the key and the time are parameters.
    sql = f"SELECT s.{quote('session_data')}"
    if person:
        sql += f", {person}"
    sql += f" FROM {quote(Session._meta.db_table)} s"
    if person:
        user_table, user_pk = quote(User._meta.db_table), quote(User._meta.pk.column)
        sql += f" LEFT JOIN {user_table} u ON u.{user_pk} = s.{quote('user_id')}"
    sql += f" WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    return sql, person is not None


def _user_id(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
