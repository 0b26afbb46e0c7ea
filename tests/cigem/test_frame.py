"""The page frame rendered once per language and role set, and the one-query user and session.

The header is cached with markers where the CSRF token, the current path and the person's name
go; these tests check that what is filled in per request is right, escaped and not shared
between people, languages or roles, and that the cheaper user and session loading keeps
Django's rules (expiry, inactive accounts, roles taken away, logout).
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import PATH, user_with_roles
from accounts.models import Session
from accounts.roles import Role

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def test_the_header_carries_this_persons_name_escaped_and_their_menu(make_user, client_as):
    counsellor = make_user(Role.COUNSELLOR, full_name="<b>Awa</b> Traoré")
    manager = make_user(Role.MANAGER, full_name="Oumar Keïta")
    counsellor_header = _header(client_as(counsellor).get(reverse("home")).content.decode())
    manager_header = _header(client_as(manager).get(reverse("home")).content.decode())

    assert "&lt;b&gt;Awa&lt;/b&gt;" in counsellor_header
    assert "<b>Awa</b>" not in counsellor_header
    assert "Oumar" in manager_header and "Awa" not in manager_header
    audit = reverse("accounts:audit-list")
    assert audit in manager_header and audit not in counsellor_header
    assert "cigemslot" not in counsellor_header + manager_header


def test_the_language_switcher_returns_to_this_page_escaped(client):
    html = client.get('/?q="><script>alert(1)</script>').content.decode()
    header = _header(html)
    assert "<script>alert(1)" not in header
    assert 'name="next" type="hidden" value="/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"' in header


def test_the_header_csrf_token_is_this_visitors_and_works(client):
    """The token in the cached header is filled per request: posting the switcher with it
    changes the language, and a second visitor gets a token for their own cookie."""
    from django.test import Client

    html = client.get(reverse("home")).content.decode()
    tokens = TOKEN.findall(_header(html))
    assert len(tokens) == 1  # a visitor's header has the language form only
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    response = strict.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"

    other = Client(enforce_csrf_checks=True)
    other.get(reverse("home"))
    refused = other.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": "x" * 64}
    )
    assert refused.status_code == 403


def test_the_logout_form_in_the_header_logs_out(make_user):
    from django.test import Client

    user = make_user(Role.COUNSELLOR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend=PATH)
    header = _header(client.get(reverse("home")).content.decode())
    tokens = TOKEN.findall(header)
    assert len(tokens) == 2  # language switcher and logout
    assert (
        client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens[1]}).status_code
        == 302
    )
    assert client.get(reverse("reception:candidate-list")).status_code == 302  # to the login page


def test_french_and_english_headers_are_not_mixed(make_user, client_as):
    client = client_as(make_user(Role.COUNSELLOR))
    client.cookies["django_language"] = "en"
    english = _header(client.get(reverse("home")).content.decode())
    client.cookies["django_language"] = "fr"
    french = _header(client.get(reverse("home")).content.decode())
    assert "My follow-ups" in english and "Log out" in english and "Mes suivis" not in english
    assert "Mes suivis" in french and "Se déconnecter" in french and "My follow-ups" not in french
    assert 'value="fr" selected' in french and 'value="en" selected' in english


def test_a_signed_in_page_reads_the_session_and_the_person_with_roles_in_one_query(
    make_user, client_as
):
    client = client_as(make_user(Role.COUNSELLOR))
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 1, statements
    assert "accounts_session" in statements[0] and "auth_group" in statements[0]


def test_roles_are_read_fresh_on_every_request(make_user, client_as):
    user = make_user(Role.COUNSELLOR)
    client = client_as(user)
    candidates = reverse("reception:candidate-list")
    assert client.get(candidates).status_code == 200
    user.groups.remove(Group.objects.get(name=Role.COUNSELLOR))
    assert client.get(candidates).status_code == 403
    user.groups.add(Group.objects.get(name=Role.COUNSELLOR))
    assert client.get(candidates).status_code == 200


def test_user_with_roles_matches_the_orm(make_user):
    user = make_user(Role.COUNSELLOR, Role.RESEARCHER)
    loaded = user_with_roles(user.pk)
    assert loaded.roles == frozenset({Role.COUNSELLOR, Role.RESEARCHER})
    for field in type(user)._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(user, field.attname), field.name
    assert user_with_roles(user.pk + 10_000) is None
    assert user_with_roles(make_user().pk).roles == frozenset()


def test_a_deactivated_person_is_signed_out_on_the_next_request(make_user, client_as):
    user = make_user(Role.COUNSELLOR)
    client = client_as(user)
    assert client.get(reverse("reception:candidate-list")).status_code == 200
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("reception:candidate-list")).status_code == 302


def test_an_expired_session_is_not_read(make_user, client_as):
    client = client_as(make_user(Role.COUNSELLOR))
    assert client.get(reverse("reception:candidate-list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("reception:candidate-list")).status_code == 302


def test_a_changed_password_ends_other_sessions(make_user, client_as):
    user = make_user(Role.COUNSELLOR)
    client = client_as(user)
    assert client.get(reverse("reception:candidate-list")).status_code == 200
    user.set_password("another-long-password-42")
    user.save()
    assert client.get(reverse("reception:candidate-list")).status_code == 302


SQLITE_SCRIPT = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'cigem.settings'
django.setup()
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from accounts.backends import PATH, user_with_roles
from accounts.services import user_create
call_command('migrate', verbosity=0)
user = user_create(email='a@example.test', full_name='Awa Diarra', password='long-enough-pw-42',
                   roles=['counsellor', 'researcher'])
assert user_with_roles(user.pk).roles == frozenset({'counsellor', 'researcher'})
client = Client(HTTP_HOST='127.0.0.1')
client.force_login(user, backend=PATH)
print('list', client.get('/accueil/candidats/').status_code)
user.groups.remove(Group.objects.get(name='counsellor'))
print('after', client.get('/accueil/candidats/').status_code)
"""


