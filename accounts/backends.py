"""Authentication backend that loads the person and their roles in one query.

Every signed-in request loads the user from the session; the role checks and the menu then need
the person's groups. Django's ModelBackend reads the user through the ORM and the roles come in a
second query. Here one SQL statement returns the user's row and their group names; on a page
request that statement is the session's own (`accounts.sessions` joins the person to the session
row), so who is asking costs no round trip of its own and no query compilation (measured: see
docs/architecture.md, "Measured lessons"). The roles are read fresh on every request: a role
taken away takes effect on the next click.
"""

from contextvars import ContextVar
from functools import lru_cache

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from accounts.models import User

PATH = "accounts.backends.PortalBackend"

# The group names joined with a separator no group name contains (roles are slugs).
_ROLES_SQL = {
    "postgresql": "ARRAY(SELECT g.name FROM {through} ug JOIN auth_group g ON g.id = ug.group_id"
    " WHERE ug.user_id = {alias}.id)",
    "sqlite": "(SELECT group_concat(g.name, ',') FROM {through} ug"
    " JOIN auth_group g ON g.id = ug.group_id WHERE ug.user_id = {alias}.id)",
}

# The session store of the request being authenticated, set by
# accounts.middleware.AuthenticationMiddleware while Django's `auth.get_user` runs.
current_session: ContextVar = ContextVar("current_session", default=None)


@lru_cache(maxsize=16)
def user_columns(db: str, alias: str) -> str | None:
    """SELECT list of the user's columns and roles from table alias `alias`, or None.

    The row it selects is turned back into a user by `user_from_row`. None when the database has
    no statement for the roles (then the ORM's two queries are used).
    """
    connection = connections[db]
    roles_sql = _ROLES_SQL.get(connection.vendor)
    if roles_sql is None:
        return None
    quote = connection.ops.quote_name
    cols = ", ".join(f"{alias}.{quote(field.column)}" for field in User._meta.concrete_fields)
    roles = roles_sql.format(through=quote(User.groups.through._meta.db_table), alias=alias)
    return f"{cols}, {roles}"


_ATTNAMES = [field.attname for field in User._meta.concrete_fields]
_PK_INDEX = _ATTNAMES.index(User._meta.pk.attname)
USER_COLUMN_COUNT = len(_ATTNAMES) + 1  # the fields, then the roles


def user_from_row(db: str, row) -> User | None:
    """The user in `row` (as selected by `user_columns`), with `roles` filled; None if no user."""
    if row[_PK_INDEX] is None:  # an outer join found no one
        return None
    user = User.from_db(db, _ATTNAMES, row[:-1])
    names = row[-1]
    if isinstance(names, str) or names is None:
        names = [name for name in (names or "").split(",") if name]
    user.__dict__["roles"] = frozenset(names)  # fills User.roles (a cached_property)
    return user


def user_with_roles(user_id) -> User | None:
    """The user with primary key `user_id`, with `roles` already filled, or None."""
    db = router.db_for_read(User)
    columns = user_columns(db, "u")
    if columns is None:  # another database: the ORM's two queries
        return User._default_manager.using(db).filter(pk=user_id).first()
    connection = connections[db]
    quote = connection.ops.quote_name
    # Names come from the model's metadata and are quoted; the id is a parameter.
    table, pk = quote(User._meta.db_table), quote(User._meta.pk.column)
    sql = f"SELECT {columns} FROM {table} u WHERE u.{pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    return None if row is None else user_from_row(db, row)


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:
            return None
        session = current_session.get()
        user = getattr(session, "session_user", None)
        if user is None or user.pk != pk:  # not read with the session (or another person)
            user = user_with_roles(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
