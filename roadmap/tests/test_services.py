import datetime

from django.core.exceptions import ValidationError

import pytest
import time_machine

from roadmap import services
from roadmap.constants import STEP_GUIDES, ChecklistState, HistoryKind, StepNumber, StepStatus
from roadmap.models import ChecklistItem, HistoryEntry, Step
from roadmap.selectors import step_queryset_with_progress, traject_list_with_progress

from .factories import ActionFactory, TrajectFactory

pytestmark = pytest.mark.django_db


def test_traject_create_makes_six_ordered_steps_with_their_checklists(gemeente, policy_officer):
    traject = services.traject_create(
        gemeente=gemeente, title="Vernieuwing", start_date=datetime.date(2026, 1, 1), actor=policy_officer
    )
    steps = list(traject.steps.order_by("number"))
    assert [step.number for step in steps] == [1, 2, 3, 4, 5, 6]
    assert [step.get_number_display() for step in steps] == [label for _value, label in StepNumber.choices]
    assert {step.status for step in steps} == {StepStatus.NOT_STARTED}
    for step in steps:
        items = list(step.checklist_items.order_by("position"))
        expected = [str(text) for text in STEP_GUIDES[StepNumber(step.number)].checklist]
        assert [item.text for item in items] == expected
        assert all(item.is_seeded and item.state == ChecklistState.OPEN for item in items)
    entry = HistoryEntry.objects.get(traject=traject)
    assert entry.kind == HistoryKind.TRAJECT_CREATED and entry.actor == policy_officer


def test_a_second_set_of_steps_is_refused_by_the_database(gemeente):
    traject = TrajectFactory(gemeente=gemeente)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(traject=traject, number=3)


def test_progress_counts_done_of_applicable_points_and_actions(gemeente, policy_officer):
    traject = TrajectFactory(gemeente=gemeente)
    step = traject.steps.get(number=1)
    items = list(step.checklist_items.order_by("position"))
    services.checklist_item_set_state(item=items[0], state=ChecklistState.DONE, actor=policy_officer)
    services.checklist_item_set_state(item=items[1], state=ChecklistState.DONE, actor=policy_officer)
    services.checklist_item_set_state(item=items[2], state=ChecklistState.NOT_APPLICABLE, actor=policy_officer)
    first = services.action_add(step=step, description="Raad spreken", actor=policy_officer)
    services.action_add(step=step, description="College spreken", actor=policy_officer)
    services.action_set_done(action=first, done=True, actor=policy_officer)

    annotated = step_queryset_with_progress().get(pk=step.pk)
    assert (annotated.checklist_done, annotated.checklist_total) == (2, len(items) - 1)
    assert (annotated.actions_done, annotated.actions_total) == (1, 2)
    other = step_queryset_with_progress().get(traject=traject, number=2)
    assert (other.checklist_done, other.actions_total) == (0, 0)


def test_overdue_flags_follow_the_calendar(gemeente, policy_officer):
    traject = TrajectFactory(gemeente=gemeente)
    step = traject.steps.get(number=2)
    with time_machine.travel(datetime.datetime(2026, 5, 10, 12, 0), tick=False):
        yesterday = ActionFactory(step=step, due_date=datetime.date(2026, 5, 9))
        today = ActionFactory(step=step, due_date=datetime.date(2026, 5, 10))
        done = ActionFactory(step=step, due_date=datetime.date(2026, 5, 1), is_done=True)
        no_date = ActionFactory(step=step, due_date=None)
        assert yesterday.is_overdue
        assert not today.is_overdue and not done.is_overdue and not no_date.is_overdue
        row = traject_list_with_progress(user=policy_officer).get(pk=traject.pk)
        assert row.overdue_total == 1
        assert {s.number: s.actions_overdue for s in row.steps.all()}[2] == 1
    with time_machine.travel(datetime.datetime(2026, 5, 11, 12, 0), tick=False):
        assert today.is_overdue
        assert traject_list_with_progress(user=policy_officer).get(pk=traject.pk).overdue_total == 2


