"""The member's own profile: edit, completeness, CV, download and deletion of their data."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent, User
from diaspora.models import Member, MemberLanguage, Membership, MemberSkill, Mission
from diaspora.selectors import member_completeness, member_of

PROFILE = {
    "country": "FR",
    "city": "Montreuil",
    "years_abroad": "12",
    "occupation": "Infirmière",
    "sector": "health",
    "qualifications": "Diplôme d'État infirmier",
    "years_of_experience": "15",
    "available_short_missions": "on",
    "available_remote": "on",
    "days_per_year": "20",
    "interest_knowledge_transfer": "on",
    "languages": ["fr", "snk"],
    "skills-TOTAL_FORMS": "3",
    "skills-INITIAL_FORMS": "0",
    "skills-MIN_NUM_FORMS": "0",
    "skills-MAX_NUM_FORMS": "30",
    "skills-0-name": "Soins infirmiers",
    "skills-0-level": "4",
    "skills-1-name": "  santé   PUBLIQUE ",
    "skills-1-level": "2",
    "skills-2-name": "",
    "skills-2-level": "2",
}


def test_member_fills_the_profile_and_completeness_rises(client_as, member, region):
    client = client_as(member.user)
    before = member_completeness(member_of(member.user)).percent
    response = client.post(reverse("diaspora:me-edit"), {**PROFILE, "region_of_origin": region.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert member.city == "Montreuil" and member.years_abroad == 12
    assert member.region_of_origin == region
    assert set(MemberLanguage.objects.filter(member=member).values_list("language", flat=True)) == {
        "fr",
        "snk",
    }
    skills = {s.skill.name: s.level for s in MemberSkill.objects.filter(member=member)}
    assert skills == {"Soins infirmiers": 4, "santé PUBLIQUE": 2}  # Pédiatrie removed
    after = member_completeness(member_of(member.user))
    assert after.percent > before
    assert after.missing == ["CV"]
    html = client.get(reverse("diaspora:me")).content.decode()
    assert f"Profil complet à {after.percent} %" in html
    assert "Qui voit votre profil" in html
    assert AuditEvent.objects.filter(
        object_type="diaspora.member", object_id=str(member.pk), summary="profile saved"
    ).exists()


def test_same_skill_typed_differently_is_one_skill(client_as, member, other_member):
    from diaspora.models import Skill
    from diaspora.services import skill_get_or_create

    assert skill_get_or_create(name="pédiatrie ").pk == skill_get_or_create(name="PEDIATRIE").pk
    assert Skill.objects.filter(key="pediatrie").count() == 1


def test_impossible_years_give_french_errors_and_keep_what_was_typed(client_as, member):
    client = client_as(member.user)
    response = client.post(
        reverse("diaspora:me-edit"),
        {**PROFILE, "years_abroad": "140", "years_of_experience": "-3", "days_per_year": "400"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "plus de 80 ans à l&#x27;étranger n&#x27;est pas possible" in html
    assert "Le nombre d&#x27;années ne peut pas être négatif" in html
    assert "Une année compte 365 jours" in html
    assert 'value="Montreuil"' in html and 'value="Soins infirmiers"' in html
    member.refresh_from_db()
    assert member.city == ""


def test_news_opt_in_is_recorded_with_its_time(client_as, member):
    client = client_as(member.user)
    client.post(reverse("diaspora:me-edit"), {**PROFILE, "news_opt_in": "on"})
    member.refresh_from_db()
    assert member.news_opt_in and member.news_opt_in_at is not None
    client.post(reverse("diaspora:me-edit"), PROFILE)
    member.refresh_from_db()
    assert not member.news_opt_in and member.news_opt_in_at is None


def test_declared_association_waits_for_confirmation(client_as, member, manager, region):
    from diaspora.models import Association

    association = Association.objects.create(name="ARY France", country="FR")
    client = client_as(member.user)
    client.post(reverse("diaspora:me-edit"), {**PROFILE, "associations": [association.pk]})
    membership = Membership.objects.get(member=member)
    assert not membership.confirmed
    client = client_as(manager)
    response = client.post(reverse("diaspora:membership-confirm", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.confirmed


# --- CV ------------------------------------------------------------------------------------


def _upload(client, content: bytes, name: str = "cv.pdf", content_type="application/pdf"):
    return client.post(
        reverse("diaspora:me-cv-upload"),
        {"cv": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_real_pdf_is_stored_outside_static_and_served_only_as_attachment(
    client_as, member, pdf_bytes, settings
):
    client = client_as(member.user)
    response = _upload(client, pdf_bytes, name="Mon CV Awa Diarra.pdf")
    assert response.status_code == 302
    member.refresh_from_db()
    path = member.cv.path
    assert path.startswith(str(settings.DIASPORA_CV_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT)) and "static" not in path
    assert "Awa" not in path  # the file name given is never used on disk
    response = client.get(reverse("diaspora:me-cv-download"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(client_as, member):
    client = client_as(member.user)
    response = _upload(client, b"<html><script>alert(1)</script></html>", name="cv.pdf")
    assert response.status_code == 400
    assert "Le CV doit être un document PDF" in response.content.decode()
    member.refresh_from_db()
    assert not member.cv


def test_a_truncated_pdf_is_refused(client_as, member, pdf_bytes):
    response = _upload(client_as(member.user), pdf_bytes[:60])
    assert response.status_code == 400
    assert "endommagé ou incomplet" in response.content.decode()


def test_a_cv_above_the_limit_is_refused_and_the_old_one_kept(
    client_as, member, pdf_bytes, settings
):
    client = client_as(member.user)
    _upload(client, pdf_bytes)
    member.refresh_from_db()
    kept = member.cv.name
    settings.DIASPORA_CV_MAX_BYTES = 2048
    big = pdf_bytes[:-6] + b" " * 4096 + b"%%EOF\n"
    response = _upload(client, big)
    assert response.status_code == 400
    assert "Le CV est trop lourd" in response.content.decode()
    member.refresh_from_db()
    assert member.cv.name == kept


def test_member_removes_the_cv(client_as, member, pdf_bytes, django_capture_on_commit_callbacks):
    client = client_as(member.user)
    _upload(client, pdf_bytes)
    member.refresh_from_db()
    path = member.cv.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diaspora:me-cv-delete"))
    member.refresh_from_db()
    assert not member.cv
    import os

    assert not os.path.exists(path)
    assert client.get(reverse("diaspora:me-cv-download")).status_code == 404


# --- download and delete ---------------------------------------------------------------------


def test_member_downloads_all_their_data_as_json(client_as, member):
    response = client_as(member.user).get(reverse("diaspora:me-download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.user.email
    assert data["skills"] == [{"skill": "Pédiatrie", "level": 4}]
    assert sorted(data["languages"]) == ["bm", "fr"]
    assert AuditEvent.objects.filter(action="export", object_id=str(member.pk)).exists()


def test_deletion_asks_for_confirmation_then_erases_everything(
    client_as, member, pdf_bytes, make_need, django_capture_on_commit_callbacks
):
    client = client_as(member.user)
    name = member.user.full_name
    _upload(client, pdf_bytes)
    member.refresh_from_db()
    cv_path = member.cv.path
    Mission.objects.create(need=make_need(), member=member, status="proposed")
    page = client.get(reverse("diaspora:me-delete"))
    assert "irréversible" in page.content.decode()
    response = client.post(reverse("diaspora:me-delete"), {})
    assert response.status_code == 200
    assert "Cochez la case pour confirmer" in response.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("diaspora:me-delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not User.objects.filter(pk=member.user_id).exists()
    assert not Mission.objects.exists()
    import os

    assert not os.path.exists(cv_path)
    event = AuditEvent.objects.get(action="erase", object_id=str(member.pk))
    assert name not in event.summary and event.actor is None
    assert client.get(reverse("diaspora:me")).status_code == 302  # logged out


def test_opting_in_to_news_subscribes_the_member_through_campaigns(
    client_as, member, django_capture_on_commit_callbacks
):
    from campaigns.models import ConsentEvent, Subscriber, SubscriberSource, SubscriberStatus

    client = client_as(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diaspora:me-edit"), {**PROFILE, "news_opt_in": "on"})
    subscriber = Subscriber.objects.get(email=member.user.email)
    assert subscriber.source == SubscriberSource.DIASPORA
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert ConsentEvent.objects.filter(subscriber=subscriber).exists()
    # Saving again with the box still ticked does not subscribe twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diaspora:me-edit"), {**PROFILE, "news_opt_in": "on"})
    assert Subscriber.objects.filter(email=member.user.email).count() == 1
