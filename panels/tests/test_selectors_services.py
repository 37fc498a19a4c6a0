import datetime
from unittest import mock

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from panels import services
from panels.models import Adviesaanvraag, Member, Orgaan
from panels.selectors import (
    add_months,
    member_contact_emails,
    orgaan_composition,
    orgaan_list_for_user,
    user_list_linkable,
)
from panels.tests.factories import MemberFactory, OrgaanFactory
from participatie.constants import Role
from participatie.constants import TargetGroup as T
from participatie.tests.factories import GemeenteFactory, MembershipFactory, RegioFactory, UserFactory


def test_add_months():
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 1, 15), 3) == datetime.date(2026, 4, 15)


@pytest.mark.django_db
def test_contact_emails_only_current_consenting_members(orgaan):
    today = timezone.localdate()
    MemberFactory(orgaan=orgaan, email="ja@example.nl", contact_consent=True)
    MemberFactory(orgaan=orgaan, email="nee@example.nl", contact_consent=False)
    MemberFactory(orgaan=orgaan, email="oud@example.nl", term_end=today - datetime.timedelta(days=1))
    MemberFactory(orgaan=orgaan, email="straks@example.nl", term_start=today + datetime.timedelta(days=5))
    MemberFactory(email="ander@example.nl")
    assert member_contact_emails(orgaan=orgaan) == ["ja@example.nl"]


@pytest.mark.django_db
def test_composition_terms_ending_and_gaps(orgaan):
    today = timezone.localdate()
    orgaan.target_groups = [T.YOUTH, T.ELDERLY, T.MIGRANTS]
    orgaan.save()
    soon = MemberFactory(orgaan=orgaan, target_groups=[T.YOUTH], term_end=today + datetime.timedelta(days=60))
    MemberFactory(orgaan=orgaan, target_groups=[T.ELDERLY, T.YOUTH], term_end=today + datetime.timedelta(days=200))
    MemberFactory(orgaan=orgaan, target_groups=[T.MIGRANTS], term_end=today - datetime.timedelta(days=3))  # former
    composition = orgaan_composition(orgaan=orgaan)
    assert composition.ending_soon == [soon]
    assert composition.gaps == [T.MIGRANTS]
    assert composition.represented[T.YOUTH] == 2


@pytest.mark.django_db
def test_regional_orgaan_serves_regio_and_is_seen_by_its_gemeenten(policy_officer, gemeente):
    veere = GemeenteFactory(name="Veere")
    regio = RegioFactory()
    regio.gemeenten.set([gemeente, veere])
    officer_veere = UserFactory()
    MembershipFactory(user=officer_veere, gemeente=veere, role=Role.POLICY_OFFICER)
    orgaan = services.orgaan_save(
        orgaan=Orgaan(name="Regionale raad", kind="clientenraad"), user=policy_officer, gemeenten=[], regio=regio
    )
    assert set(orgaan.gemeenten.all()) == {gemeente, veere}
    assert list(orgaan_list_for_user(user=policy_officer)) == [orgaan]
    assert list(orgaan_list_for_user(user=officer_veere)) == [orgaan]
    # No duplicates although the orgaan serves two gemeenten of a regio member.
    regio_coordinator = UserFactory()
    MembershipFactory(user=regio_coordinator, gemeente=None, regio=regio, role=Role.COORDINATOR)
    assert list(orgaan_list_for_user(user=regio_coordinator)) == [orgaan]


@pytest.mark.django_db
def test_linkable_users_are_council_members_of_served_gemeenten(orgaan, council_member, other_gemeente, policy_officer):
    stranger = UserFactory()
    MembershipFactory(user=stranger, gemeente=other_gemeente, role=Role.COUNCIL_MEMBER)
    assert list(user_list_linkable(orgaan=orgaan)) == [council_member]


@pytest.mark.django_db
def test_member_reappoint(orgaan):
    member = MemberFactory(orgaan=orgaan)
    with pytest.raises(ValidationError):
        services.member_reappoint(member=member, term_end=member.term_end)
    member = services.member_reappoint(member=member, term_end=member.term_end + datetime.timedelta(days=4 * 365))
    assert member.reappointment_count == 1


