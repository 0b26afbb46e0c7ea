"""Authentication backend that loads the person and their roles in one query.

Every signed-in request loads the user from the session; the role checks and the menu then need
the person's groups. Django's ModelBackend reads the user through the ORM and the roles come in a
second query. Here one SQL statement returns the user's row and their group names, so a request
pays one round trip and no query compilation for who is asking (measured: see docs/architecture.md,
"Measured lessons"). The roles are read fresh on every request: a role taken away takes effect
on the next click.
"""

from functools import lru_cache

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from accounts.models import User

PATH = "accounts.backends.PortalBackend"

# The group names joined with a separator no group name contains (roles are slugs).
_ROLES_SQL = {
    "postgresql": "ARRAY(SELECT g.name FROM {through} ug JOIN auth_group g ON g.id = ug.group_id"
    " WHERE ug.user_id = u.id)",
    "sqlite": "(SELECT group_concat(g.name, ',') FROM {through} ug"
    " JOIN auth_group g ON g.id = ug.group_id WHERE ug.user_id = u.id)",
}


@lru_cache(maxsize=8)
def _statement(db: str) -> tuple[str, tuple[str, ...]] | None:
    """The SQL for database `db` and the model columns it selects, or None if unsupported."""
    connection = connections[db]
    roles_sql = _ROLES_SQL.get(connection.vendor)
    if roles_sql is None:
        return None
    quote = connection.ops.quote_name
    columns = tuple(field.attname for field in User._meta.concrete_fields)
    # Names come from the model's metadata and are quoted; the id is a parameter.
    sql = "SELECT {cols}, {roles} FROM {table} u WHERE u.{pk} = %s".format(  # noqa: S608
        cols=", ".join(f"u.{quote(field.column)}" for field in User._meta.concrete_fields),
        roles=roles_sql.format(through=quote(User.groups.through._meta.db_table)),
        table=quote(User._meta.db_table),
        pk=quote(User._meta.pk.column),
    )
    return sql, columns


def user_with_roles(user_id) -> User | None:
    """The user with primary key `user_id`, with `roles` already filled, or None."""
    db = router.db_for_read(User)
    statement = _statement(db)
    if statement is None:  # another database: the ORM's two queries
        return User._default_manager.using(db).filter(pk=user_id).first()
    sql, columns = statement
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    user = User.from_db(db, columns, row[:-1])
    names = row[-1]
    if isinstance(names, str) or names is None:
        names = [name for name in (names or "").split(",") if name]
    user.__dict__["roles"] = frozenset(names)  # fills User.roles (a cached_property)
    return user


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:
            return None
        user = user_with_roles(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