def test_the_one_query_user_and_session_work_on_the_embedded_sqlite(tmp_path):
    """`make run` serves from SQLite: the roles statement has a SQLite spelling too."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"SECRET_KEY": "x", "CIGEM_VAR_DIR": str(tmp_path), "STATIC_MANIFEST": "False"})
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_SCRIPT], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "list 200" in result.stdout and "after 403" in result.stdout, result.stdout


SQLITE_DESK_SCRIPT = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'cigem.settings'
django.setup()
from io import StringIO
from django.core.management import call_command
from django.test import Client
from accounts.models import User
from reception.models import Candidate
call_command('migrate', verbosity=0)
call_command('seed_demo', stdout=StringIO())
client = Client(HTTP_HOST='127.0.0.1')
client.force_login(User.objects.get(email='conseiller@cigem.demo'))
candidate = Candidate.objects.filter(visits__isnull=False).order_by('pk').first()
listed = client.get('/accueil/candidats/', {'q': candidate.code, 'sort': 'name'})
record = client.get(f'/accueil/candidats/{candidate.pk}/')
print('list', listed.status_code, candidate.last_name in listed.content.decode())
print('record', record.status_code, candidate.code in record.content.decode())
print('deep', client.get('/accueil/candidats/?page=2').status_code)
import re
from datetime import date
from accounts.models import Session
from reception import selectors
from reception.services import candidate_create
for i in range(40):  # more than a page
    candidate_create(actor=None, check_duplicates=False, last_name=['Keita', 'Sidibe'][i % 2],
                     first_name='Adama', sex='M', birth_date=date(1990, 1, 1 + i % 28), phone='')
row = Session.objects.get()
same = str(row.user_id) == client.session['_auth_user_id']
print('session person', 'ok' if same else row.user_id)
for sort in ('', 'name', 'created_at'):
    rows = selectors.candidate_rows(selectors.candidate_list(sort=sort or '-created_at'))
    order = [r.code for r in rows]
    url, pages = f'/accueil/candidats/?sort={sort}', []
    while url:
        html = client.get(url).content.decode()
        pages.append(re.findall(r'<td><a href="/accueil/candidats/[0-9]+/">([^<]+)</a>', html))
        found = re.search(r'rel="next" href="([^"]+)"', html)
        url = '/accueil/candidats/' + found.group(1).replace('&amp;', '&') if found else None
    back = []
    found = re.search(r'rel="prev" href="([^"]+)"', html)
    while found:
        url = '/accueil/candidats/' + found.group(1).replace('&amp;', '&')
        html = client.get(url).content.decode()
        back.append(re.findall(r'<td><a href="/accueil/candidats/[0-9]+/">([^<]+)</a>', html))
        found = re.search(r'rel="prev" href="([^"]+)"', html)
    walked = [code for page in pages for code in page]
    print('walk', sort or 'newest', len(pages) > 1, walked == order, back == pages[-2::-1])
"""


