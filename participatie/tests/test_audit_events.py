"""Every action the BIO asks to log writes its audit line (a table), and no line holds answers or secrets."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from feedback import services as feedback_services
from feedback.constants import Channel, Outcome
from feedback.tests.factories import NamedPersonFactory
from panels import services as panels_services
from participatie.constants import AuditAction, AuditResult, Role
from participatie.models import AuditEvent, Membership
from roadmap import services as roadmap_services
from surveys import services as surveys_services
from surveys.constants import SurveyStatus
from surveys.tests.factories import AnswerFactory, QuestionFactory

from .factories import GemeenteFactory, UserFactory
from .test_url_permissions import World

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "Mijn buurman heet Jansen en ik heb schulden"


@pytest.fixture
def world(gemeente):
    return World(gemeente)


@pytest.fixture
def officer(gemeente):
    """A superuser: every page below opens, so the test is about the audit line, not the permission."""
    return UserFactory(is_staff=True, is_superuser=True)


def _login(client, user):
    client.force_login(user)
    return client


def _get(name, kwargs):
    def run(client, world, officer):
        response = _login(client, officer).get(reverse(name, kwargs=kwargs(world)))
        assert response.status_code == 200, response.status_code

    return run


def _login_ok(client, world, officer):
    client.post(reverse("login"), {"username": officer.email, "password": "geheim-wachtwoord"})


def _login_wrong_password(client, world, officer):
    client.post(reverse("login"), {"username": officer.email, "password": "fout-wachtwoord-123"})


def _login_unknown(client, world, officer):
    client.post(reverse("login"), {"username": "niemand@example.nl", "password": "fout-wachtwoord-123"})


def _logout(client, world, officer):
    _login(client, officer).post(reverse("logout"))


def _role_added_in_admin(client, world, officer):
    account = UserFactory()
    url = reverse("admin:participatie_membership_add")
    response = _login(client, officer).post(
        url, {"user": account.pk, "gemeente": world.gemeente.pk, "role": Role.COORDINATOR}
    )
    assert response.status_code == 302 and Membership.objects.filter(user=account).exists()


def _role_removed_in_admin(client, world, officer):
    account = UserFactory()
    membership = Membership.objects.create(user=account, gemeente=world.gemeente, role=Role.POLICY_OFFICER)
    url = reverse("admin:participatie_membership_delete", args=[membership.pk])
    response = _login(client, officer).post(url, {"post": "yes"})
    assert response.status_code == 302 and not Membership.objects.filter(pk=membership.pk).exists()


def _inbreng_with_contact(client, world, officer):
    NamedPersonFactory(inbreng=world.inbreng)
    _get("feedback:inbreng-detail", lambda w: {"pk": w.inbreng.pk})(client, world, officer)


def _export(client, world, officer):
    url = reverse("panels:member-export", kwargs={"orgaan_pk": world.orgaan.pk})
    assert _login(client, officer).get(url, {"format": "csv"}).status_code == 200


def _advies_started(client, world, officer):
    panels_services.advies_start(advies=world.advies, user=officer)


def _meeting_changed(client, world, officer):
    world.meeting.title = "Andere titel"
    panels_services.meeting_save(meeting=world.meeting, agenda=["Opening"])


def _terugkoppeling_given(client, world, officer):
    feedback_services.terugkoppeling_give(
        inbreng=world.inbreng,
        author=officer,
        outcome=Outcome.ADOPTED,
        what_was_done="Overgenomen.",
        given_on=timezone.localdate(),
        channel=Channel.LETTER,
    )


def _meedenker_removed(client, world, officer):
    roadmap_services.meedenker_remove(meedenker=world.meedenker, actor=officer)


def _retention_purge(client, world, officer):
    survey = world.survey
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now() - datetime.timedelta(days=survey.retention_days + 1)
    survey.save()
    assert surveys_services.survey_retention_purge_due() == [survey.pk]


# name -> (what the test does, the action recorded, its object type, its result, whether it names the gemeente)
CASES = {
    "login": (_login_ok, AuditAction.LOGIN, "participatie.user", AuditResult.SUCCESS, False),
    "login failed, known account": (
        _login_wrong_password,
        AuditAction.LOGIN_FAILED,
        "participatie.user",
        AuditResult.FAILURE,
        False,
    ),
    "login failed, unknown account": (_login_unknown, AuditAction.LOGIN_FAILED, "account", AuditResult.FAILURE, False),
    "logout": (_logout, AuditAction.LOGOUT, "participatie.user", AuditResult.SUCCESS, False),
    "role added": (_role_added_in_admin, AuditAction.ROLE_CHANGED, "participatie.user", AuditResult.SUCCESS, True),
    "role removed": (_role_removed_in_admin, AuditAction.ROLE_CHANGED, "participatie.user", AuditResult.SUCCESS, True),
    "single response viewed": (
        _get("surveys:results_response", lambda w: {"pk": w.survey.pk, "response_id": w.response.pk}),
        AuditAction.VIEWED,
        "surveys.response",
        AuditResult.SUCCESS,
        True,
    ),
    "contact details on inbreng": (_inbreng_with_contact, AuditAction.VIEWED, "feedback.inbreng", "success", True),
    "member contact details": (
        _get("panels:orgaan-detail", lambda w: {"orgaan_pk": w.orgaan.pk}),
        AuditAction.VIEWED,
        "panels.orgaan",
        AuditResult.SUCCESS,
        True,
    ),
    "member form": (
        _get("panels:member-update", lambda w: {"orgaan_pk": w.orgaan.pk, "pk": w.member.pk}),
        AuditAction.VIEWED,
        "panels.member",
        AuditResult.SUCCESS,
        True,
    ),
    "export": (_export, AuditAction.EXPORTED, "export", AuditResult.SUCCESS, False),
    "meeting document": (
        _get("panels:document-download", lambda w: {"pk": w.document.pk}),
        AuditAction.DOWNLOADED,
        "panels.document",
        AuditResult.SUCCESS,
        True,
    ),
    "advice document": (
        _get("panels:advies-file", lambda w: {"pk": w.advies.pk, "which": "advies"}),
        AuditAction.DOWNLOADED,
        "panels.advies",
        AuditResult.SUCCESS,
        True,
    ),
    "meeting calendar file": (
        _get("panels:meeting-ics", lambda w: {"pk": w.meeting.pk}),
        AuditAction.DOWNLOADED,
        "panels.meeting",
        AuditResult.SUCCESS,
        True,
    ),
    "roadmap attachment": (
        _get("roadmap:attachment-download", lambda w: {"pk": w.traject.pk, "number": 1, "attachment": w.attachment.pk}),
        AuditAction.DOWNLOADED,
        "roadmap.attachment",
        AuditResult.SUCCESS,
        True,
    ),
    "answer file": (
        _get("surveys:answer_export_file", lambda w: {"pk": w.survey.pk, "export_id": w.answer_export.pk}),
        AuditAction.DOWNLOADED,
        "surveys.answerexport",
        AuditResult.SUCCESS,
        True,
    ),
    "advice changed": (_advies_started, AuditAction.CHANGED, "panels.advies", AuditResult.SUCCESS, True),
    "meeting changed": (_meeting_changed, AuditAction.CHANGED, "panels.meeting", AuditResult.SUCCESS, True),
    "terugkoppeling given": (
        _terugkoppeling_given,
        AuditAction.CREATED,
        "feedback.terugkoppeling",
        AuditResult.SUCCESS,
        True,
    ),
    "deletion": (_meedenker_removed, AuditAction.DELETED, "roadmap.meedenker", AuditResult.SUCCESS, True),
    "retention purge": (_retention_purge, AuditAction.PURGED, "surveys.survey", AuditResult.SUCCESS, True),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_action_writes_its_audit_line(case, client, world, officer):
    run, action, object_type, result, names_gemeente = CASES[case]
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    run(client, world, officer)
    events = AuditEvent.objects.exclude(pk__in=before).filter(action=action, object_type=object_type)
    assert len(events) == 1, list(AuditEvent.objects.exclude(pk__in=before).values("action", "object_type"))
    event = events[0]
    assert event.result == result
    assert event.gemeente_id == (world.gemeente.pk if names_gemeente else None)


def test_staff_actions_keep_the_origin_and_the_actor(client, world, officer):
    _login(client, officer).get(
        reverse("panels:meeting-ics", kwargs={"pk": world.meeting.pk}), REMOTE_ADDR="198.51.100.4"
    )
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOADED)
    assert (event.origin, event.actor, event.actor_label) == ("198.51.100.4", officer, officer.email)


def test_a_service_in_a_staff_request_records_its_origin(client, world, officer):
    url = reverse("panels:advies-withdraw", kwargs={"pk": world.advies.pk})
    response = _login(client, officer).post(url, {"reason": "Niet meer nodig"}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, object_type="panels.advies")
    assert (event.origin, event.actor) == ("198.51.100.9", officer)


def test_a_failed_login_for_an_unknown_address_stores_neither_the_address_nor_the_password(client):
    client.post(reverse("login"), {"username": "typo-wachtwoord@example.nl", "password": "Zomer2026!"})
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    stored = " ".join(str(getattr(event, field.attname)) for field in AuditEvent._meta.fields)
    assert "typo-wachtwoord" not in stored and "Zomer2026" not in stored


def test_no_answer_contents_and_no_person_names_in_audit_lines(client, world, officer):
    question = QuestionFactory(section=world.section, question_type="lang-tekst")
    AnswerFactory(response=world.response, question=question, text_value=SECRET_ANSWER)
    _get("surveys:results_response", lambda w: {"pk": w.survey.pk, "response_id": w.response.pk})(
        client, world, officer
    )
    url = reverse("surveys:answer_export", kwargs={"pk": world.survey.pk})
    assert client.post(url, {"file_format": "xlsx", "value_mode": "labels"}).status_code == 200
    _get("panels:member-update", lambda w: {"orgaan_pk": w.orgaan.pk, "pk": w.member.pk})(client, world, officer)
    rows = list(AuditEvent.objects.values_list("object_repr", "detail", "object_id"))
    assert len(rows) >= 3
    text = " ".join(" ".join(row) for row in rows)
    assert "Jansen" not in text and "schulden" not in text
    assert world.member.name not in text and world.member.email not in text


def test_a_regional_event_without_gemeente_is_allowed(db):
    from participatie.audit import audit_purge_run

    gemeente = GemeenteFactory()
    audit_purge_run(object_type="x.y", counts={gemeente.pk: 2, None: 1})
    assert sorted(AuditEvent.objects.values_list("gemeente_id", "detail"), key=str) == sorted(
        [(gemeente.pk, "2 removed"), (None, "1 removed")], key=str
    )
