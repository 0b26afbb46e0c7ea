"""French by default; English on request; Bambara falls back to French where untranslated."""

from django.urls import reverse


def test_french_is_the_default(client, db):
    html = client.get(reverse("home")).content.decode()
    assert "Envie de partir" in html


def test_english_on_request(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Thinking of leaving" in html


def test_bambara_page_is_bambara_where_translated_and_french_elsewhere(client, db):
    client.post(reverse("set_language"), {"language": "bm", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="bm">' in html
    assert "Bamanankan" in html  # the switcher names the language in itself
    assert "Thinking of leaving" not in html  # never English as a fallback
