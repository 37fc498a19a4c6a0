"""The stored progress of a traject (roadmap/progress.py) equals a fresh computation after every write path."""

import datetime
import io
import threading

from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Min, Q, Value
from django.db.models.functions import Coalesce

import pytest
import time_machine

from participatie.tests.factories import UserFactory
from roadmap import services
from roadmap.constants import StepStatus
from roadmap.models import Action, Step, Traject, TrajectProgress
from roadmap.progress import overdue_refresh, progress_drop, progress_ensure
from roadmap.selectors import FINISHED, traject_list_for_monitor

from .factories import ActionFactory, TrajectFactory

DAY = datetime.date(2026, 5, 10)


def fresh(today: datetime.date) -> dict:
    """Every traject's progress computed from its steps and actions (the grouped query the monitor ran before)."""
    overdue = Q(steps__actions__is_done=False, steps__actions__due_date__lt=today)
    rows = Traject.objects.annotate(
        finished=Count("steps", filter=Q(steps__status__in=FINISHED), distinct=True),
        current=Coalesce(
            Min("steps__number", filter=Q(steps__status=StepStatus.IN_PROGRESS)),
            Min("steps__number", filter=~Q(steps__status__in=FINISHED)),
            Value(7),
        ),
        overdue=Count("steps__actions", filter=overdue, distinct=True),
    ).values_list("pk", "finished", "current", "overdue")
    return {pk: (finished, current, overdue) for pk, finished, current, overdue in rows}


def stored(today: datetime.date) -> dict:
    overdue_refresh(today=today)
    rows = TrajectProgress.objects.values_list("traject_id", "steps_finished", "current_step", "overdue_total")
    return {pk: (finished, current, overdue) for pk, finished, current, overdue in rows}


def assert_exact(today: datetime.date = DAY):
    expected = fresh(today)
    assert stored(today) == expected
    return expected


@pytest.mark.django_db
def test_the_progress_follows_every_write_of_the_services():
    with time_machine.travel(datetime.datetime(2026, 5, 10, 12, 0), tick=False):
        actor = UserFactory()
        traject = TrajectFactory()
        other = TrajectFactory()
        assert assert_exact()[traject.pk] == (0, 1, 0)
        step2 = traject.steps.get(number=2)
        services.step_update(step=traject.steps.get(number=1), actor=actor, data={"status": StepStatus.DONE})
        services.step_update(step=step2, actor=actor, data={"status": StepStatus.IN_PROGRESS})
        services.step_update(
            step=traject.steps.get(number=3), actor=actor, data={"status": StepStatus.SKIPPED, "skip_reason": "Al"}
        )
        assert assert_exact()[traject.pk] == (2, 2, 0)
        late = services.action_add(step=step2, description="Laat", actor=actor, due_date=DAY - datetime.timedelta(1))
        services.action_add(step=step2, description="Later", actor=actor, due_date=DAY + datetime.timedelta(3))
        services.action_add(step=step2, description="Ooit", actor=actor)
        assert assert_exact()[traject.pk] == (2, 2, 1)
        services.action_set_done(action=late, done=True, actor=actor)
        assert assert_exact()[traject.pk] == (2, 2, 0)
        services.action_set_done(action=late, done=False, actor=actor)
        assert assert_exact()[traject.pk] == (2, 2, 1)
        services.action_remove(action=late, actor=actor)
        assert assert_exact()[traject.pk] == (2, 2, 0)
        services.step_update(step=step2, actor=actor, data={"status": StepStatus.DONE})
        assert assert_exact()[traject.pk] == (3, 4, 0)
        assert assert_exact()[other.pk] == (0, 1, 0)
    # Four days later the action due in three days is overdue: the date alone changes the count.
    assert assert_exact(DAY + datetime.timedelta(4))[traject.pk] == (3, 4, 1)
    # And back (a test travelling in time, or a clock put right): the count follows.
    assert assert_exact(DAY)[traject.pk] == (3, 4, 0)
    traject.delete()
    assert not TrajectProgress.objects.filter(traject_id=traject.pk).exists()
    assert_exact()


