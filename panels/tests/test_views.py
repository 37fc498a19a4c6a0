import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from panels import services
from panels.constants import AdviesStatus as S
from panels.models import Advies, Adviesaanvraag, Member, Reactie
from panels.tests.factories import MeetingFactory, MemberFactory
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, UserFactory

ROLES = ["anonymous", "officer", "coordinator", "chair", "plain_member", "outsider_member", "other_officer"]


@pytest.fixture
def users(policy_officer, coordinator, chair, plain_member, outsider_member, other_policy_officer):
    return {
        "anonymous": None,
        "officer": policy_officer,
        "coordinator": coordinator,
        "chair": chair,
        "plain_member": plain_member,
        "outsider_member": outsider_member,
        "other_officer": other_policy_officer,
    }


@pytest.fixture
def world(orgaan, make_advies, chair):
    advies = make_advies(orgaan, internal_note="GEHEIM-INTERN")
    sent = make_advies(orgaan, subject="Verzonden advies")
    services.advies_draft_save(advies=sent, user=chair, text="Ons advies")
    sent = services.advies_send(advies=sent, user=chair)
    meeting = MeetingFactory(orgaan=orgaan)
    return {"advies": advies, "sent": sent, "meeting": meeting}


def _url(name, world, orgaan):
    return {
        "orgaan-list": reverse("panels:orgaan-list"),
        "orgaan-detail": reverse("panels:orgaan-detail", args=[orgaan.pk]),
        "composition": reverse("panels:orgaan-composition", args=[orgaan.pk]),
        "member-export": reverse("panels:member-export", args=[orgaan.pk]) + "?format=csv",
        "member-create": reverse("panels:member-create", args=[orgaan.pk]),
        "advies-detail": reverse("panels:advies-detail", args=[world["advies"].pk]),
        "advies-draft": reverse("panels:advies-draft", args=[world["advies"].pk]),
        "reactie-create": reverse("panels:reactie-create", args=[world["sent"].pk]),
        "aanvraag-create": reverse("panels:aanvraag-create", args=[orgaan.pk]),
        "unsolicited": reverse("panels:advies-unsolicited", args=[orgaan.pk]),
        "meeting-detail": reverse("panels:meeting-detail", args=[world["meeting"].pk]),
        "meeting-ics": reverse("panels:meeting-ics", args=[world["meeting"].pk]),
        "meeting-update": reverse("panels:meeting-update", args=[world["meeting"].pk]),
        "overview": reverse("panels:overview"),
    }[name]


