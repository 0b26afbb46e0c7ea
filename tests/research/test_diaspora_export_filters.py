"""The `diaspora_members` export with the staff directory's filters: name or occupation, skill,
language and availability narrow the file exactly as they narrow the directory."""

import csv

import pytest
from django.urls import reverse
from django.utils import timezone

from research.models import ExportJob, ExportStatus
from research.services import export_request, export_run

# The export reads through its own connection (COPY): the rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

API = reverse("api:research-export-create")


@pytest.fixture
def members(make_user):
    """Six confirmed members and one registration never confirmed, by name."""
    from diaspora.models import Member, MemberLanguage, MemberSkill
    from diaspora.services import skill_get_or_create

    def member(name, *, occupation="", skills=(), languages=(), confirmed=True, **fields):
        user = make_user("diaspora_member", full_name=name)
        fields.setdefault("country", "FR")
        fields.setdefault("sector", "health")
        made = Member.objects.create(
            user=user,
            occupation=occupation,
            confirmed_at=timezone.now() if confirmed else None,
            **fields,
        )
        for skill in skills:
            MemberSkill.objects.create(member=made, skill=skill_get_or_create(name=skill))
        for code in languages:
            MemberLanguage.objects.create(member=made, language=code)
        return made

    return {
        "awa": member(
            "Awa Diarra",
            occupation="Pédiatre",
            skills=["Pédiatrie", "Pédagogie"],
            languages=["fr", "bm"],
            available_remote=True,
        ),
        "moussa": member(
            "Moussa Traoré",
            occupation="Comptable",
            skills=["Comptabilité"],
            languages=["fr"],
            available_short_missions=True,
        ),
        "fanta": member(
            "Fanta Keïta",
            occupation="Infirmière",
            skills=["Pédiatrie"],
            languages=["bm"],
            available_remote=True,
            available_training=True,
        ),
        "oumar": member("Oumar Sidibé", occupation="Ingénieur", languages=["en"]),
        "kadi": member("Kadiatou Koné", occupation="Sage-femme", skills=["pediatrie sociale"]),
        "binta": member("Binta Sow", occupation="Architecte", available_remote=True),
        "ghost": member("Awa Fantôme", skills=["Pédiatrie"], languages=["bm"], confirmed=False),
    }


def _names(job, root) -> set[str]:
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    with open(root / job.file.name, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("full_name")
    return {row[column] for row in rows[1:]}


def _export(user, filters, *, anonymised=False):
    job = export_request(
        user=user,
        dataset="diaspora_members",
        format="csv",
        filters=filters,
        anonymised=anonymised,
    )
    export_run(job_id=job.pk)
    return job


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"awa", "moussa", "fanta", "oumar", "kadi", "binta"}),
        # Name (any case) or occupation, as the directory's search.
        ({"q": "AWA"}, {"awa"}),
        ({"q": "archi"}, {"binta"}),
        ({"q": "ï"}, {"fanta"}),
        # A skill by the start of its name, accents and case aside; a member holding two
        # matching skills is one row.
        ({"skill": "pédia"}, {"awa", "fanta", "kadi"}),
        ({"skill": "PEDIATRIE"}, {"awa", "fanta", "kadi"}),
        ({"skill": "pédag"}, {"awa"}),
        ({"skill": "menuiserie"}, set()),
        ({"language": "bm"}, {"awa", "fanta"}),
        ({"language": "en"}, {"oumar"}),
        ({"availability": "remote"}, {"awa", "fanta", "binta"}),
        ({"availability": "training"}, {"fanta"}),
        ({"availability": "mentoring"}, set()),
        # Together, and with the filters the data set already had.
        ({"skill": "pédiatrie", "language": "bm", "availability": "remote"}, {"awa", "fanta"}),
        ({"skill": "pédiatrie", "language": "bm", "q": "fanta"}, {"fanta"}),
        ({"language": "fr", "sector": "health", "country": "FR"}, {"awa", "moussa"}),
    ],
)
def test_each_directory_filter_narrows_the_file(
    filters, expected, manager, members, research_files
):
    job = _export(manager, filters)
    names = {members[key].user.full_name for key in expected}
    assert _names(job, research_files) == names
    assert job.filters == filters


def test_the_file_holds_what_the_directory_shows(client_as, manager, members, research_files):
    """Same filters, same people: the directory's page and the export's file."""
    filters = {"skill": "pédia", "language": "bm", "availability": "remote", "q": "a"}
    page = client_as(manager).get(reverse("diaspora:directory"), filters)
    shown = {m.user.full_name for m in page.context["page"].object_list}
    assert shown == {"Awa Diarra", "Fanta Keïta"}
    assert _names(_export(manager, filters), research_files) == shown


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"language": "xx"}, "n'est pas un choix valide"),
        ({"availability": "sometimes"}, "n'est pas un choix valide"),
        ({"skill": "p" * 101}, "au plus 100"),
        ({"q": 12}, "invalide"),
        ({"skills": "pédiatrie"}, "Filtre inconnu : skills."),
    ],
)
def test_api_refuses_unknown_values_with_a_translated_400(client_as, manager, filters, message):
    response = client_as(manager).post(
        API,
        {"dataset": "diaspora_members", "format": "csv", "filters": filters},
        content_type="application/json",
        headers={"accept-language": "fr"},
    )
    assert response.status_code == 400, response.content
    assert message in str(response.json()["filters"])
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    "filters", [{"language": "xx"}, {"availability": "sometimes"}, {"skill": "p" * 101}]
)
def test_the_service_refuses_them_too(manager, filters):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        export_request(
            user=manager,
            dataset="diaspora_members",
            format="csv",
            filters=filters,
            anonymised=True,
        )
    assert "filters" in error.value.message_dict
    assert not ExportJob.objects.exists()


def test_anonymised_export_with_the_new_filters_holds_no_names_and_hides_small_groups(
    researcher, members, research_files
):
    job = _export(researcher, {"skill": "pédiatrie"}, anonymised=True)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    with open(research_files / job.file.name, encoding="utf-8-sig", newline="") as f:
        content = f.read()
    header = content.splitlines()[0].split(",")
    assert not {"full_name", "email", "city", "occupation", "id"} & set(header)
    for member in members.values():
        assert member.user.full_name not in content
    # Three members, all (FR, no region, health): fewer than the smallest group shown.
    assert (job.rows, job.suppressed_rows) == (0, 3)
