"""Build the labelled duplicate pairs (duplicate_pairs.csv) from hand-written spelling tables.

Run `python tests/reception/data/build_pairs.py` to regenerate; the output is committed and
deterministic. Each row is two records of people as a counsellor would type them, the truth
(1 = same person, 0 = different people) and the kind of difficulty. The spelling groups below
are written by hand from how Malian names are commonly spelled in French and in Bambara
orthography; they do not use the matcher's rules, so the set tests them rather than echoes them.
"""

import csv
import random
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("duplicate_pairs.csv")

# Each group: spellings of ONE family name met in records.
FAMILY = [
    ["Coulibaly", "Kulibali", "Coulibali", "Koulibaly", "COULIBALY"],
    ["Traoré", "Traore", "Trawore", "TRAORE"],
    ["Keïta", "Keita", "Kéita", "Keyta"],
    ["Diakité", "Diakite", "Jakite", "Jakité", "Diakhité"],
    ["Ouattara", "Wattara", "Watara", "Ouatara"],
    ["Cissé", "Sissé", "Cisse", "Sisse"],
    ["Diarra", "Jara", "Diara", "Djarra"],
    ["Konaté", "Konate", "KONATE"],
    ["Touré", "Toure", "Turé"],
    ["Diallo", "Jallo", "Dialo"],
    ["Sangaré", "Sangare", "Sangaré"],
    ["Doumbia", "Dumbia", "Doumbiya"],
    ["Kanté", "Kante", "Kantè"],
    ["Koné", "Kone", "Konè"],
    ["Dembélé", "Dembele", "Dembelé"],
    ["Sidibé", "Sidibe", "Sidibè"],
    ["Camara", "Kamara"],
    ["Sissoko", "Cissoko", "Sisoko"],
    ["Samaké", "Samake", "Samakè"],
    ["Fofana", "Fofanah"],
    ["Bagayoko", "Bagayogo", "Bagayoko"],
    ["Maïga", "Maiga", "Mahiga"],
    ["Haïdara", "Haidara", "Aïdara"],
    ["Tounkara", "Tunkara"],
    ["Kouyaté", "Kuyate", "Kouyate"],
    ["Diabaté", "Jabate", "Diabate"],
    ["Sylla", "Silla"],
    ["Berthé", "Berthe", "Bertè"],
    ["Dicko", "Diko"],
    ["Niaré", "Niare", "Nyaré"],
    ["Soumaré", "Sumare", "Soumare"],
    ["Tangara", "Tangara"],
    ["Sanogo", "Sanogo"],
    ["Mariko", "Mariko"],
]
MALE = [
    ["Moussa", "Musa", "Mousa"],
    ["Mamadou", "Mamadu", "Mahamadou"],
    ["Amadou", "Amadu", "Hamadou"],
    ["Ibrahim", "Ibrahima"],
    ["Seydou", "Seidou", "Seydu"],
    ["Boubacar", "Bubakar", "Boubakar"],
    ["Oumar", "Umar"],
    ["Souleymane", "Sulemani", "Souleimane"],
    ["Modibo", "Modibo"],
    ["Bakary", "Bakari"],
    ["Sékou", "Sekou", "Seku"],
    ["Lassine", "Lassina", "Lasina"],
    ["Youssouf", "Yusuf", "Yousouf"],
    ["Abdoulaye", "Abdulaye", "Abdoulai"],
    ["Siaka", "Syaka"],
    ["Daouda", "Dauda", "Dawuda"],
    ["Issa", "Isa"],
    ["Fousseyni", "Fousseini", "Fouseyni"],
    ["Yacouba", "Yakuba", "Yacuba"],
    ["Aliou", "Aliu"],
    ["Hamidou", "Amidou"],
    ["Bréhima", "Brehima"],
    ["Cheick", "Sheik", "Cheikh"],
    ["Salif", "Saliff"],
    ["Adama", "Adama"],
    ["Drissa", "Drisa"],
]
FEMALE = [
    ["Aminata", "Aminatou"],
    ["Fatoumata", "Fatumata", "Fatoumatta"],
    ["Mariam", "Mariame", "Maryam"],
    ["Kadiatou", "Kadiatu", "Kadjatou"],
    ["Oumou", "Umu"],
    ["Assitan", "Assitane", "Asitan"],
    ["Rokia", "Rokiya"],
    ["Djénéba", "Jeneba", "Dieneba"],
    ["Safiatou", "Safiatu"],
    ["Aïssata", "Aissata", "Ayssata"],
    ["Kadidia", "Kadidja"],
    ["Salimata", "Salimatou"],
    ["Bintou", "Bintu"],
    ["Maïmouna", "Maimuna", "Maimouna"],
    ["Ramata", "Ramatou"],
    ["Korotoumou", "Korotumu"],
    ["Awa", "Awa"],
    ["Hawa", "Hawa"],
    ["Fanta", "Fanta"],
]
MIDDLE_MALE = ["Lamine", "Tidiani", "Ba", "Kalifa", "Sidi"]
MIDDLE_FEMALE = ["Binta", "Sira", "Nana", "Tenin"]