# page -> expected status per role, in the order of ROLES (302 = to the login page)
PAGES = {
    #                   anon  officer coord chair plain outsider other
    "orgaan-list": (302, 200, 200, 200, 200, 200, 200),
    "orgaan-detail": (302, 200, 200, 200, 200, 404, 404),
    "composition": (302, 200, 200, 403, 403, 404, 404),
    "member-export": (302, 200, 200, 403, 403, 404, 404),
    "member-create": (302, 200, 403, 403, 403, 404, 404),
    "advies-detail": (302, 200, 200, 200, 200, 404, 404),
    "advies-draft": (302, 200, 403, 200, 403, 404, 404),
    "reactie-create": (302, 200, 403, 403, 403, 404, 404),
    "aanvraag-create": (302, 200, 403, 403, 403, 404, 404),
    "unsolicited": (302, 200, 403, 200, 403, 404, 404),
    "meeting-detail": (302, 200, 200, 200, 200, 404, 404),
    "meeting-ics": (302, 200, 200, 200, 200, 404, 404),
    "meeting-update": (302, 200, 403, 403, 403, 404, 404),
    "overview": (302, 200, 200, 403, 403, 403, 200),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_who_sees_what(client, users, world, orgaan, page):
    url = _url(page, world, orgaan)
    for role, expected in zip(ROLES, PAGES[page], strict=True):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = client.get(url)
        assert response.status_code == expected, f"{page} as {role}: {response.status_code} != {expected}"
        if expected == 302:
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_members_never_see_internal_notes_or_contact_data(client, chair, world, orgaan, policy_officer):
    MemberFactory(orgaan=orgaan, email="vertrouwelijk@example.nl", contact_consent=True)
    client.force_login(chair)
    detail = client.get(reverse("panels:advies-detail", args=[world["advies"].pk])).content.decode()
    assert "GEHEIM-INTERN" not in detail
    assert (
        "vertrouwelijk@example.nl" not in client.get(reverse("panels:orgaan-detail", args=[orgaan.pk])).content.decode()
    )
    client.force_login(policy_officer)
    assert "GEHEIM-INTERN" in client.get(reverse("panels:advies-detail", args=[world["advies"].pk])).content.decode()


@pytest.mark.django_db
def test_isolation_between_organen_of_one_gemeente(client, gemeente, orgaan, chair, make_advies):
    from panels.tests.factories import OrgaanFactory

    jongerenraad = OrgaanFactory(name="Jongerenraad", gemeenten=[gemeente])
    hidden = make_advies(jongerenraad, subject="Onderwerp van de jongerenraad")
    client.force_login(chair)
    assert client.get(reverse("panels:orgaan-detail", args=[jongerenraad.pk])).status_code == 404
    assert client.get(reverse("panels:advies-detail", args=[hidden.pk])).status_code == 404
    listing = client.get(reverse("panels:advies-list")).content.decode()
    assert "Onderwerp van de jongerenraad" not in listing
    assert "Jongerenraad" not in client.get(reverse("panels:orgaan-list")).content.decode()


@pytest.mark.django_db
def test_isolation_between_gemeenten(client, policy_officer, other_orgaan, make_advies, other_policy_officer):
    foreign = make_advies(other_orgaan, subject="Pekels onderwerp", user=other_policy_officer)
    client.force_login(policy_officer)
    assert client.get(reverse("panels:advies-detail", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("panels:advies-close", args=[foreign.pk])).status_code == 404
    assert "Pekels onderwerp" not in client.get(reverse("panels:advies-list")).content.decode()
    assert "Adviesraad Pekela" not in client.get(reverse("panels:orgaan-list")).content.decode()


@pytest.mark.django_db
def test_member_of_other_gemeente_cannot_be_linked_by_id(client, policy_officer, orgaan, other_gemeente):
    stranger = UserFactory(email="vreemde@example.nl")
    MembershipFactory(user=stranger, gemeente=other_gemeente, role=Role.COUNCIL_MEMBER)
    client.force_login(policy_officer)
    response = client.post(
        reverse("panels:member-create", args=[orgaan.pk]),
        {
            "name": "Vreemde",
            "email": "vreemde@example.nl",
            "role": "lid",
            "term_start": "2026-01-01",
            "reappointment_count": 0,
            "user": stranger.pk,
        },
    )
    assert response.status_code == 400
    assert not Member.objects.filter(email="vreemde@example.nl").exists()


@pytest.mark.django_db
def test_aanvraag_for_foreign_gemeente_is_refused(client, policy_officer, orgaan, other_gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("panels:aanvraag-create", args=[orgaan.pk]),
        {
            "gemeente": other_gemeente.pk,
            "subject": "x",
            "question": "y",
            "policy_phase": "uitvoering",
            "room_for_advice": "ruim",
            "requested_on": timezone.localdate().isoformat(),
            "advice_deadline": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Adviesaanvraag.objects.exists()


@pytest.mark.django_db
def test_dates_out_of_order_are_refused(client, policy_officer, orgaan, gemeente, settings):
    settings.LANGUAGE_CODE = "nl"
    client.force_login(policy_officer)
    today = timezone.localdate()
    response = client.post(
        reverse("panels:aanvraag-create", args=[orgaan.pk]),
        {
            "gemeente": gemeente.pk,
            "subject": "Beleid",
            "question": "Vraag",
            "policy_phase": "uitvoering",
            "room_for_advice": "ruim",
            "requested_on": today.isoformat(),
            "advice_deadline": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Adviesaanvraag.objects.exists()
    member = client.post(
        reverse("panels:member-create", args=[orgaan.pk]),
        {
            "name": "A",
            "email": "a@example.nl",
            "role": "lid",
            "term_start": "2026-05-01",
            "term_end": "2026-04-01",
            "reappointment_count": 0,
        },
    )
    assert member.status_code == 400
    assert not Member.objects.exists()
    starts = timezone.localtime() + datetime.timedelta(days=3)
    meeting = client.post(
        reverse("panels:meeting-create", args=[orgaan.pk]),
        {
            "title": "Vergadering",
            "kind": "regulier",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Stadhuis",
        },
    )
    assert meeting.status_code == 400


@pytest.mark.django_db
def test_illegal_transition_via_view_is_refused_with_message(client, policy_officer, world):
    client.force_login(policy_officer)
    advies = world["advies"]
    services.advies_withdraw(advies=advies, user=policy_officer, reason="Niet meer nodig")
    response = client.post(reverse("panels:advies-close", args=[advies.pk]))
    assert response.status_code == 409
    response = client.post(
        reverse("panels:reactie-create", args=[advies.pk]), {"answered_on": "2026-01-01", "outcome": "overgenomen"}
    )
    assert response.status_code == 409
    advies.refresh_from_db()
    assert advies.status == S.WITHDRAWN


@pytest.mark.django_db
def test_chair_drafts_and_sends_through_the_pages(client, chair, world):
    advies = world["advies"]
    client.force_login(chair)
    response = client.post(reverse("panels:advies-draft", args=[advies.pk]), {"text": "Wij adviseren positief."})
    assert response.status_code == 302
    advies.refresh_from_db()
    assert advies.status == S.IN_PREPARATION
    response = client.post(
        reverse("panels:advies-send", args=[advies.pk]), {"sent_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    advies.refresh_from_db()
    assert advies.status == S.SENT
    assert advies.answer_deadline == advies.sent_on + datetime.timedelta(days=42)
    # Sent advice can no longer be changed.
    assert client.get(reverse("panels:advies-draft", args=[advies.pk])).status_code == 403


@pytest.mark.django_db
def test_officer_registers_answer_with_required_reasons(client, policy_officer, world):
    sent = world["sent"]
    client.force_login(policy_officer)
    url = reverse("panels:reactie-create", args=[sent.pk])
    data = {"answered_on": timezone.localdate().isoformat(), "outcome": "niet-overgenomen", "reasons": ""}
    assert client.post(url, data).status_code == 400
    assert not Reactie.objects.exists()
    data["reasons"] = "Past niet in de begroting."
    assert client.post(url, data).status_code == 302
    sent.refresh_from_db()
    assert sent.status == S.ANSWERED
    assert sent.reactie.reasons == "Past niet in de begroting."


@pytest.mark.django_db
def test_meeting_ics(client, chair, world):
    client.force_login(chair)
    response = client.get(reverse("panels:meeting-ics", args=[world["meeting"].pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" in body and "DTSTART:" in body and "END:VCALENDAR" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


@pytest.mark.django_db
def test_advies_list_query_count_is_flat(client, policy_officer, orgaan, make_advies, django_assert_max_num_queries):
    client.force_login(policy_officer)
    for n in range(3):
        make_advies(orgaan, subject=f"A{n}")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("panels:advies-list"))
    for n in range(20):
        make_advies(orgaan, subject=f"B{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("panels:advies-list"))
    with django_assert_max_num_queries(20):
        client.get(reverse("panels:orgaan-detail", args=[orgaan.pk]))


@pytest.mark.django_db
def test_dashboard_panel(client, chair, policy_officer, world):
    client.force_login(chair)
    page = client.get(reverse("home")).content.decode()
    assert world["advies"].subject in page
    assert world["meeting"].title in page
    client.force_login(policy_officer)
    page = client.get(reverse("home")).content.decode()
    assert "Verzonden advies" in page


@pytest.mark.django_db
def test_unsolicited_advies_via_page(client, chair, orgaan, gemeente):
    client.force_login(chair)
    response = client.post(
        reverse("panels:advies-unsolicited", args=[orgaan.pk]),
        {
            "gemeente": gemeente.pk,
            "subject": "Wachttijden",
            "text": "Kortere wachttijden.",
            "sent_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    advies = Advies.objects.get(subject="Wachttijden")
    assert advies.status == S.SENT and advies.aanvraag is None


@pytest.mark.django_db
def test_public_page_shows_councils_and_public_meetings_without_personal_data(client, gemeente, orgaan, chair):
    from panels.constants import MeetingKind

    MeetingFactory(orgaan=orgaan, kind=MeetingKind.PUBLIC, title="Openbare vergadering")
    MeetingFactory(orgaan=orgaan, kind=MeetingKind.REGULAR, title="Besloten vergadering")
    page = client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()
    assert orgaan.name in page
    assert "Openbare vergadering" in page
    assert "Besloten vergadering" not in page
    assert chair.email not in page


@pytest.mark.django_db
def test_attendance_only_for_members_of_the_orgaan(client, policy_officer, orgaan, other_orgaan, world):
    from panels.models import Attendance

    mine = MemberFactory(orgaan=orgaan)
    foreign = MemberFactory(orgaan=other_orgaan)
    client.force_login(policy_officer)
    url = reverse("panels:meeting-attendance", args=[world["meeting"].pk])
    response = client.post(url, {f"member_{mine.pk}": "aanwezig", f"member_{foreign.pk}": "aanwezig"})
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("member_id", "status")) == [(mine.pk, "aanwezig")]
    assert client.post(url, {f"member_{mine.pk}": "koning"}).status_code == 400


@pytest.mark.django_db
def test_only_officers_change_a_meeting(client, orgaan, chair, coordinator, plain_member, policy_officer):
    """Regression: a mixin's ``permission = None`` let members and coordinators rewrite any meeting."""
    meeting = MeetingFactory(orgaan=orgaan, title="Openbare vergadering", kind="openbaar")
    starts = timezone.localtime(meeting.starts_at)
    data = {
        "title": "Overschreven",
        "kind": "openbaar",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Elders",
    }
    url = reverse("panels:meeting-update", args=[meeting.pk])
    for user in (chair, coordinator, plain_member):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    meeting.refresh_from_db()
    assert (meeting.title, meeting.location) == ("Openbare vergadering", "Stadhuis")
    client.force_login(policy_officer)
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Overschreven"


@pytest.mark.django_db
def test_thematic_meeting_needs_invited_groups(client, policy_officer, orgaan):
    client.force_login(policy_officer)
    starts = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "title": "Thema jeugd",
        "kind": "thematisch",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Stadhuis",
        "agenda": "Welkom\n\nGesprek\n",
    }
    assert client.post(reverse("panels:meeting-create", args=[orgaan.pk]), data).status_code == 400
    data["invited_target_groups"] = ["jongeren", "ouders"]
    assert client.post(reverse("panels:meeting-create", args=[orgaan.pk]), data).status_code == 302
    meeting = orgaan.meetings.get()
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Welkom", "Gesprek"]


@pytest.mark.django_db
def test_officer_creates_orgaan_only_for_own_gemeenten(client, policy_officer, gemeente, other_gemeente):
    from panels.models import Orgaan
    from participatie.tests.factories import RegioFactory

    client.force_login(policy_officer)
    url = reverse("panels:orgaan-create")
    data = {
        "name": "Wmo-raad Middelburg",
        "kind": "wmo-raad",
        "level": "gemeente",
        "gemeenten": [gemeente.pk],
        "laws": ["wmo"],
        "response_term_value": 6,
        "response_term_unit": "weken",
    }
    assert client.post(url, {**data, "gemeenten": [gemeente.pk, other_gemeente.pk]}).status_code == 400
    shared = RegioFactory()
    shared.gemeenten.set([gemeente, other_gemeente])
    assert client.post(url, {**data, "gemeenten": [], "regio": shared.pk}).status_code == 400
    assert client.post(url, {**data, "dissolved_on": "2026-01-01"}).status_code == 400  # no reason given
    assert not Orgaan.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    orgaan = Orgaan.objects.get()
    assert list(orgaan.gemeenten.all()) == [gemeente] and orgaan.laws == ["wmo"]


def test_deadlines_and_terms_show_the_month_in_full_dutch(client, policy_officer, gemeente):
    # "j M Y" printed "19 Nov 2026" (a capitalised, English-looking abbreviation) beside "19 november 2026".
    from panels.tests.factories import AanvraagFactory, AdviesFactory, OrgaanFactory

    orgaan = OrgaanFactory(gemeenten=[gemeente])
    aanvraag = AanvraagFactory(orgaan=orgaan, requested_on=datetime.date(2026, 10, 1))
    aanvraag.advice_deadline = datetime.date(2026, 10, 19)
    aanvraag.save()
    AdviesFactory(aanvraag=aanvraag)
    MemberFactory(orgaan=orgaan, term_start=datetime.date(2025, 3, 1), term_end=datetime.date(2029, 3, 1))
    client.force_login(policy_officer)

    adviezen = client.get(reverse("panels:advies-list")).content.decode()
    orgaan_page = client.get(reverse("panels:orgaan-detail", args=[orgaan.pk])).content.decode()

    assert "19 oktober 2026" in adviezen and "Okt" not in adviezen
    assert "1 maart 2025" in orgaan_page and "Mrt" not in orgaan_page


@pytest.mark.django_db
def test_an_agenda_line_longer_than_an_item_holds_is_a_dutch_form_error(client, policy_officer, orgaan):
    # Each line is stored as an agenda item of at most 300 characters; PostgreSQL answered a longer one with a 500.
    client.force_login(policy_officer)
    starts = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "title": "Vergadering",
        "kind": "regulier",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Stadhuis",
        "agenda": "Welkom\n" + "x" * 301,
    }
    response = client.post(reverse("panels:meeting-create", args=[orgaan.pk]), data)
    assert response.status_code == 400
    assert "Agendapunt 2 is te lang" in response.content.decode()
    assert not orgaan.meetings.exists()


def test_a_renamed_html_page_is_not_accepted_as_a_pdf_document(client, policy_officer, orgaan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from panels.models import Document
    from panels.tests.factories import MeetingFactory

    meeting = MeetingFactory(orgaan=orgaan)
    client.force_login(policy_officer)
    response = client.post(
        reverse("panels:meeting-document", args=[meeting.pk]),
        {"title": "Notulen", "file": SimpleUploadedFile("notulen.pdf", b"<html><script>x</script></html>")},
    )
    assert response.status_code == 400
    assert "past niet bij het soort bestand" in response.content.decode()
    assert not Document.objects.exists()
