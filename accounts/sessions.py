"""Database sessions read with one plain SQL statement.

Sessions stay in PostgreSQL (see SESSION_ENGINE in settings for why not Redis). Django's store
reads the row through the ORM, whose query building cost about as much CPU as the rest of the
session handling; the row is fetched here with the same condition (key, not expired) in plain
SQL. Writing, flushing and key cycling are Django's own.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        # Names from the model's metadata, quoted; the key and the time are parameters.
        sql = "SELECT {data} FROM {table} WHERE {key} = %s AND {expiry} > %s".format(  # noqa: S608
            data=quote("session_data"),
            table=quote(model._meta.db_table),
            key=quote("session_key"),
            expiry=quote("expire_date"),
        )
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.session_key, timezone.now()])
                row = cursor.fetchone()
        except SuspiciousOperation:
            row = None
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
