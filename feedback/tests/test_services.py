import datetime
from unittest import mock

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

import pytest

from feedback import registry
from feedback.constants import MAX_DELIVERY_ATTEMPTS, ContributorKind, DeliveryStatus, Outcome, SourceKind
from feedback.models import Inbreng, Notification, Terugkoppeling
from feedback.services import (
    backoff_seconds,
    inbreng_register,
    inbreng_register_for_source,
    reminders_send,
    terugkoppeling_give,
)
from participatie.models import Regio
from participatie.tests.factories import RegioFactory

from .factories import InbrengFactory, NamedPersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def stand_in_source(gemeente):
    """A Regio stands in for a source model of another app (an advies, a survey)."""
    return RegioFactory()


@pytest.fixture
def registered_optins(stand_in_source):
    """A source app that registered its opt-in respondents and how to forget them."""
    optins = {stand_in_source.pk: ["a@example.nl", "B@example.nl"]}
    forgotten = []

    def get_recipients(source):
        return [
            registry.Recipient(email=email, label="respondent", forget_after_send=True) for email in optins[source.pk]
        ]

    def forget(source):
        optins[source.pk] = []
        forgotten.append(source.pk)

    registry.register_recipient_source(registry.RecipientSource("participatie.regio", get_recipients, forget))
    yield optins, forgotten
    registry._recipient_sources.pop("participatie.regio", None)


def _give(inbreng, user, **overrides):
    data = {
        "outcome": Outcome.ADOPTED,
        "what_was_done": "De folder is herschreven.",
        "given_on": inbreng.received_on + datetime.timedelta(days=10),
        "channel": "e-mail",
    }
    data.update(overrides)
    return terugkoppeling_give(inbreng=inbreng, author=user, **data)


def test_register_for_source_is_idempotent(gemeente, stand_in_source):
    kwargs = {
        "source": stand_in_source,
        "gemeente": gemeente,
        "source_kind": SourceKind.SURVEY,
        "title": "Uitkomst vragenlijst",
        "summary": "Samenvatting",
        "received_on": D(2026, 3, 1),
        "contributor_description": "Respondenten",
    }
    first, created = inbreng_register_for_source(**kwargs)
    second, created_again = inbreng_register_for_source(**kwargs)
    assert created and not created_again
    assert first.pk == second.pk
    assert Inbreng.objects.count() == 1
    # Default term of the gemeente applies without a promised date.
    assert first.promised_on == D(2026, 3, 1) + datetime.timedelta(days=gemeente.feedback_term_days)


def test_database_refuses_a_second_inbreng_for_the_same_source(gemeente, stand_in_source):
    first, _ = inbreng_register_for_source(
        source=stand_in_source,
        gemeente=gemeente,
        source_kind=SourceKind.ADVIES,
        title="Advies",
        summary="...",
        received_on=D(2026, 3, 1),
        promised_on=D(2026, 4, 1),
        contributor_kind=ContributorKind.ORGAAN,
    )
    duplicate = InbrengFactory(gemeente=gemeente)
    duplicate.source_content_type_id = first.source_content_type_id
    duplicate.source_object_id = first.source_object_id
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_promised_date_before_received_date_is_refused(gemeente, policy_officer):
    with pytest.raises(ValidationError) as error:
        inbreng_register(
            gemeente=gemeente,
            created_by=policy_officer,
            title="Signaal",
            summary="Lange wachttijd bij de Wmo-aanvraag",
            source_kind=SourceKind.SIGNAL,
            signal_channel="balie",
            contributor_kind=ContributorKind.ANONYMOUS_GROUP,
            contributor_description="Bezoeker van de balie",
            received_on=D(2026, 3, 10),
            promised_on=D(2026, 3, 1),
            promised_channel="brief",
        )
    assert "promised_on" in error.value.message_dict
    assert not Inbreng.objects.exists()
    # And the database itself refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        InbrengFactory(gemeente=gemeente, received_on=D(2026, 3, 10), promised_on=D(2026, 3, 1))


def test_signal_needs_its_channel(gemeente, policy_officer):
    with pytest.raises(ValidationError) as error:
        inbreng_register(
            gemeente=gemeente,
            created_by=policy_officer,
            title="Signaal",
            summary="...",
            source_kind=SourceKind.SIGNAL,
            contributor_kind=ContributorKind.ANONYMOUS_GROUP,
            contributor_description="Inwoner",
            received_on=D(2026, 3, 1),
            promised_on=D(2026, 4, 1),
            promised_channel="brief",
        )
    assert "signal_channel" in error.value.message_dict


