"""Associations and co-development projects: recorded by staff, read by members."""

from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from diaspora.models import Association, Member, Project


def test_staff_record_an_association_and_its_project(client_as, counsellor, region):
    client = client_as(counsellor)
    response = client.post(
        reverse("diaspora:association-create"),
        {
            "name": "Association des Kayésiens de Lleida",
            "kind": "association",
            "country": "ES",
            "city": "Lleida",
            "region_of_origin": region.pk,
            "village_of_origin": "Diéma",
            "contact_name": "Secrétaire",
            "contact_phone": "+34 612 34 56 78",
        },
    )
    association = Association.objects.get()
    assert response["Location"] == reverse("diaspora:association-detail", args=[association.pk])
    assert association.contact_phone == "+34612345678"
    response = client.post(
        reverse("diaspora:project-create", args=[association.pk]),
        {
            "title": "Moulin à grains",
            "commune": "Diéma",
            "region": region.pk,
            "sector": "agriculture",
            "budget": "4500000",
            "amount_raised": "1000000",
            "status": "fundraising",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.percent_raised == 22
    html = client.get(reverse("diaspora:association-detail", args=[association.pk])).content
    assert "Moulin à grains" in html.decode() and "Secrétaire" in html.decode()
    assert (
        "Aucun membre n&#x27;a encore déclaré" in html.decode()
        or "Aucun membre n'a" in html.decode()
    )
    assert AuditEvent.objects.filter(object_type="diaspora.project", action="create").exists()


def test_bad_phone_and_negative_budget_get_french_errors(client_as, manager, region):
    client = client_as(manager)
    html = client.post(
        reverse("diaspora:association-create"),
        {"name": "ARY", "kind": "association", "country": "FR", "contact_phone": "12"},
    ).content.decode()
    assert "Ce numéro de téléphone n&#x27;est pas valide" in html
    association = Association.objects.create(name="ARY", country="FR")
    html = client.post(
        reverse("diaspora:project-create", args=[association.pk]),
        {
            "title": "Forage",
            "commune": "Kersignané",
            "region": region.pk,
            "sector": "engineering",
            "budget": "-5",
            "amount_raised": "0",
            "status": "idea",
        },
    ).content.decode()
    assert "supérieure ou égale à 0" in html and 'value="Forage"' in html
    assert not Project.objects.exists()


def test_members_read_associations_but_neither_contacts_nor_forms(client_as, member, users_by_role):
    association = Association.objects.create(
        name="ARY", country="FR", contact_name="Mme Contact", contact_email="c@example.test"
    )
    association.memberships.create(member=member, confirmed=True)
    client = client_as(member.user)
    html = client.get(reverse("diaspora:association-detail", args=[association.pk])).content
    assert "ARY" in html.decode() and "Mme Contact" not in html.decode()
    assert member.user.full_name not in html.decode()  # other members are not listed
    assert client.get(reverse("diaspora:association-create")).status_code == 403
    assert client.get(reverse("diaspora:project-create", args=[association.pk])).status_code == 403
    for role in (Role.RESEARCHER, Role.CONTENT_EDITOR, Role.CAMPAIGN_MANAGER):
        other = client_as(users_by_role[role])
        assert other.get(reverse("diaspora:association-list")).status_code == 403


def test_a_member_without_a_profile_gets_an_empty_one(client_as, make_user):
    user = make_user(Role.DIASPORA_MEMBER)
    response = client_as(user).get(reverse("diaspora:me"))
    assert response.status_code == 200
    assert Member.objects.get(user=user).confirmed_at is not None