@pytest.mark.django_db
def test_member_email_unique_per_orgaan(orgaan):
    MemberFactory(orgaan=orgaan, email="a@example.nl")
    with pytest.raises(ValidationError):
        services.member_save(
            member=Member(orgaan=orgaan, name="B", email="A@example.nl", term_start=timezone.localdate())
        )


@pytest.mark.django_db
def test_aanvraag_mails_chair_and_secretary(orgaan, policy_officer, django_capture_on_commit_callbacks):
    MemberFactory(orgaan=orgaan, role="voorzitter", email="voorzitter@example.nl")
    MemberFactory(orgaan=orgaan, role="lid", email="lid@example.nl")
    aanvraag = Adviesaanvraag(
        orgaan=orgaan,
        gemeente=orgaan.gemeenten.first(),
        subject="Wmo-verordening",
        question="Vraag",
        policy_phase="besluitvorming",
        advice_deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.aanvraag_create(aanvraag=aanvraag, user=policy_officer)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].bcc == ["voorzitter@example.nl"]
    assert "Wmo-verordening" in mail.outbox[0].subject


@pytest.mark.django_db
def test_dissolved_orgaan_needs_reason_and_takes_no_aanvraag(orgaan, policy_officer):
    orgaan.dissolved_on = timezone.localdate()
    with pytest.raises(ValidationError):
        orgaan.full_clean()
    orgaan.dissolved_reason = "Nieuwe participatieraad"
    orgaan.dissolved_on = timezone.localdate() - datetime.timedelta(days=1)
    orgaan.save()
    aanvraag = Adviesaanvraag(
        orgaan=orgaan,
        gemeente=orgaan.gemeenten.first(),
        subject="x",
        question="y",
        policy_phase="uitvoering",
        advice_deadline=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        services.aanvraag_create(aanvraag=aanvraag, user=policy_officer, notify=False)
    assert not Adviesaanvraag.objects.exists()


@pytest.mark.django_db
def test_other_orgaan_factory_isolated():
    assert OrgaanFactory().gemeenten.count() == 1


@pytest.mark.django_db
def test_aanvraag_is_saved_when_the_broker_is_down_and_the_periodic_run_sends_once(
    orgaan, policy_officer, django_capture_on_commit_callbacks
):
    from panels.models import AanvraagNotification
    from participatie.constants import DeliveryStatus

    MemberFactory(orgaan=orgaan, role="voorzitter", email="voorzitter@example.nl")
    aanvraag = Adviesaanvraag(
        orgaan=orgaan,
        gemeente=orgaan.gemeenten.first(),
        subject="Wmo-verordening",
        question="Vraag",
        policy_phase="besluitvorming",
        advice_deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    with (
        mock.patch("panels.tasks.aanvraag_notify.delay", side_effect=ConnectionError("Redis is down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        advies = services.aanvraag_create(aanvraag=aanvraag, user=policy_officer)
    assert Adviesaanvraag.objects.count() == 1
    assert AanvraagNotification.objects.get(aanvraag=aanvraag).status == DeliveryStatus.PENDING
    assert mail.outbox == []
    assert services.aanvraag_notifications_send_due()["sent"] == 1
    assert services.aanvraag_notifications_send_due()["sent"] == 0
    assert [m.bcc for m in mail.outbox] == [["voorzitter@example.nl"]]
    # The officer sees how the e-mail stands on the advies page.
    client = Client()
    client.force_login(policy_officer)
    page = client.get(reverse("panels:advies-detail", args=[advies.pk])).content.decode()
    assert "E-mail aan voorzitter en secretaris" in page and "Verzonden" in page


@pytest.mark.django_db
def test_waiting_aanvraag_emails_are_sent_by_the_command(make_advies, orgaan):
    from django.core.management import call_command

    from panels.models import AanvraagNotification

    MemberFactory(orgaan=orgaan, role="voorzitter", email="voorzitter@example.nl")
    advies = make_advies(orgaan)
    AanvraagNotification.objects.create(aanvraag=advies.aanvraag)
    call_command("send_aanvraag_notifications")
    call_command("send_aanvraag_notifications")
    assert [m.bcc for m in mail.outbox] == [["voorzitter@example.nl"]]
