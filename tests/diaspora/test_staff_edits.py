"""Staff edit needs, associations and projects: who may, stale-edit refusal, audit, removal."""

import html

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from diaspora.models import Association, Need, Project, ProjectUpdate

STALE = "Quelqu'un d'autre a enregistré cette fiche"


@pytest.fixture
def association(db):
    return Association.objects.create(name="Association des Kayésiens de Montreuil", country="FR")


@pytest.fixture
def project(association, region):
    return Project.objects.create(
        association=association,
        title="Puits de Diéma",
        commune="Diéma",
        region=region,
        sector="other",
        budget=5_000_000,
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def _need_data(need, **changes):
    data = {
        "title": need.title,
        "institution": need.institution,
        "description": need.description,
        "sector": need.sector,
        "kind": need.kind,
        "duration": need.duration,
        "region": need.region_id or "",
        "location": need.location,
        "skill_names": ", ".join(s.name for s in need.skills.all()),
        "languages": need.languages,
        "version": need.version,
    }
    if need.remote_possible:
        data["remote_possible"] = "on"
    data.update(changes)
    return data


def _association_data(association, **changes):
    data = {
        "name": association.name,
        "kind": association.kind,
        "country": association.country,
        "city": association.city,
        "region_of_origin": association.region_of_origin_id or "",
        "village_of_origin": association.village_of_origin,
        "contact_name": association.contact_name,
        "contact_email": association.contact_email,
        "contact_phone": association.contact_phone,
        "version": association.version,
    }
    data.update(changes)
    return data


def _project_data(project, **changes):
    data = {
        "title": project.title,
        "description": project.description,
        "commune": project.commune,
        "region": project.region_id,
        "sector": project.sector,
        "budget": str(project.budget),
        "amount_raised": str(project.amount_raised),
        "status": project.status,
        "version": project.version,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["anonymous", *Role.values])
def test_edit_pages_are_for_counsellors_and_managers(
    role, users_by_role, client_as, make_need, association, project
):
    client = client_as(users_by_role[role])
    urls = [
        reverse("diaspora:need-edit", args=[make_need().pk]),
        reverse("diaspora:association-edit", args=[association.pk]),
        reverse("diaspora:project-edit", args=[project.pk]),
    ]
    for url in urls:
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302
        elif role in (Role.COUNSELLOR, Role.MANAGER):
            assert status == 200
        else:
            assert status == 403, (role, url)


@pytest.mark.parametrize("role", ["anonymous", *Role.values])
def test_only_managers_remove_a_project(role, users_by_role, client_as, project):
    client = client_as(users_by_role[role])
    url = reverse("diaspora:project-remove", args=[project.pk])
    status = client.post(url, {"confirm": "on"}).status_code
    if role == Role.MANAGER:
        assert status == 302
        assert not Project.objects.filter(pk=project.pk).exists()
    else:
        assert status == (302 if role == "anonymous" else 403)
        assert Project.objects.filter(pk=project.pk).exists()


def test_counsellor_edits_a_need_and_the_change_is_audited(client_as, counsellor, make_need):
    need = make_need(skills=["Pédiatrie"])
    client = client_as(counsellor)
    url = reverse("diaspora:need-edit", args=[need.pk])
    page = client.get(url).content.decode()
    assert "Pédiatrie" in page  # the form opens with what the need asks
    response = client.post(
        url,
        _need_data(need, title="Formation des infirmières", skill_names="Pédiatrie, Obstétrique"),
    )
    assert response.status_code == 302
    need = Need.objects.get(pk=need.pk)
    assert need.title == "Formation des infirmières"
    assert sorted(s.name for s in need.skills.all()) == ["Obstétrique", "Pédiatrie"]
    assert need.version == 2
    event = AuditEvent.objects.get(object_type="diaspora.need", action="update")
    assert event.summary == "changed: title, skills"
    assert event.actor == counsellor


def test_two_staff_editing_the_same_need_the_second_save_is_refused(
    client_as, counsellor, manager, make_need
):
    need = make_need()
    url = reverse("diaspora:need-edit", args=[need.pk])
    opened_by_both = _need_data(need)
    client_as(manager).post(url, {**opened_by_both, "title": "Titre du responsable"})
    second = client_as(counsellor).post(url, {**opened_by_both, "title": "Titre du conseiller"})
    assert second.status_code == 200
    page = text(second)
    assert STALE in page
    assert "Titre du conseiller" in page  # what they typed is kept
    need.refresh_from_db()
    assert need.title == "Titre du responsable"
    # The form now carries the version they were shown: saving again is a deliberate overwrite.
    assert second.context["form"].data["version"] == str(need.version)
    again = client_as(counsellor).post(
        url, {**opened_by_both, "title": "Titre du conseiller", "version": need.version}
    )
    assert again.status_code == 302
    need.refresh_from_db()
    assert need.title == "Titre du conseiller"


def test_need_edit_keeps_what_was_typed_on_a_bad_date(client_as, counsellor, make_need):
    need = make_need()
    response = client_as(counsellor).post(
        reverse("diaspora:need-edit", args=[need.pk]),
        _need_data(need, title="Nouveau titre", start_date="2027-03-01", end_date="2027-02-01"),
    )
    assert response.status_code == 200
    assert "La date de fin est antérieure à la date de début" in text(response)
    assert "Nouveau titre" in text(response)
    need.refresh_from_db()
    assert need.title != "Nouveau titre"


def test_association_edit_normalises_the_phone_and_refuses_a_stale_copy(
    client_as, counsellor, manager, association
):
    url = reverse("diaspora:association-edit", args=[association.pk])
    opened = _association_data(association)
    response = client_as(counsellor).post(
        url, {**opened, "contact_name": "Fanta Cissé", "contact_phone": "06 12 34 56 78"}
    )
    assert response.status_code == 200  # no country code: a French mobile is not Malian
    assert "numéro de téléphone n'est pas valide" in text(response)
    response = client_as(counsellor).post(
        url, {**opened, "contact_name": "Fanta Cissé", "contact_phone": "+33 6 12 34 56 78"}
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert (association.contact_name, association.contact_phone) == ("Fanta Cissé", "+33612345678")
    stale = client_as(manager).post(url, {**opened, "city": "Paris"})
    assert STALE in text(stale)
    association.refresh_from_db()
    assert association.city == "" and association.contact_name == "Fanta Cissé"
    assert AuditEvent.objects.filter(
        object_type="diaspora.association", action="update", actor=counsellor
    ).exists()


def test_project_edit_and_stale_copy(client_as, counsellor, manager, project):
    url = reverse("diaspora:project-edit", args=[project.pk])
    opened = _project_data(project)
    assert (
        client_as(manager).post(url, {**opened, "budget": "6000000", "status": "fundraising"})
    ).status_code == 302
    project.refresh_from_db()
    assert (project.budget, project.status, project.version) == (6_000_000, "fundraising", 2)
    stale = client_as(counsellor).post(url, {**opened, "commune": "Kayes"})
    assert STALE in text(stale)
    project.refresh_from_db()
    assert project.commune == "Diéma"
    event = AuditEvent.objects.get(object_type="diaspora.project", action="update")
    assert event.summary == "changed: budget, status"


def test_removing_a_project_asks_first(client_as, manager, project):
    ProjectUpdate.objects.create(project=project, text="Forage terminé")
    client = client_as(manager)
    url = reverse("diaspora:project-remove", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Puits de Diéma" in text(page)
    unticked = client.post(url, {})
    assert unticked.status_code == 200
    assert "Cochez la case pour confirmer la suppression" in text(unticked)
    assert Project.objects.filter(pk=project.pk).exists()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not ProjectUpdate.objects.filter(text="Forage terminé").exists()
    assert AuditEvent.objects.filter(
        object_type="diaspora.project", action="delete", actor=manager
    ).exists()


def test_association_page_offers_edit_links_by_role(client_as, counsellor, manager, project):
    url = reverse("diaspora:association-detail", args=[project.association_id])
    counsellor_page = client_as(counsellor).get(url).content.decode()
    assert reverse("diaspora:project-edit", args=[project.pk]) in counsellor_page
    assert reverse("diaspora:project-remove", args=[project.pk]) not in counsellor_page
    manager_page = client_as(manager).get(url).content.decode()
    assert reverse("diaspora:project-remove", args=[project.pk]) in manager_page