def test_status_change_is_recorded_with_who_and_when(gemeente, policy_officer):
    traject = TrajectFactory(gemeente=gemeente)
    step = traject.steps.get(number=1)
    with time_machine.travel(datetime.datetime(2026, 2, 3, 9, 30), tick=False):
        services.step_update(step=step, actor=policy_officer, data={"status": StepStatus.IN_PROGRESS})
    step.refresh_from_db()
    assert step.actual_start == datetime.date(2026, 2, 3)
    entry = HistoryEntry.objects.get(traject=traject, kind=HistoryKind.STATUS_CHANGED)
    assert (entry.old_value, entry.new_value, entry.actor, entry.step) == (
        StepStatus.NOT_STARTED,
        StepStatus.IN_PROGRESS,
        policy_officer,
        step,
    )
    assert entry.created_at.date() == datetime.date(2026, 2, 3)
    traject.refresh_from_db()
    assert traject.updated_at == entry.created_at


def test_skipping_needs_a_reason_and_saves_nothing_without_one(gemeente, policy_officer):
    traject = TrajectFactory(gemeente=gemeente)
    step = traject.steps.get(number=2)
    with pytest.raises(ValidationError) as error:
        services.step_update(step=step, actor=policy_officer, data={"status": StepStatus.SKIPPED})
    assert "skip_reason" in error.value.message_dict
    step.refresh_from_db()
    assert step.status == StepStatus.NOT_STARTED
    assert not HistoryEntry.objects.filter(kind=HistoryKind.STATUS_CHANGED).exists()
    services.step_update(
        step=step, actor=policy_officer, data={"status": StepStatus.SKIPPED, "skip_reason": "Al gedaan in de wijk"}
    )
    step.refresh_from_db()
    assert step.status == StepStatus.SKIPPED


def test_dates_out_of_order_are_refused(gemeente, policy_officer):
    step = TrajectFactory(gemeente=gemeente).steps.get(number=1)
    with pytest.raises(ValidationError) as error:
        services.step_update(
            step=step,
            actor=policy_officer,
            data={"planned_start": datetime.date(2026, 3, 1), "planned_end": datetime.date(2026, 2, 1)},
        )
    assert "planned_end" in error.value.message_dict
    step.refresh_from_db()
    assert step.planned_start is None


def test_checklist_tick_add_and_remove_are_recorded(gemeente, policy_officer):
    step = TrajectFactory(gemeente=gemeente).steps.get(number=6)
    item = services.checklist_item_add(step=step, text="Wijkteams weten van de nieuwe raad", actor=policy_officer)
    assert item.position == len(STEP_GUIDES[StepNumber.ORGANISATION].checklist) + 1 and not item.is_seeded
    services.checklist_item_set_state(item=item, state=ChecklistState.DONE, actor=policy_officer)
    services.checklist_item_set_state(item=item, state=ChecklistState.DONE, actor=policy_officer)  # no change
    services.checklist_item_remove(item=item, actor=policy_officer)
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()
    entries = HistoryEntry.objects.filter(kind=HistoryKind.CHECKLIST).order_by("pk")
    assert [(e.old_value, e.new_value) for e in entries] == [("", "added"), ("open", "gedaan"), ("", "removed")]
    assert all(e.actor == policy_officer and e.step == step for e in entries)


def test_a_decision_is_logged_and_a_council_needs_its_fate(gemeente, policy_officer):
    traject = TrajectFactory(gemeente=gemeente)
    with pytest.raises(ValidationError):
        services.decision_record(
            traject=traject,
            actor=policy_officer,
            subject="Nieuwe adviesraad",
            decided_by="college",
            decided_on=datetime.date(2026, 4, 1),
            council_name="Wmo-raad",
            council_fate="",
            communication="",
        )
    assert not traject.decisions.exists()
    decision = services.decision_record(
        traject=traject,
        actor=policy_officer,
        subject="Nieuwe adviesraad",
        decided_by="college",
        decided_on=datetime.date(2026, 4, 1),
        council_name="Wmo-raad",
        council_fate="gaat-op",
        communication="Brief aan de leden",
    )
    entry = HistoryEntry.objects.get(kind=HistoryKind.DECISION)
    assert entry.subject == decision.subject and entry.step.number == 3 and entry.actor == policy_officer
