"""Malian name matching: normalisation, phonetic keys and the duplicate score (pure Python).

The rules fold the ways one name is written in French and in Bambara spelling onto one form:
accents dropped (Keïta/Keita), ou/w → u (Coulibaly/Kulibali, Ouattara/Wattara), di/dj + vowel
→ j (Diakité/Jakite), soft c → s (Cissé/Sissé), ch/sh → x, y → i, h dropped, double letters
single, a final mute e dropped (Traoré/Traore). The *skeleton* (first letter, then consonants
only) is what the database indexes for blocking: coarse on purpose, so that a spelling variant
always lands in the same block; the score then tells people apart.

The score combines agreement weights (Fellegi–Sunter style, tuned on the labelled pairs in
tests/reception/data/duplicate_pairs.csv) into a probability-like number between 0 and 1.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

_NON_LETTERS = re.compile(r"[^a-z]+")
# Order matters: multi-letter groups before the single letters they contain.
_RULES = [
    (re.compile(r"tch"), "c"),
    (re.compile(r"[cs]h"), "x"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"([tgk])h"), r"\1"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"d[iy](?=[aeou])"), "j"),
    (re.compile(r"qu|q|ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"gu(?=[ei])"), "g"),
    (re.compile(r"ou|w"), "u"),
    # Bambara writes a glide between vowels that French spelling leaves out: Trawore/Traoré.
    (re.compile(r"(?<=a)u(?=[eio])"), ""),
    (re.compile(r"y"), "i"),
    (re.compile(r"h"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"(?<=[^aeiou])e$"), ""),
]
_VOWELS = re.compile(r"[aeiou]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents removed, anything but letters turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_LETTERS.sub(" ", plain).strip()


def tokens(text: str) -> list[str]:
    # Pure functions below are cached: names repeat a lot, and one search scores a few
    # hundred rows (a Traoré Moussa born in 1990 has dozens of namesakes at a million rows).
    return fold(text).split()


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """One token in its folded spelling: Coulibaly → kulibali, Diakité → jakit."""
    out = token
    for pattern, repl in _RULES:
        out = pattern.sub(repl, out)
    return out


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """First letter and consonants of the phonetic form, repeats collapsed: Traoré → tr."""
    form = phonetic(token)
    if not form:
        return ""
    rest = _VOWELS.sub("", form[1:])
    return re.sub(r"(.)\1+", r"\1", form[0] + rest)[:40]


def name_keys(last_name: str, first_name: str) -> tuple[str, str, str]:
    """(last_name_key, first_name_key, search_name) as stored on a Candidate row."""
    last = "".join(skeleton(t) for t in tokens(last_name))[:40]
    firsts = tokens(first_name)
    first = skeleton(firsts[0]) if firsts else ""
    every = sorted(phonetic(t) for t in tokens(f"{first_name} {last_name}"))
    return last, first, " ".join(every)[:250]


def query_key_pairs(last_name: str, first_name: str) -> set[tuple[str, str]]:
    """Key pairs a duplicate may be stored under: straight or swapped, any given name first."""
    last = "".join(skeleton(t) for t in tokens(last_name))
    firsts = [skeleton(t) for t in tokens(first_name)] or [""]
    pairs = set()
    for first in firsts:
        pairs.add((last, first))
        pairs.add((first, last))
    # A family name of two words may have been split between the two fields.
    whole = tokens(f"{first_name} {last_name}")
    if len(whole) >= 2:
        pairs.add((skeleton(whole[-1]), skeleton(whole[0])))
        pairs.add((skeleton(whole[0]), skeleton(whole[-1])))
    return {(a, b) for a, b in pairs if a or b}


# --- scoring ------------------------------------------------------------------------------


@dataclass
class Person:
    """What is known of one person for matching; any field may be missing."""

    last_name: str = ""
    first_name: str = ""
    sex: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    phone: str = ""
    nina: str = ""
    passport_number: str = ""

    @property
    def year(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year


@dataclass
class Match:
    score: float
    reasons: list[str] = field(default_factory=list)  # codes, see REASON_CODES in services
    alert: bool = False  # an exact identifier matched: shown whatever the score


@lru_cache(maxsize=262144)
def _token_sim(a: str, b: str) -> float:
    """Mean of Jaro-Winkler and Levenshtein ratio on the folded forms.

    Jaro-Winkler alone rewards a shared beginning too much (Koné/Konaté, Touré/Traoré are
    different families); the edit ratio pulls those down while keeping one-letter variants high.
    """
    pa, pb = phonetic(a), phonetic(b)
    if pa == pb:
        return 1.0
    # The folded spelling too: a typo can make the phonetic rules diverge (Diallo/Daillo).
    return max(_edit_sim(pa, pb), _edit_sim(a, b))


def _edit_sim(a: str, b: str) -> float:
    return (JaroWinkler.similarity(a, b) + Levenshtein.normalized_similarity(a, b)) / 2


def _set_sim(left: list[str], right: list[str]) -> float | None:
    """Mean best similarity of the shorter list's tokens: a missing middle name costs nothing."""
    if not left or not right:
        return None
    short, long_ = (left, right) if len(left) <= len(right) else (right, left)
    return sum(max(_token_sim(a, b) for b in long_) for a in short) / len(short)