def test_the_desk_pages_serve_from_the_embedded_sqlite(tmp_path):
    """The list and record pages read PostgreSQL with their own SQL and SQLite through the
    ORM (`make run`); the suite runs on PostgreSQL, so the SQLite reading is checked here."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"SECRET_KEY": "x", "CIGEM_VAR_DIR": str(tmp_path), "STATIC_MANIFEST": "False"})
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_DESK_SCRIPT],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "list 200 True" in result.stdout, result.stdout
    assert "record 200 True" in result.stdout, result.stdout
    assert "deep 200" in result.stdout, result.stdout
    assert "session person ok" in result.stdout, result.stdout
    for sort in ("newest", "name", "created_at"):  # every row once, forwards and back
        assert f"walk {sort} True True True" in result.stdout, result.stdout


# --- the session row names its person -------------------------------------------------------


def test_signing_in_through_the_form_stores_the_person_on_the_session_row(make_user, client):
    user = make_user(Role.COUNSELLOR, email="desk@example.test", password="a-long-password-42")
    response = client.post(
        reverse("accounts:login"),
        {"username": "desk@example.test", "password": "a-long-password-42"},
    )
    assert response.status_code == 302
    key = client.cookies["sessionid"].value
    assert Session.objects.get(session_key=key).user_id == user.pk
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_the_session_data_not_the_column_decides_who_is_signed_in(make_user, client_as):
    """A row whose column names someone else is read as the person in its signed data."""
    counsellor, researcher = make_user(Role.COUNSELLOR), make_user(Role.RESEARCHER)
    client = client_as(counsellor)
    assert client.get(reverse("reception:candidate-list")).status_code == 200
    Session.objects.update(user=researcher)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reception:candidate-list"))
    assert response.status_code == 200  # still the counsellor
    assert response.wsgi_request.user.pk == counsellor.pk
    # The joined person was the wrong one, so the backend read the right one itself.
    assert any("auth_group" in q["sql"] and "accounts_session" not in q["sql"] for q in queries)


def test_an_anonymous_session_has_no_person(client):
    from django.contrib.sessions.backends.base import SessionBase

    store = Session.get_session_store_class()()
    store["note"] = "kept"
    store.save()
    assert isinstance(store, SessionBase)
    assert Session.objects.get(session_key=store.session_key).user_id is None
    loaded = Session.get_session_store_class()(store.session_key)
    assert loaded["note"] == "kept" and loaded.session_user is None


def test_deleting_a_person_ends_their_sessions(make_user, client_as):
    user = make_user(Role.COUNSELLOR)
    client = client_as(user)
    assert Session.objects.filter(user=user).count() == 1
    user.delete()
    assert not Session.objects.exists()
    assert client.get(reverse("reception:candidate-list")).status_code == 302