@pytest.mark.django_db
def test_the_progress_follows_writes_that_bypass_the_services():
    """The admin saves models, the demo seed and bench use queryset updates: the triggers see them all."""
    traject, other = TrajectFactory(), TrajectFactory()
    Step.objects.filter(traject=traject, number__lte=5).update(status=StepStatus.DONE)
    assert assert_exact()[traject.pk] == (5, 6, 0)
    step = traject.steps.get(number=6)
    step.status = StepStatus.IN_PROGRESS
    step.save()  # as the admin's inline does
    action = ActionFactory(step=step, due_date=DAY - datetime.timedelta(10))
    assert assert_exact()[traject.pk] == (5, 6, 1)
    Action.objects.filter(pk=action.pk).update(due_date=DAY + datetime.timedelta(10))
    assert assert_exact()[traject.pk] == (5, 6, 0)
    action.due_date = DAY - datetime.timedelta(2)
    action.step = other.steps.get(number=1)
    action.save()  # moved to another traject's step: both recounted
    expected = assert_exact()
    assert (expected[traject.pk], expected[other.pk]) == ((5, 6, 0), (0, 1, 1))
    Step.objects.filter(traject=other).delete()
    assert assert_exact()[other.pk] == (0, 7, 0)
    Action.objects.bulk_create(
        [Action(step=step, description=f"A{n}", due_date=DAY - datetime.timedelta(n)) for n in range(1, 4)]
    )
    assert assert_exact()[traject.pk] == (5, 6, 3)


@pytest.mark.django_db
def test_the_progress_follows_the_demo_seed(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    expected = assert_exact(datetime.date.today())
    assert len(expected) >= 8 and len({value[0] for value in expected.values()}) >= 4
    assert any(value[2] for value in expected.values())


@pytest.mark.django_db
def test_missing_triggers_are_made_again_and_the_progress_recounted():
    traject = TrajectFactory()
    progress_drop()
    Step.objects.filter(traject=traject).update(status=StepStatus.DONE)
    assert TrajectProgress.objects.get(traject=traject).steps_finished == 0  # not counted without triggers
    assert progress_ensure() is True
    assert assert_exact()[traject.pk] == (6, 7, 0)
    assert progress_ensure() is False  # nothing missing: nothing done
    Step.objects.filter(traject=traject, number=6).update(status=StepStatus.NOT_STARTED)
    assert assert_exact()[traject.pk] == (5, 6, 0)


@pytest.mark.django_db
def test_the_monitor_sorts_and_filters_on_the_stored_progress_across_pages(staff_user):
    trajecten = [TrajectFactory() for _ in range(7)]
    for index, traject in enumerate(trajecten):
        Step.objects.filter(traject=traject, number__lte=index % 4).update(status=StepStatus.DONE)
        for _ in range(index % 3):
            ActionFactory(step=traject.steps.get(number=1), due_date=datetime.date(2020, 1, 1))
    rows = list(traject_list_for_monitor(user=staff_user, sort="-stage"))
    assert [row.steps_finished for row in rows] == sorted((i % 4 for i in range(7)), reverse=True)
    rows = list(traject_list_for_monitor(user=staff_user, sort="overdue"))
    assert [row.overdue_total for row in rows] == sorted(i % 3 for i in range(7))
    assert len(traject_list_for_monitor(user=staff_user, overdue_only=True)) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_progress_stays_exact_under_concurrent_writes(postgres_db):
    """Officers adding, closing and removing actions and changing steps of one traject at the same time."""
    traject = TrajectFactory()
    actor = UserFactory()
    steps = list(traject.steps.order_by("number"))
    threads_n, each = 6, 8
    barrier = threading.Barrier(threads_n)
    errors = []

    def officer(index):
        try:
            barrier.wait()
            for number in range(each):
                step = steps[(index + number) % 6]
                action = services.action_add(
                    step=step, description="Gelijktijdig", actor=actor, due_date=datetime.date(2020, 1, 1)
                )
                if number % 3 == 1:
                    services.action_set_done(action=action, done=True, actor=actor)
                if number % 4 == 2:
                    services.action_remove(action=action, actor=actor)
                status = (StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.NOT_STARTED)[(index + number) % 3]
                services.step_update(step=step, actor=actor, data={"status": status})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=officer, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, [str(e) for e in errors[:3]]
    expected = assert_exact(datetime.date.today())
    assert expected[traject.pk][2] > 0