def _name_weight(sim: float | None, exact: float, close: float, disagree: float) -> float:
    if sim is None:
        return 0.0
    if sim >= 0.97:
        return exact
    if sim >= 0.85:
        return close
    if sim >= 0.75:
        return NEAR_MISS
    return disagree


PRIOR = -3.0  # most pairs the blocking brings back are different people
NEAR_MISS = -1.5  # Koné/Konaté, Keïta/Koïta: close in letters, yet different families


def score(query: Person, record: Person) -> Match:
    reasons: list[str] = []
    alert = False
    total = PRIOR

    q_last, q_first = tokens(query.last_name), tokens(query.first_name)
    r_last, r_first = tokens(record.last_name), tokens(record.first_name)
    straight = (_set_sim(q_last, r_last), _set_sim(q_first, r_first))
    swapped = (_set_sim(q_last, r_first), _set_sim(q_first, r_last))

    def weight(pair):
        return _name_weight(pair[0], 3.0, 2.0, -3.0) + _name_weight(pair[1], 3.0, 2.0, -3.5)

    w_straight, w_swapped = weight(straight), weight(swapped)
    # A swap is only a swap if the straight reading disagrees: "Traoré Moussa" vs "Moussa Traoré".
    if w_swapped > w_straight + 1.0 and None not in swapped:
        total += w_swapped - 0.3
        reasons.append("names_swapped")
        sims = swapped
    else:
        total += w_straight
        sims = straight
    known = [s for s in sims if s is not None]
    if known:
        if min(known) >= 0.97:
            reasons.append("same_name")
        elif min(known) >= 0.75:
            reasons.append("similar_name")
        q_all, r_all = q_last + q_first, r_last + r_first
        if min(known) >= 0.75 and len(q_all) != len(r_all) and q_all and r_all:
            reasons.append("name_part_missing")

    q_year, r_year = query.year, record.year
    if query.birth_date and record.birth_date:
        qd, rd = query.birth_date, record.birth_date
        if qd == rd:
            total += 2.5
            reasons.append("same_birth_date")
        elif qd.year == rd.year and qd.day == rd.month and qd.month == rd.day:
            total += 1.0
            reasons.append("birth_date_day_month_swapped")
        elif qd.year == rd.year:
            total -= 1.0
            reasons.append("same_birth_year")
        else:
            total += _year_weight(abs(qd.year - rd.year), reasons)
    elif q_year and r_year:
        if q_year == r_year:
            total += 1.5
            reasons.append("same_birth_year")
        else:
            total += _year_weight(abs(q_year - r_year), reasons)

    if query.sex and record.sex:
        total += 0.3 if query.sex == record.sex else -3.0

    if query.phone and record.phone:
        if query.phone == record.phone:
            total += 4.0
            alert = True
            reasons.append("same_phone")
        else:
            total -= 0.3
    if query.nina and record.nina:
        if query.nina == record.nina:
            total += 6.0
            alert = True
            reasons.append("same_nina")
        else:
            total -= 5.0
    if query.passport_number and record.passport_number:
        if query.passport_number == record.passport_number:
            total += 6.0
            alert = True
            reasons.append("same_passport")
        else:
            total -= 1.0

    probability = 1.0 / (1.0 + math.exp(-total))
    return Match(score=round(probability, 3), reasons=reasons, alert=alert)


def _year_weight(gap: int, reasons: list[str]) -> float:
    if gap == 1:
        reasons.append("birth_year_close")
        return -0.5
    if gap == 2:
        return -1.5
    return -4.0


DEFAULT_THRESHOLD = 0.6