def _mobile(rng):
    return f"+223{rng.choice('67')}{rng.randrange(10_000_000):07d}"  # valid mobile prefixes


def _birth(rng):
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 45 * 365))
    return born.replace(day=min(born.day, 28))


def _typo(rng, word):
    """One keyboard slip: a doubled, dropped or swapped letter inside the word."""
    if len(word) < 5:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(["double", "drop", "swap"])
    if kind == "double":
        return word[: i + 1] + word[i] + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _person(rng):
    sex = rng.choice("MF")
    family = rng.choice(FAMILY)
    given = rng.choice(MALE if sex == "M" else FEMALE)
    born = _birth(rng)
    return {
        "family": family,
        "given": given,
        "sex": sex,
        "last": family[0],
        "first": given[0],
        "birth": born,
        "phone": _mobile(rng),
        "nina": f"{rng.randrange(10**14):015d}",
    }


def _record(p, last=None, first=None, birth="date", phone=True, nina=False, sex=None):
    born = p["birth"]
    return {
        "last_name": last if last is not None else p["last"],
        "first_name": first if first is not None else p["first"],
        "sex": sex if sex is not None else p["sex"],
        "birth_date": born.isoformat() if birth == "date" else "",
        "birth_year": str(born.year) if birth in ("date", "year") else "",
        "phone": p["phone"] if phone is True else (phone or ""),
        "nina": p["nina"] if nina is True else (nina or ""),
    }


def _other_variant(rng, group, current):
    choices = [v for v in group if v != current] or group
    return rng.choice(choices)


def positives(rng):
    rows = []

    def add(kind, a, b):
        rows.append((1, kind, a, b))

    for _ in range(40):
        p = _person(rng)
        add(
            "family_spelling",
            _record(p, phone=False),
            _record(p, last=_other_variant(rng, p["family"], p["last"]), phone=False, birth="year"),
        )
    for _ in range(35):
        p = _person(rng)
        add(
            "given_spelling",
            _record(p, phone=False),
            _record(p, first=_other_variant(rng, p["given"], p["first"]), phone=False),
        )
    for _ in range(25):
        p = _person(rng)
        add(
            "both_spellings",
            _record(p, phone=False, birth="year"),
            _record(
                p,
                last=_other_variant(rng, p["family"], p["last"]),
                first=_other_variant(rng, p["given"], p["first"]),
                phone=False,
                birth="year",
            ),
        )
    for _ in range(20):
        p = _person(rng)
        add(
            "swapped",
            _record(p, phone=False),
            _record(
                p, last=p["first"], first=_other_variant(rng, p["family"], p["last"]), phone=False
            ),
        )
    for _ in range(15):
        p = _person(rng)
        middle = rng.choice(MIDDLE_MALE if p["sex"] == "M" else MIDDLE_FEMALE)
        add(
            "middle_name_missing",
            _record(p, first=f"{p['first']} {middle}", phone=False),
            _record(p, phone=False, birth="year"),
        )
    for _ in range(15):
        p = _person(rng)
        add(
            "typo_same_birth_date",
            _record(p, phone=False),
            _record(p, last=_typo(rng, p["last"]), phone=False),
        )
    for _ in range(10):
        p = _person(rng)
        other = dict(p, birth=p["birth"].replace(year=p["birth"].year + rng.choice([-1, 1])))
        add("age_estimated_one_year_off", _record(p, birth="year"), _record(other, birth="year"))
    for _ in range(10):
        p = _person(rng)
        add(
            "same_phone_name_variant",
            _record(p, birth="none"),
            _record(p, first=_other_variant(rng, p["given"], p["first"]), birth="none"),
        )
    for _ in range(10):
        p = _person(rng)
        add(
            "same_nina_name_typed_differently",
            _record(p, nina=True, phone=False),
            _record(
                p,
                last=_other_variant(rng, p["family"], p["last"]),
                first=_typo(rng, p["first"]),
                nina=True,
                phone=False,
                birth="none",
            ),
        )
    # Official Bambara orthography (N'Ko-derived Latin spelling) differs most from French.
    bambara = [
        ("Traoré", "Tarawele"),
        ("Dembélé", "Danbele"),
        ("Coulibaly", "Kulubali"),
        ("Doumbia", "Dunbiya"),
        ("Keïta", "Keyita"),
        ("Diarra", "Jara"),
        ("Kouyaté", "Kuyate"),
        ("Ouattara", "Watara"),
        ("Sissoko", "Sisoko"),
        ("Diakité", "Jakite"),
    ]
    for french, bambara_spelling in bambara:
        p = _person(rng)
        add(
            "bambara_orthography",
            _record(p, last=french, phone=False),
            _record(p, last=bambara_spelling, phone=False),
        )
    for _ in range(5):
        p = _person(rng)
        add(
            "upper_case_no_accents",
            _record(p),
            _record(p, last=p["last"].upper(), first=p["first"].upper()),
        )
    return rows


