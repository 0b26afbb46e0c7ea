"""Name matching: folding rules, keys and the score on the labelled pairs."""

import csv
from datetime import date
from pathlib import Path

import pytest

from reception import names

PAIRS = Path(__file__).parent / "data" / "duplicate_pairs.csv"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Coulibaly", "Kulibali"),
        ("Diakité", "Jakite"),
        ("Ouattara", "Wattara"),
        ("Cissé", "Sissé"),
        ("Moussa", "Musa"),
        ("Mamadou", "Mamadu"),
        ("Keïta", "Keita"),
        ("Traoré", "Traore"),
        ("Traoré", "Trawore"),
    ],
)
def test_spelling_variants_share_phonetic_form_and_key(a, b):
    assert names.phonetic(names.fold(a)) == names.phonetic(names.fold(b))
    assert names.skeleton(names.fold(a)) == names.skeleton(names.fold(b))


def test_name_keys_and_swapped_query_pairs():
    last, first, search = names.name_keys("Traoré", "Mamadou Lamine")
    assert (last, first) == ("tr", "md")
    assert search == "lamin mamadu traor"
    pairs = names.query_key_pairs("Mamadou", "Traore")
    assert ("tr", "md") in pairs


def test_two_traores_born_the_same_year_stay_apart():
    match = names.score(
        names.Person("Traoré", "Moussa", "M", birth_year=1990),
        names.Person("Traore", "Seydou", "M", birth_year=1990),
    )
    assert match.score < names.DEFAULT_THRESHOLD


def test_swapped_names_and_missing_middle_name_match():
    swapped = names.score(
        names.Person("Traoré", "Moussa", birth_year=1990),
        names.Person("Musa", "Traore", birth_year=1990),
    )
    assert swapped.score >= names.DEFAULT_THRESHOLD
    assert "names_swapped" in swapped.reasons
    middle = names.score(
        names.Person("Keïta", "Mamadou Lamine", "M", date(1988, 5, 2)),
        names.Person("Keita", "Mamadu", "M", date(1988, 5, 2)),
    )
    assert middle.score >= 0.9
    assert "name_part_missing" in middle.reasons


def test_exact_identifiers_alert_on_their_own():
    match = names.score(
        names.Person("Diarra", "Awa", phone="+22376000000"),
        names.Person("Sangaré", "Fanta", phone="+22376000000"),
    )
    assert match.alert
    assert "same_phone" in match.reasons
    nina = names.score(names.Person(nina="123"), names.Person(nina="123"))
    assert nina.alert and nina.score >= 0.95


def test_different_nina_keeps_namesakes_apart():
    match = names.score(
        names.Person("Traoré", "Moussa", "M", birth_year=1990, nina="111"),
        names.Person("Traoré", "Moussa", "M", birth_year=1990, nina="222"),
    )
    assert match.score < names.DEFAULT_THRESHOLD


def _person(row, side):
    born = row[f"{side}_birth_date"]
    year = row[f"{side}_birth_year"]
    return names.Person(
        last_name=row[f"{side}_last_name"],
        first_name=row[f"{side}_first_name"],
        sex=row[f"{side}_sex"],
        birth_date=date.fromisoformat(born) if born else None,
        birth_year=int(year) if year else None,
        phone=row[f"{side}_phone"],
        nina=row[f"{side}_nina"],
    )


def load_pairs():
    with PAIRS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def evaluate(rows, threshold=names.DEFAULT_THRESHOLD):
    tp = fp = fn = 0
    for row in rows:
        predicted = names.score(_person(row, "a"), _person(row, "b")).score >= threshold
        truth = row["label"] == "1"
        tp += predicted and truth
        fp += predicted and not truth
        fn += truth and not predicted
    return tp / (tp + fn), tp / (tp + fp)


def test_labelled_set_recall_and_precision_at_default_threshold():
    rows = load_pairs()
    assert len(rows) >= 300
    assert {r["label"] for r in rows} == {"0", "1"}
    recall, precision = evaluate(rows)
    assert recall >= 0.95, recall
    assert precision >= 0.95, precision


def test_the_measure_can_fail():
    # With the threshold at 0 everything is a duplicate: precision collapses.
    _recall, precision = evaluate(load_pairs(), threshold=0.0)
    assert precision < 0.95
