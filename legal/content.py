"""Content in the reader's language, falling back to French and saying so."""

from dataclasses import dataclass

from django.utils import translation

from legal.models import LANGS


@dataclass(frozen=True)
class LocalText:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


class Localized:
    """`Localized(pathway).title` is the title in the active language, or French if missing.

    `.fallbacks` lists the fields shown in French because the wanted language lacks them, so a
    page can say "not yet translated" once, and mark each such block with lang="fr".
    """

    def __init__(self, item, lang: str | None = None):
        lang = (lang or translation.get_language() or "fr")[:2]
        self.item = item
        self.lang = lang if lang in LANGS else "fr"
        self.fallbacks: list[str] = []

    def __getattr__(self, name: str) -> LocalText:
        if name.startswith("_") or name not in type(self.item).translated_fields:
            raise AttributeError(name)
        wanted = getattr(self.item, f"{name}_{self.lang}", "")
        if wanted or self.lang == "fr":
            value = LocalText(wanted, self.lang, False)
        else:
            value = LocalText(getattr(self.item, f"{name}_fr", ""), "fr", True)
            if value.text and name not in self.fallbacks:
                self.fallbacks.append(name)
        self.__dict__[name] = value
        return value

    def resolve_all(self) -> "Localized":
        """Read every field once, so `fallbacks` is complete before the page header renders."""
        for name in type(self.item).translated_fields:
            getattr(self, name)
        return self

    @property
    def has_fallback(self) -> bool:
        return bool(self.fallbacks)
