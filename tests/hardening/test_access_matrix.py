"""Every URL of the portal answers the roles of the access matrix and refuses everyone else."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.hardening.access import ACCESS, ANON, IGNORED_PREFIXES


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}{pattern.name}", pattern
            else:
                yield f"{namespace}<unnamed {pattern.pattern}>", pattern


def test_every_url_has_an_entry():
    missing = sorted(
        name
        for name, _pattern in _named_patterns()
        if not name.startswith(IGNORED_PREFIXES) and name not in ACCESS
    )
    assert not missing, f"URLs without an access rule in tests/hardening/access.py: {missing}"


def test_no_entry_is_stale():
    names = {name for name, _ in _named_patterns()}
    assert not sorted(set(ACCESS) - names)


def _refused(role, response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code == 302 and role == ANON:
        return reverse("accounts:login") in response["Location"]
    return False


@pytest.mark.parametrize("url_name", sorted(ACCESS))
def test_access(url_name, users_by_role, client_as):
    rule = ACCESS[url_name]
    ctx = {"users": users_by_role}
    kwargs = rule.kwargs(ctx) if rule.kwargs else {}
    url = reverse(url_name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
    for role, user in users_by_role.items():
        response = client_as(user).get(url)
        assert response.status_code < 500, (url_name, role, response.status_code)
        if role in rule.redirect_for:
            assert response.status_code == 302, (url_name, role)
        elif role in rule.allowed:
            assert not _refused(role, response), (url_name, role, response.status_code)
        else:
            assert _refused(role, response), (url_name, role, response.status_code)
