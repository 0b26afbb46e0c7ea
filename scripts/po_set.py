"""Fill translations into a catalogue: `python scripts/po_set.py fr translations.json`.

The JSON maps each msgid (as in the source) to its translation; plural entries take a list. A
string marked with pgettext is keyed "context|msgid" (the context, a bar, then the msgid).
Run `make messages` first so the msgids exist; this script never adds msgids of its own.
Unknown msgids are listed, so a typo does not pass silently.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main(language: str, source: str) -> int:
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path), wrapwidth=100)
    wanted = json.loads(Path(source).read_text(encoding="utf-8"))
    entries = {
        (f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid): entry
        for entry in catalogue
    }
    unknown = []
    for msgid, translation in wanted.items():
        entry = entries.get(msgid)
        if entry is None:
            unknown.append(msgid)
            continue
        if entry.msgid_plural:
            forms = translation if isinstance(translation, list) else [translation, translation]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = translation
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(str(path))
    missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    print(f"{language}: {len(wanted) - len(unknown)} set, {len(missing)} still untranslated")
    for msgid in unknown:
        print(f"  unknown msgid: {msgid!r}", file=sys.stderr)
    return 1 if unknown else 0


def collisions(language: str) -> list[str]:
    """msgids two source files translate differently: the later file silently wins."""
    seen: dict[str, dict[str, list[str]]] = {}
    for source in sorted((ROOT / "locale" / "sources").glob(f"*.{language}.json")):
        for msgid, text in json.loads(source.read_text(encoding="utf-8")).items():
            seen.setdefault(msgid, {}).setdefault(str(text), []).append(source.name)
    return [f"{msgid!r}: {variants}" for msgid, variants in seen.items() if len(variants) > 1]


if __name__ == "__main__":
    if sys.argv[1] == "--collisions":
        found = collisions(sys.argv[2])
        for line in found:
            print(f"  translated two ways (use pgettext): {line}", file=sys.stderr)
        sys.exit(0)
    sys.exit(main(sys.argv[1], sys.argv[2]))
