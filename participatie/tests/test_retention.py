"""The nightly retention purge removes what is past its term, and the page shows the terms the task uses."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from feedback.constants import Outcome, SourceKind
from feedback.models import Inbreng, NamedPerson, Notification
from feedback.tests.factories import InbrengFactory, NamedPersonFactory, TerugkoppelingFactory
from panels.models import Member
from panels.tests.factories import MemberFactory, OrgaanFactory
from participatie.constants import AuditAction, DeliveryStatus
from participatie.models import AuditEvent
from participatie.retention import retention_purge_due, retention_terms
from participatie.tasks import retention_purge

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def test_members_are_deleted_a_term_after_they_left(settings, gemeente):
    settings.PANEL_MEMBER_RETENTION_DAYS = 100
    orgaan = OrgaanFactory(gemeenten=[gemeente])
    gone = MemberFactory(orgaan=orgaan, term_start=_days_ago(900), term_end=_days_ago(101))
    recent = MemberFactory(orgaan=orgaan, term_start=_days_ago(900), term_end=_days_ago(99))
    sitting = MemberFactory(orgaan=orgaan, term_start=_days_ago(900), term_end=None)
    totals = retention_purge_due(today=TODAY)
    assert totals["panels.member"] == 1
    assert set(Member.objects.values_list("pk", flat=True)) == {recent.pk, sitting.pk}
    assert not Member.objects.filter(pk=gone.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.PURGED, object_type="panels.member")
    assert (event.gemeente_id, event.detail) == (gemeente.pk, "1 removed")


def _answered_signal(gemeente, days_ago, **kwargs):
    inbreng = InbrengFactory(
        gemeente=gemeente,
        source_kind=SourceKind.SIGNAL,
        signal_channel="balie",
        received_on=_days_ago(days_ago + 10),
        promised_on=_days_ago(days_ago),
        **kwargs,
    )
    terugkoppeling = TerugkoppelingFactory(inbreng=inbreng, given_on=_days_ago(days_ago), outcome=Outcome.ADOPTED)
    return inbreng, terugkoppeling


def test_signal_texts_and_contact_details_go_a_term_after_the_final_feedback(settings, gemeente):
    settings.SIGNAL_RETENTION_DAYS = 200
    settings.INBRENG_CONTACT_RETENTION_DAYS = 50
    old, old_answer = _answered_signal(gemeente, 201)
    middle, middle_answer = _answered_signal(gemeente, 60)
    fresh, _fresh_answer = _answered_signal(gemeente, 10)
    for inbreng, answer in ((old, old_answer), (middle, middle_answer)):
        NamedPersonFactory(inbreng=inbreng)
        Notification.objects.create(
            terugkoppeling=answer, email=f"x{inbreng.pk}@example.nl", recipient_label="x", status=DeliveryStatus.SENT
        )
    NamedPersonFactory(inbreng=fresh)
    unanswered = InbrengFactory(gemeente=gemeente, received_on=_days_ago(400), promised_on=_days_ago(300))
    NamedPersonFactory(inbreng=unanswered)

    totals = retention_purge_due(today=TODAY)
    assert totals["feedback.signal"] == 1
    assert totals["feedback.contacts"] == 4
    old.refresh_from_db(), middle.refresh_from_db()
    assert (old.summary, old.contributor_description) == ("", "")
    assert middle.summary != ""
    assert set(NamedPerson.objects.values_list("inbreng_id", flat=True)) == {fresh.pk, unanswered.pk}
    assert not Notification.objects.exclude(email="").exists()
    # Twice is safe: nothing is left to remove, and the run still leaves its evidence.
    again = retention_purge_due(today=TODAY)
    assert again["feedback.signal"] == 0 and again["feedback.contacts"] == 0
    assert Inbreng.objects.count() == 4


def test_the_task_runs_every_purge(settings, gemeente):
    settings.PANEL_MEMBER_RETENTION_DAYS = 1
    MemberFactory(
        orgaan=OrgaanFactory(gemeenten=[gemeente]),
        term_start=timezone.localdate() - datetime.timedelta(days=50),
        term_end=timezone.localdate() - datetime.timedelta(days=5),
    )
    result = retention_purge()
    assert result["panels.member"] == 1 and not Member.objects.exists()


def test_every_term_names_a_beat_task_or_is_kept(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for term in retention_terms():
        assert term.enforced_by in tasks or term.enforced_by == "", term.key
    assert "participatie.tasks.retention_purge" in tasks


def test_the_page_shows_the_terms_the_task_uses(client, settings):
    settings.PANEL_MEMBER_RETENTION_DAYS = 123
    settings.SIGNAL_RETENTION_DAYS = 456
    page = client.get(reverse("retention-terms")).content.decode()
    assert "123 dagen" in page and "456 dagen" in page
    for term in retention_terms():
        assert str(term.data) in page


def test_the_command_runs_the_purges_without_a_worker(settings, gemeente):
    from io import StringIO

    from django.core.management import call_command

    settings.PANEL_MEMBER_RETENTION_DAYS = 1
    MemberFactory(
        orgaan=OrgaanFactory(gemeenten=[gemeente]),
        term_start=timezone.localdate() - datetime.timedelta(days=50),
        term_end=timezone.localdate() - datetime.timedelta(days=5),
    )
    out = StringIO()
    call_command("retention_purge", stdout=out)
    assert "panels.member: 1 removed" in out.getvalue() and not Member.objects.exists()
