import datetime
import io
import threading
from unittest import mock
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine

from feedback.constants import DeliveryStatus, Outcome, ReminderKind
from feedback.models import Inbreng, Reminder
from feedback.services import reminder_digests_plan, reminders_send
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, RegioFactory, UserFactory

from .factories import InbrengFactory, TerugkoppelingFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
D = datetime.date


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


TODAY = D(2026, 6, 15)


def _item(gemeente, officer, promised_on, **kwargs):
    return InbrengFactory(
        gemeente=gemeente,
        officer=officer,
        received_on=promised_on - datetime.timedelta(days=60),
        promised_on=promised_on,
        **kwargs,
    )


def test_one_digest_per_officer_listing_all_their_items(gemeente, policy_officer):
    other_officer = UserFactory()
    MembershipFactory(user=other_officer, gemeente=gemeente, role=Role.POLICY_OFFICER)
    overdue = _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=2), title="Te laat: vervoer")
    due = _item(gemeente, policy_officer, TODAY + datetime.timedelta(days=3), title="Bijna: mantelzorg")
    _item(gemeente, policy_officer, TODAY + datetime.timedelta(days=4), title="Nog niet: jeugd")
    answered = _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=5), title="Beantwoord: schuldhulp")
    TerugkoppelingFactory(inbreng=answered, given_on=TODAY - datetime.timedelta(days=6))
    interim = _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=1), title="Tussenbericht: wijkteam")
    TerugkoppelingFactory(inbreng=interim, outcome=Outcome.PENDING, given_on=TODAY - datetime.timedelta(days=9))
    _item(gemeente, other_officer, TODAY - datetime.timedelta(days=1), title="Van collega")

    run = reminders_send(now=at(TODAY))

    assert run.created == 2 and run.sent == 2
    mine = [m for m in mail.outbox if m.to == [policy_officer.email]]
    assert len(mine) == 1
    body = mine[0].body
    assert "Te laat: vervoer" in body and "Bijna: mantelzorg" in body and "Tussenbericht: wijkteam" in body
    assert "Nog niet: jeugd" not in body and "Beantwoord: schuldhulp" not in body and "Van collega" not in body
    assert "Te laat: vervoer" in mine[0].alternatives[0][0]
    reminder = Reminder.objects.get(recipient=policy_officer)
    assert reminder.kind == ReminderKind.OFFICER_DIGEST
    assert set(reminder.items.all()) == {overdue, due, interim}
    assert reminder.status == DeliveryStatus.SENT and reminder.day == TODAY


def test_running_twice_sends_nothing_twice_and_the_next_day_again(gemeente, policy_officer):
    _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=2))
    reminders_send(now=at(TODAY, 9))
    reminders_send(now=at(TODAY, 10))
    for hour in (11, 23):
        with time_machine.travel(at(TODAY, hour), tick=False):
            out = io.StringIO()
            call_command("send_reminders", stdout=out)
            assert "0 nieuw" in out.getvalue()
    assert len(mail.outbox) == 1
    reminders_send(now=at(TODAY + datetime.timedelta(days=1), 9))
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_escalation_goes_to_coordinators_in_their_own_digest(gemeente, other_gemeente, policy_officer, coordinator):
    gemeente.escalation_after_days = 14
    gemeente.save()
    regio = RegioFactory()
    regio.gemeenten.add(gemeente)
    regio_coordinator = UserFactory()
    MembershipFactory(user=regio_coordinator, gemeente=None, regio=regio, role=Role.COORDINATOR)
    other_coordinator = UserFactory()
    MembershipFactory(user=other_coordinator, gemeente=other_gemeente, role=Role.COORDINATOR)

    long_overdue = _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=15), title="Lang te laat")
    _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=14), title="Precies veertien dagen")
    unowned = _item(gemeente, None, TODAY - datetime.timedelta(days=1), title="Zonder ambtenaar")

    plan = reminder_digests_plan(today=TODAY)
    assert plan[(coordinator.pk, ReminderKind.ESCALATION)] == [long_overdue.pk, unowned.pk]
    assert plan[(regio_coordinator.pk, ReminderKind.ESCALATION)] == [long_overdue.pk, unowned.pk]
    assert (other_coordinator.pk, ReminderKind.ESCALATION) not in plan
    assert len(plan[(policy_officer.pk, ReminderKind.OFFICER_DIGEST)]) == 2

    reminders_send(now=at(TODAY))
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(to_coordinator) == 1
    assert "Lang te laat" in to_coordinator[0].body and "Precies veertien dagen" not in to_coordinator[0].body
    assert len(mail.outbox) == 3  # officer, coordinator, regio coordinator

    # A shorter escalation term in this gemeente escalates sooner (configurable).
    gemeente.escalation_after_days = 3
    gemeente.save()
    plan = reminder_digests_plan(today=TODAY)
    assert len(plan[(coordinator.pk, ReminderKind.ESCALATION)]) == 3


