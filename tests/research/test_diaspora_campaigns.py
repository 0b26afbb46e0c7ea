"""Exports and dashboard sections on diaspora members and campaign deliveries."""

import csv

import pytest
from django.urls import reverse
from django.utils import timezone

from cigem.models import Region
from cigem.services import region_sync
from research.models import ExportStatus
from research.services import export_request, export_run

pytestmark = pytest.mark.django_db(transaction=True)


def make_members(make_user, groups, confirmed=True):
    """groups: {(country, sector): n}."""
    from diaspora.models import Member

    region_sync()
    region = Region.objects.get(code="KAY")
    made = []
    for (country, sector), n in groups.items():
        for _ in range(n):
            user = make_user("diaspora_member", full_name="=cmd|' /C calc'!A0")
            member, _created = Member.objects.update_or_create(
                user=user,
                defaults={
                    "country": country,
                    "sector": sector,
                    "region_of_origin": region,
                    "confirmed_at": timezone.now() if confirmed else None,
                },
            )
            made.append(member)
    return made


def make_deliveries(make_user, statuses):
    from campaigns.models import Campaign, Delivery, Subscriber

    region_sync()
    campaign = Campaign.objects.create(name="Migrer légalement", created_by=make_user("manager"))
    region = Region.objects.get(code="SEG")
    n = 0
    for status, count in statuses.items():
        for _ in range(count):
            n += 1
            subscriber = Subscriber.objects.create(
                phone=f"+2237600{n:04d}", language="fr", source="import", region=region
            )
            Delivery.objects.create(
                campaign=campaign,
                subscriber=subscriber,
                channel="sms",
                language="fr",
                status=status,
                sent_at=timezone.now(),
            )
    return campaign


def read_csv(job, root):
    with open(root / job.file.name, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_member_export_identified_neutralises_and_anonymised_drops_names(
    make_user, manager, researcher, research_files
):
    make_members(make_user, {("FR", "health"): 5, ("ES", "ict"): 2})
    make_members(make_user, {("FR", "health"): 3}, confirmed=False)  # never confirmed: left out
    job = export_request(
        user=manager, dataset="diaspora_members", format="csv", filters={}, anonymised=False
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    rows = read_csv(job, research_files)
    assert len(rows) == 1 + 7
    names = {r[rows[0].index("full_name")] for r in rows[1:]}
    assert names == {"'=cmd|' /C calc'!A0"}
    job = export_request(
        user=researcher, dataset="diaspora_members", format="csv", filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    rows = read_csv(job, research_files)
    assert not {"full_name", "email", "city", "occupation", "id"} & set(rows[0])
    assert (job.rows, job.suppressed_rows) == (5, 2)


def test_delivery_export_and_reach(make_user, manager, researcher, client_as, research_files):
    make_deliveries(make_user, {"delivered": 6, "sent": 1, "skipped": 2, "failed": 1})
    job = export_request(
        user=researcher, dataset="campaign_deliveries", format="xlsx", filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    job = export_request(
        user=manager,
        dataset="campaign_deliveries",
        format="csv",
        filters={"delivery_status": "delivered"},
        anonymised=False,
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    rows = read_csv(job, research_files)
    assert job.rows == 6 and rows[1][rows[0].index("phone")].startswith("'+223")
    from research.facts import facts_refresh

    facts_refresh()
    content = client_as(researcher).get(reverse("research:dashboard")).content.decode()
    assert "Portée des campagnes" in content
    assert "Diaspora" in content


def test_key_figures_show_campaigns_and_diaspora_with_small_cells_hidden(client, make_user):
    make_members(make_user, {("FR", "health"): 6, ("ES", "ict"): 2})
    content = client.get(reverse("research:key-figures")).content.decode()
    assert "Membres de la diaspora par pays de résidence" in content
    assert ">6<" in content and "&lt; 5" in content
