"""Fixtures of the research tests: a private files directory, PDFs, a synthetic data set."""

import io

import pytest


@pytest.fixture(autouse=True)
def research_files(tmp_path, settings, monkeypatch):
    """Each test writes publications and exports into its own directory (workers too)."""
    root = tmp_path / "research-files"
    root.mkdir()
    settings.RESEARCH_FILES_ROOT = root
    # Users are created by the dozen in access matrices: a fast hasher keeps the suite short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setenv("RESEARCH_FILES_ROOT", str(root))
    return root


def make_pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def pdf_bytes():
    return make_pdf()


@pytest.fixture
def synthetic_dataset():
    """A data set over audit events with two quasi-identifiers, to test k-anonymity on real rows.

    action and object_type play the part of (sex, age band, region, profile); object_id plays an
    identifier and summary free text, which the anonymised version must drop.
    """
    from research.datasets import REGISTRY, Dataset
    from research.exporting import Column

    def queryset():
        from accounts.models import AuditEvent

        return AuditEvent.objects.filter(object_type__startswith="synthetic.").order_by("id")

    dataset = Dataset(
        key="synthetic",
        label="Synthetic",
        queryset=queryset,
        identified=lambda today: (
            Column("object_id", "object_id"),
            Column("summary", "summary"),
            Column("action", "action"),
            Column("object_type", "object_type"),
        ),
        anonymised=lambda today: (
            Column("action", "action"),
            Column("object_type", "object_type"),
        ),
        quasi_identifiers=("action", "object_type"),
        person="object_id",  # plays the candidate a visit belongs to
    )
    REGISTRY[dataset.key] = dataset
    yield dataset
    REGISTRY.pop(dataset.key, None)


def add_audit_rows(
    groups: dict[tuple[str, str], int], summary: str = "", people: int | None = None
) -> None:
    """Create `n` synthetic audit events for each (action, object_type), about `n` people
    (object ids 0..n-1) or, with `people`, about that many people only."""
    from accounts.models import AuditEvent

    rows = []
    for (action, object_type), n in groups.items():
        for i in range(n):
            rows.append(
                AuditEvent(
                    action=action,
                    object_type=object_type,
                    object_id=str(i % people if people else i),
                    summary=summary or f"note {i}",
                )
            )
    AuditEvent.objects.bulk_create(rows)
