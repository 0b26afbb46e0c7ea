"""Synthetic data helpers for generate_data: Malian names and places, and fast bulk loading.

Names are drawn from common Malian family and given names, in their usual French spellings.
Loading uses PostgreSQL COPY from a stream (constant memory); on SQLite it falls back to
bulk_create in batches.
"""

import csv
import io
import random
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, models

FAMILY_NAMES = [
    "Traoré",
    "Keïta",
    "Coulibaly",
    "Diarra",
    "Konaté",
    "Touré",
    "Cissé",
    "Diallo",
    "Sangaré",
    "Doumbia",
    "Kanté",
    "Koné",
    "Dembélé",
    "Sidibé",
    "Camara",
    "Sissoko",
    "Diakité",
    "Samaké",
    "Fofana",
    "Bagayoko",
    "Ballo",
    "Maïga",
    "Haïdara",
    "Tounkara",
    "Sacko",
    "Dicko",
    "Guindo",
    "Ouattara",
    "Sow",
    "Bah",
    "Kouyaté",
    "Diabaté",
    "Tangara",
    "Sylla",
    "Bengaly",
    "Dao",
    "Togola",
    "Mariko",
    "Kassogué",
    "Dolo",
    "Niaré",
    "Soumaré",
    "Sanogo",
    "Berthé",
    "Fané",
]
MALE_NAMES = [
    "Moussa",
    "Mamadou",
    "Amadou",
    "Ibrahim",
    "Seydou",
    "Boubacar",
    "Oumar",
    "Souleymane",
    "Modibo",
    "Bakary",
    "Adama",
    "Sékou",
    "Lassine",
    "Drissa",
    "Youssouf",
    "Abdoulaye",
    "Mahamadou",
    "Siaka",
    "Daouda",
    "Issa",
    "Fousseyni",
    "Yacouba",
    "Karim",
    "Tiémoko",
    "Aliou",
    "Hamidou",
    "Mamoutou",
    "Bréhima",
    "Cheick",
    "Salif",
]
FEMALE_NAMES = [
    "Aminata",
    "Fatoumata",
    "Mariam",
    "Kadiatou",
    "Awa",
    "Oumou",
    "Assitan",
    "Hawa",
    "Rokia",
    "Djénéba",
    "Safiatou",
    "Aïssata",
    "Kadidia",
    "Fanta",
    "Nana",
    "Salimata",
    "Bintou",
    "Maïmouna",
    "Ramata",
    "Sira",
    "Korotoumou",
    "Nassira",
    "Mah",
    "Tenin",
]
TOWNS = [
    ("BKO", "Bamako"),
    ("KAY", "Kayes"),
    ("KAY", "Diéma"),
    ("KAY", "Bafoulabé"),
    ("KLK", "Koulikoro"),
    ("KLK", "Kati"),
    ("SIK", "Sikasso"),
    ("SIK", "Kadiolo"),
    ("SEG", "Ségou"),
    ("SEG", "Niono"),
    ("MOP", "Mopti"),
    ("MOP", "Djenné"),
    ("TBT", "Tombouctou"),
    ("GAO", "Gao"),
    ("NIO", "Nioro du Sahel"),
    ("KIT", "Kita"),
    ("DIO", "Dioïla"),
    ("NAR", "Nara"),
    ("BGN", "Bougouni"),
    ("KTL", "Koutiala"),
    ("SAN", "San"),
    ("DTZ", "Douentza"),
    ("BDG", "Bandiagara"),
    ("KAY", "Yélimané"),
]


def malian_person(rng: random.Random) -> tuple[str, str, str]:
    """(family name, given name, sex 'M' or 'F')."""
    if rng.random() < 0.6:
        return rng.choice(FAMILY_NAMES), rng.choice(MALE_NAMES), "M"
    return rng.choice(FAMILY_NAMES), rng.choice(FEMALE_NAMES), "F"


def malian_mobile(rng: random.Random) -> str:
    """A number in the shape of a Malian mobile, in E.164 (+223 then 8 digits)."""
    return f"+223{rng.choice('6789')}{rng.randrange(0, 10_000_000):07d}"


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


class _RowStream(io.TextIOBase):
    """A file-like object that COPY reads from; rows are produced on demand."""

    def __init__(self, rows: Iterator[Sequence]):
        self._rows = rows
        self._buffer = ""

    def readable(self):
        return True

    def read(self, size=-1):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        while size < 0 or len(self._buffer) < size:
            try:
                row = next(self._rows)
            except StopIteration:
                break
            writer.writerow([_copy_value(v) for v in row])
            self._buffer += out.getvalue()
            out.seek(0)
            out.truncate()
        if size < 0:
            chunk, self._buffer = self._buffer, ""
        else:
            chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk

    readline = read


def bulk_load(
    model: type[models.Model], columns: list[str], rows: Iterable[Sequence], batch: int = 5000
) -> None:
    """Insert rows (tuples in `columns` order, column names as in the database)."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, _RowStream(iter(rows)), size=1 << 16)
            # Fresh statistics, or the planner guesses from an empty table and picks bad plans.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        return
    attnames = {f.column: f.attname for f in model._meta.concrete_fields}
    chunk = []
    for row in rows:
        chunk.append(model(**{attnames[c]: v for c, v in zip(columns, row, strict=True)}))
        if len(chunk) >= batch:
            model.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        model.objects.bulk_create(chunk)


def reset_sequence(model: type[models.Model]) -> None:
    """After COPY with explicit ids, move the id sequence past them (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