def test_catch_up_after_an_outage(gemeente, policy_officer):
    """The worker was down for two days: the first run afterwards sends one digest with everything."""
    first = _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=2), title="Eerste")
    second = _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=1), title="Tweede")
    assert not Reminder.objects.exists()
    reminders_send(now=at(TODAY, 14))
    assert len(mail.outbox) == 1
    assert set(Reminder.objects.get().items.all()) == {first, second}


def test_a_digest_that_could_not_be_sent_is_tried_again_later(gemeente, policy_officer):
    _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=2))
    with mock.patch("feedback.services.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        run = reminders_send(now=at(TODAY, 9))
    assert run.retrying == 1
    reminder = Reminder.objects.get()
    assert reminder.status == DeliveryStatus.PENDING and "smtp down" in reminder.last_error
    reminders_send(now=at(TODAY, 10))
    reminder.refresh_from_db()
    assert reminder.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_an_old_unsent_digest_is_replaced_by_todays(gemeente, policy_officer):
    _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=2))
    with mock.patch("feedback.services.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        reminders_send(now=at(TODAY - datetime.timedelta(days=1), 9))
    reminders_send(now=at(TODAY, 9))
    assert len(mail.outbox) == 1
    old, new = Reminder.objects.order_by("day")
    assert old.status == DeliveryStatus.FAILED and old.last_error
    assert new.status == DeliveryStatus.SENT


def test_reminders_ignore_inactive_officers(gemeente, policy_officer):
    policy_officer.is_active = False
    policy_officer.save()
    _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=2))
    assert reminders_send(now=at(TODAY)).created == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_exactly_one_digest(postgres_db, gemeente, policy_officer, coordinator):
    _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=20))
    _item(gemeente, policy_officer, TODAY + datetime.timedelta(days=1))
    workers = 6
    for round_ in range(3):  # several rounds (days) make an unlucky interleaving likely to show up
        day = TODAY + datetime.timedelta(days=round_)
        mail.outbox.clear()
        barrier = threading.Barrier(workers)
        errors = []

        def run(day=day, barrier=barrier, errors=errors):
            try:
                barrier.wait(timeout=10)
                reminders_send(now=at(day))
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert sorted(m.to[0] for m in mail.outbox) == sorted([policy_officer.email, coordinator.email])
        assert Reminder.objects.filter(day=day).count() == 2
        assert set(Reminder.objects.filter(day=day).values_list("status", flat=True)) == {DeliveryStatus.SENT}


def _reminder_run_queries(gemeenten, officers: int, items_each: int, day: datetime.date) -> tuple[int, int]:
    for gemeente in gemeenten:
        coordinator = UserFactory()
        MembershipFactory(user=coordinator, gemeente=gemeente, role=Role.COORDINATOR)
        for _ in range(officers):
            officer = UserFactory()
            MembershipFactory(user=officer, gemeente=gemeente, role=Role.POLICY_OFFICER)
            for n in range(items_each):  # overdue long enough to escalate, overdue, and almost due
                _item(gemeente, officer, day - datetime.timedelta(days=(30, 2, -1)[n % 3]))
    mail.outbox.clear()
    digests = len(reminder_digests_plan(today=day))
    with CaptureQueriesContext(connection) as queries:
        run = reminders_send(now=at(day))
    assert run.sent == len(mail.outbox) == digests
    return len(queries), run.sent


@pytest.mark.postgres  # SQLite splits a bulk insert into batches of 999 parameters, PostgreSQL does not
def test_the_reminder_run_costs_the_same_queries_for_3_or_61_digests_and_10_or_600_items(
    postgres_db, gemeente, other_gemeente
):
    small, sent_small = _reminder_run_queries([gemeente], officers=2, items_each=5, day=TODAY)
    Reminder.objects.all().delete()
    Inbreng.objects.all().delete()
    large, sent_large = _reminder_run_queries(
        [gemeente, other_gemeente], officers=29, items_each=10, day=TODAY + datetime.timedelta(days=1)
    )
    assert (sent_small, sent_large) == (3, 61)  # Middelburg has a coordinator from each round
    assert small == large, (small, large)
    # Running again the same day stores and sends nothing, in as few queries.
    with CaptureQueriesContext(connection) as again:
        run = reminders_send(now=at(TODAY + datetime.timedelta(days=1), 10))
    assert run.created == run.sent == 0 and len(again) < small


def test_a_long_digest_lists_the_first_30_most_overdue_and_counts_the_rest(gemeente, policy_officer):
    for n in range(33):
        _item(gemeente, policy_officer, TODAY - datetime.timedelta(days=40 - n), title=f"Te laat {n:02d}")
    for n in range(2):
        _item(gemeente, policy_officer, TODAY + datetime.timedelta(days=n), title=f"Bijna {n}")
    reminders_send(now=at(TODAY))
    body = mail.outbox[0].body
    assert "Te laat 00" in body and "Te laat 29" in body and "Te laat 30" not in body
    assert "En nog 3. Bekijk ze allemaal in de lijst" in body
    assert "Bijna 0" in body and "Bijna 1" in body
    assert Reminder.objects.get().items.count() == 35