def negatives(rng):
    rows = []

    def add(kind, a, b):
        rows.append((0, kind, a, b))

    def fresh_same(**keep):
        while True:
            q = _person(rng)
            if all(q[k] is not None for k in keep):
                q.update(keep)
                return q

    for _ in range(45):
        p = _person(rng)
        q = fresh_same(family=p["family"], last=p["last"], sex=p["sex"])
        q["birth"] = q["birth"].replace(year=p["birth"].year)
        if q["given"] is p["given"]:
            continue
        add("same_family_same_year_other_given", _record(p, birth="year"), _record(q, birth="year"))
    for _ in range(35):
        p = _person(rng)
        q = fresh_same(given=p["given"], first=p["first"], sex=p["sex"])
        q["birth"] = q["birth"].replace(year=p["birth"].year)
        if q["family"] is p["family"]:
            continue
        add("same_given_same_year_other_family", _record(p, birth="year"), _record(q, birth="year"))
    for _ in range(30):
        p = _person(rng)
        q = fresh_same(
            family=p["family"], last=p["last"], given=p["given"], first=p["first"], sex=p["sex"]
        )
        q["birth"] = q["birth"].replace(
            year=p["birth"].year + rng.choice([-1, 1]) * rng.randrange(5, 30)
        )
        add("namesake_other_generation", _record(p), _record(q))
    for _ in range(20):
        p = _person(rng)
        q = fresh_same(
            family=p["family"], last=p["last"], given=p["given"], first=p["first"], sex=p["sex"]
        )
        q["birth"] = q["birth"].replace(year=p["birth"].year)
        add(
            "namesake_same_year_other_nina",
            _record(p, nina=True, birth="year"),
            _record(q, nina=True, birth="year"),
        )
    # Families close in spelling but distinct: the classic false friends.
    false_friends = [
        ("Koné", "Konaté"),
        ("Touré", "Traoré"),
        ("Kanté", "Konaté"),
        ("Diarra", "Diallo"),
        ("Sanogo", "Sangaré"),
        ("Keïta", "Koïta"),
        ("Sissoko", "Sidibé"),
        ("Doumbia", "Dembélé"),
        ("Camara", "Samaké"),
        ("Diabaté", "Diakité"),
    ]
    for _ in range(25):
        p = _person(rng)
        a, b = rng.choice(false_friends)
        q = dict(p, last=b, phone=_mobile(rng))
        add("false_friend_family", _record(p, last=a, birth="year"), _record(q, birth="year"))
    given_false_friends = [
        ("Moussa", "Mamadou"),
        ("Sékou", "Seydou"),
        ("Oumar", "Oumou"),
        ("Adama", "Amadou"),
        ("Bakary", "Boubacar"),
        ("Fatoumata", "Fanta"),
        ("Kadiatou", "Kadidia"),
        ("Aminata", "Awa"),
        ("Salif", "Siaka"),
        ("Issa", "Idrissa"),
    ]
    for _ in range(25):
        p = _person(rng)
        a, b = rng.choice(given_false_friends)
        q = dict(p, first=b, phone=_mobile(rng))
        add("false_friend_given", _record(p, first=a, birth="year"), _record(q, birth="year"))
    for _ in range(15):
        p = _person(rng)
        q = dict(p, sex="F" if p["sex"] == "M" else "M", phone=_mobile(rng))
        q["birth"] = q["birth"].replace(day=1 + (p["birth"].day % 27) + 1)
        add("unisex_name_other_sex", _record(p, first="Adama"), _record(q, first="Adama"))
    return rows


COLUMNS = ["last_name", "first_name", "sex", "birth_date", "birth_year", "phone", "nina"]


def main():
    rng = random.Random(20261128)
    rows = positives(rng) + negatives(rng)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["label", "kind", *[f"a_{c}" for c in COLUMNS], *[f"b_{c}" for c in COLUMNS]]
        )
        for label, kind, a, b in rows:
            writer.writerow([label, kind, *[a[c] for c in COLUMNS], *[b[c] for c in COLUMNS]])
    print(f"{len(rows)} pairs, {sum(r[0] for r in rows)} duplicates -> {OUT}")


if __name__ == "__main__":
    main()