def test_terugkoppeling_mails_named_persons_after_commit(gemeente, policy_officer, django_capture_on_commit_callbacks):
    inbreng = InbrengFactory(gemeente=gemeente)
    NamedPersonFactory(inbreng=inbreng, email="piet@example.nl", name="Piet")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _give(inbreng, policy_officer)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["piet@example.nl"]
    assert message.subject == "Gemeente Middelburg: wat we met uw inbreng hebben gedaan"
    assert "De folder is herschreven." in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html" and "De folder is herschreven." in html[0]
    assert Notification.objects.get().status == DeliveryStatus.SENT


def test_interim_answer_moves_date_only_with_reason(gemeente, policy_officer):
    inbreng = InbrengFactory(gemeente=gemeente, received_on=D(2026, 3, 1), promised_on=D(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        _give(inbreng, policy_officer, outcome=Outcome.PENDING, new_promised_on=D(2026, 5, 1))
    assert "postpone_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _give(inbreng, policy_officer, new_promised_on=D(2026, 5, 1), postpone_reason="Raad besluit later")
    assert "new_promised_on" in error.value.message_dict
    inbreng.refresh_from_db()
    assert inbreng.promised_on == D(2026, 4, 1)
    assert not Terugkoppeling.objects.exists()

    _give(
        inbreng,
        policy_officer,
        outcome=Outcome.PENDING,
        new_promised_on=D(2026, 5, 1),
        postpone_reason="De gemeenteraad besluit pas in april.",
    )
    inbreng.refresh_from_db()
    assert inbreng.promised_on == D(2026, 5, 1)
    interim = Terugkoppeling.objects.get()
    assert interim.previous_promised_on == D(2026, 4, 1)
    assert interim.postpone_reason == "De gemeenteraad besluit pas in april."


def test_constraint_refuses_new_date_without_reason(gemeente):
    inbreng = InbrengFactory(gemeente=gemeente)
    with pytest.raises(IntegrityError), transaction.atomic():
        Terugkoppeling.objects.create(
            inbreng=inbreng,
            outcome=Outcome.PENDING,
            what_was_done="...",
            given_on=inbreng.received_on,
            channel="e-mail",
            previous_promised_on=inbreng.promised_on,
            new_promised_on=inbreng.promised_on + datetime.timedelta(days=10),
        )


def test_only_one_final_answer(gemeente, policy_officer):
    inbreng = InbrengFactory(gemeente=gemeente)
    _give(inbreng, policy_officer)
    with pytest.raises(ValidationError):
        _give(inbreng, policy_officer, outcome=Outcome.NOT_ADOPTED, reasons="Te duur")
    with pytest.raises(IntegrityError), transaction.atomic():
        Terugkoppeling.objects.create(
            inbreng=inbreng,
            outcome=Outcome.PARTLY_ADOPTED,
            what_was_done="x",
            given_on=inbreng.received_on,
            channel="brief",
        )


def test_not_adopted_needs_reasons(gemeente, policy_officer):
    inbreng = InbrengFactory(gemeente=gemeente)
    with pytest.raises(ValidationError) as error:
        _give(inbreng, policy_officer, outcome=Outcome.NOT_ADOPTED)
    assert "reasons" in error.value.message_dict


def test_optin_addresses_are_deleted_after_the_final_terugkoppeling(
    gemeente, policy_officer, stand_in_source, registered_optins, django_capture_on_commit_callbacks
):
    optins, forgotten = registered_optins
    inbreng, _ = inbreng_register_for_source(
        source=stand_in_source,
        gemeente=gemeente,
        source_kind=SourceKind.SURVEY,
        title="Uitkomst vragenlijst",
        summary="...",
        received_on=D(2026, 3, 1),
        contributor_kind=ContributorKind.RESPONDENTS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _give(inbreng, policy_officer, outcome=Outcome.PENDING)
    # An interim answer keeps the source's addresses (the final answer still has to reach them);
    # the copies on the sent e-mails are gone already.
    assert forgotten == []
    assert len(mail.outbox) == 2
    assert set(Notification.objects.values_list("email", flat=True)) == {""}
    with django_capture_on_commit_callbacks(execute=True):
        _give(inbreng, policy_officer)
    assert sorted(m.to[0] for m in mail.outbox[2:]) == ["a@example.nl", "b@example.nl"]
    assert forgotten == [stand_in_source.pk]
    assert optins[stand_in_source.pk] == []
    final = Terugkoppeling.objects.exclude(outcome=Outcome.PENDING).get()
    assert set(final.notifications.values_list("email", flat=True)) == {""}
    assert set(final.notifications.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert Regio.objects.filter(pk=stand_in_source.pk).exists()


def test_failed_email_is_retried_with_backoff_then_marked_failed(
    gemeente, policy_officer, django_capture_on_commit_callbacks
):
    inbreng = InbrengFactory(gemeente=gemeente)
    NamedPersonFactory(inbreng=inbreng, email="piet@example.nl")
    failing = mock.patch("feedback.services.EmailMultiAlternatives.send", side_effect=OSError("mail server down"))
    with failing as send:
        with django_capture_on_commit_callbacks(execute=True):
            _give(inbreng, policy_officer)
        notification = Notification.objects.get()
        assert (notification.status, notification.attempts) == (DeliveryStatus.PENDING, 1)
        for _ in range(MAX_DELIVERY_ATTEMPTS - 1):
            # Before the back-off has passed nothing is tried again.
            attempts = notification.attempts
            reminders_send(now=notification.next_attempt_at - datetime.timedelta(seconds=1))
            notification.refresh_from_db()
            assert notification.attempts == attempts
            reminders_send(now=max(notification.next_attempt_at, notification.created_at + datetime.timedelta(hours=1)))
            notification.refresh_from_db()
    assert send.call_count == MAX_DELIVERY_ATTEMPTS
    assert notification.status == DeliveryStatus.FAILED
    assert notification.attempts == MAX_DELIVERY_ATTEMPTS
    assert "mail server down" in notification.last_error
    assert Terugkoppeling.objects.count() == 1  # the terugkoppeling itself stays saved
    # Failed e-mails are visible to staff on the inbreng page.
    client = Client()
    client.force_login(policy_officer)
    page = client.get(reverse("feedback:inbreng-detail", args=[inbreng.pk])).content.decode()
    assert "mail server down" in page


def test_task_retries_with_growing_countdown_on_a_worker(gemeente):
    from feedback.tasks import notification_send

    inbreng = InbrengFactory(gemeente=gemeente)
    terugkoppeling = Terugkoppeling.objects.create(
        inbreng=inbreng, outcome=Outcome.ADOPTED, what_was_done="x", given_on=inbreng.received_on, channel="brief"
    )
    notification = Notification.objects.create(terugkoppeling=terugkoppeling, email="a@example.nl", recipient_label="A")
    countdowns = []
    for retries in range(2):
        notification_send.push_request(retries=retries, is_eager=False)
        try:
            with (
                mock.patch("feedback.services.EmailMultiAlternatives.send", side_effect=OSError("down")),
                mock.patch.object(notification_send, "retry", side_effect=RuntimeError("retry")) as retry,
                pytest.raises(RuntimeError),
            ):
                notification_send.run(notification.pk)
            countdowns.append(retry.call_args.kwargs["countdown"])
        finally:
            notification_send.pop_request()
    assert countdowns == [60, 120]
    assert [backoff_seconds(n) for n in range(1, 6)] == [60, 120, 240, 480, 960]


def test_saving_works_when_redis_is_down_and_the_run_catches_up(
    gemeente, policy_officer, django_capture_on_commit_callbacks
):
    inbreng = InbrengFactory(gemeente=gemeente)
    NamedPersonFactory(inbreng=inbreng, email="piet@example.nl")
    with (
        mock.patch("feedback.tasks.notification_send.delay", side_effect=ConnectionError("Redis is down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _give(inbreng, policy_officer)
    assert Terugkoppeling.objects.count() == 1
    assert Notification.objects.get().status == DeliveryStatus.PENDING
    assert mail.outbox == []
    # The periodic run sends what no worker picked up, once it is older than a few minutes.
    later = Notification.objects.get().created_at + datetime.timedelta(minutes=15)
    run = reminders_send(now=later)
    assert run.notifications_sent == 1
    assert [m.to for m in mail.outbox] == [["piet@example.nl"]]
    assert reminders_send(now=later).notifications_sent == 0
