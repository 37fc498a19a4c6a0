"""The register wired to panels (advies sent) and surveys (survey closed): created once, owed to the right people."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from feedback.constants import ContributorKind, Outcome, SourceKind
from feedback.integration import inbreng_register_for_advies, inbreng_register_for_survey
from feedback.models import Inbreng
from feedback.services import terugkoppeling_give
from panels.services import aanvraag_create, advies_draft_save, advies_send
from panels.tests.factories import AanvraagFactory, MemberFactory, OrgaanFactory
from surveys.models import TerugkoppelingEmail
from surveys.services import survey_close
from surveys.tests.factories import OpenSurveyFactory, TerugkoppelingEmailFactory

pytestmark = pytest.mark.django_db


def _final(inbreng, user):
    return terugkoppeling_give(
        inbreng=inbreng,
        author=user,
        outcome=Outcome.ADOPTED,
        what_was_done="Het college neemt het advies over.",
        given_on=timezone.localdate(),
        channel="e-mail",
    )


@pytest.fixture
def sent_advies(gemeente, policy_officer):
    orgaan = OrgaanFactory(gemeenten=[gemeente], name="Adviesraad sociaal domein Middelburg")
    aanvraag = AanvraagFactory.build(orgaan=orgaan, gemeente=gemeente)
    advies = aanvraag_create(aanvraag=aanvraag, user=policy_officer, notify=False)
    advies = advies_draft_save(advies=advies, user=policy_officer, text="Ons advies over de verordening.")
    return advies_send(advies=advies, user=policy_officer)


def test_sending_an_advies_registers_its_inbreng_once(sent_advies, policy_officer):
    inbreng = Inbreng.objects.get()
    assert inbreng.source == sent_advies
    assert inbreng.source_kind == SourceKind.ADVIES
    assert inbreng.promised_on == sent_advies.answer_deadline
    assert inbreng.received_on == sent_advies.sent_on
    assert inbreng.contributor_kind == ContributorKind.ORGAAN
    assert inbreng.contributor_description == "Adviesraad sociaal domein Middelburg"
    assert inbreng.officer == policy_officer
    again = inbreng_register_for_advies(advies=sent_advies, user=policy_officer)
    assert again.pk == inbreng.pk
    assert Inbreng.objects.count() == 1


def test_terugkoppeling_on_an_advies_reaches_the_consenting_members(
    sent_advies, policy_officer, django_capture_on_commit_callbacks
):
    orgaan = sent_advies.orgaan
    yes = MemberFactory(orgaan=orgaan, contact_consent=True, email="ja@example.nl")
    MemberFactory(orgaan=orgaan, contact_consent=False, email="nee@example.nl")
    MemberFactory(
        orgaan=orgaan,
        contact_consent=True,
        email="oud@example.nl",
        term_start=timezone.localdate() - datetime.timedelta(days=800),
        term_end=timezone.localdate() - datetime.timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        _final(Inbreng.objects.get(), policy_officer)
    assert [m.to for m in mail.outbox] == [[yes.email]]


def test_closing_a_survey_registers_one_inbreng_and_forgets_the_optins_after_use(
    gemeente, policy_officer, django_capture_on_commit_callbacks
):
    survey = OpenSurveyFactory(gemeente=gemeente, title="Wmo-ondersteuning")
    TerugkoppelingEmailFactory(survey=survey, email="a@example.nl")
    TerugkoppelingEmailFactory(survey=survey, email="b@example.nl")
    survey_close(survey=survey)
    survey_close(survey=survey)
    survey.refresh_from_db()
    inbreng_register_for_survey(survey=survey)
    inbreng = Inbreng.objects.get()
    assert inbreng.source == survey
    assert inbreng.source_kind == SourceKind.SURVEY
    assert inbreng.contributor_kind == ContributorKind.RESPONDENTS
    closed_on = timezone.localdate(survey.closed_at)
    if survey.terugkoppeling_date is None:
        assert inbreng.promised_on == closed_on + datetime.timedelta(days=gemeente.feedback_term_days)
    with django_capture_on_commit_callbacks(execute=True):
        _final(inbreng, policy_officer)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.nl", "b@example.nl"]
    assert not TerugkoppelingEmail.objects.filter(survey=survey).exists()
    assert set(inbreng.terugkoppelingen.get().notifications.values_list("email", flat=True)) == {""}


def test_the_list_filters_on_orgaan_and_survey(client, gemeente, policy_officer, sent_advies):
    survey = OpenSurveyFactory(gemeente=gemeente)
    survey_close(survey=survey)
    survey.refresh_from_db()
    inbreng_register_for_survey(survey=survey)
    client.force_login(policy_officer)
    url = reverse("feedback:inbreng-list")
    by_orgaan = client.get(url, {"whose": "all", "orgaan": sent_advies.orgaan.pk})
    assert [i.source_kind for i in by_orgaan.context["inbreng_list"]] == [SourceKind.ADVIES]
    by_survey = client.get(url, {"whose": "all", "survey": survey.pk})
    assert [i.source_kind for i in by_survey.context["inbreng_list"]] == [SourceKind.SURVEY]
    other = OrgaanFactory()
    assert client.get(url, {"whose": "all", "orgaan": other.pk}).status_code == 400


def test_dashboard_breaks_down_per_orgaan(client, gemeente, coordinator, sent_advies):
    client.force_login(coordinator)
    page = client.get(reverse("feedback:dashboard")).content.decode()
    assert "Per raad of panel" in page and "Adviesraad sociaal domein Middelburg" in page


def test_a_signal_becomes_an_adviesaanvraag_of_panels(client, gemeente, other_gemeente, policy_officer):
    from panels.models import Adviesaanvraag

    from .factories import InbrengFactory

    orgaan = OrgaanFactory(gemeenten=[gemeente], name="Wmo-raad")
    foreign = OrgaanFactory(gemeenten=[other_gemeente])
    signal = InbrengFactory(
        gemeente=gemeente, source_kind=SourceKind.SIGNAL, signal_channel="wijkteam", title="Vervoer naar dagbesteding"
    )
    client.force_login(policy_officer)
    url = reverse("feedback:signal-convert", args=[signal.pk])
    page = client.get(url).content.decode()
    assert "Wmo-raad" in page and foreign.name not in page
    data = {
        "orgaan": orgaan.pk,
        "subject": "Vervoer naar dagbesteding",
        "question": "Hoe kan het vervoer beter?",
        "policy_phase": "beleidsvoorbereiding",
        "advice_deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    assert client.post(url, {**data, "orgaan": foreign.pk}).status_code == 400  # tampered id
    assert client.post(url, {**data, "advice_deadline": "2020-01-01"}).status_code == 400
    assert client.post(url, data).status_code == 302
    aanvraag = Adviesaanvraag.objects.get()
    assert (aanvraag.orgaan, aanvraag.gemeente, aanvraag.requested_by) == (orgaan, gemeente, policy_officer)
    signal.refresh_from_db()
    assert signal.follow_up == aanvraag
    assert client.get(url).status_code == 404  # once


def test_the_colleges_reactie_is_the_terugkoppeling_of_the_advies(
    sent_advies, policy_officer, django_capture_on_commit_callbacks
):
    from feedback.constants import Status
    from panels.models import Reactie
    from panels.services import reactie_register

    member = MemberFactory(orgaan=sent_advies.orgaan, contact_consent=True, email="lid@example.nl")
    reactie = Reactie(answered_on=timezone.localdate(), outcome="deels-overgenomen", reasons="Past niet in het budget.")
    with django_capture_on_commit_callbacks(execute=True):
        reactie_register(advies=sent_advies, reactie=reactie, user=policy_officer)
    inbreng = Inbreng.objects.get()
    final = inbreng.terugkoppelingen.get()
    assert (final.outcome, final.reasons, final.given_on) == (
        Outcome.PARTLY_ADOPTED,
        "Past niet in het budget.",
        reactie.answered_on,
    )
    assert inbreng.status == Status.ANSWERED_ON_TIME
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_a_survey_closing_on_its_own_is_owned_by_its_builder_with_the_default_term(gemeente, policy_officer):
    survey = OpenSurveyFactory(gemeente=gemeente, created_by=policy_officer, terugkoppeling_date=None)
    survey_close(survey=survey)  # no user: the periodic task closed it
    survey.refresh_from_db()
    inbreng = Inbreng.objects.get()
    assert inbreng.officer == policy_officer
    closed_on = timezone.localdate(survey.closed_at)
    assert inbreng.promised_on == closed_on + datetime.timedelta(days=gemeente.feedback_term_days)


def test_a_survey_keeps_the_date_it_promised_its_respondents(gemeente):
    promised = timezone.localdate() + datetime.timedelta(days=30)
    survey = OpenSurveyFactory(gemeente=gemeente, terugkoppeling_date=promised)
    survey_close(survey=survey)
    assert Inbreng.objects.get().promised_on == promised
