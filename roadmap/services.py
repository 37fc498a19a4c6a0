"""Writes of the roadmap. Each one is atomic and leaves a line in the traject's history (who, what, when)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from participatie.audit import audit_record
from participatie.constants import AuditAction

from .constants import STEP_GUIDES, AttachmentKind, ChecklistState, HistoryKind, StepNumber, StepStatus
from .models import (
    Action,
    Attachment,
    ChecklistItem,
    Decision,
    HistoryEntry,
    Meedenker,
    StakeholderView,
    Step,
    Traject,
)

STEP_FIELDS = (
    "status",
    "skip_reason",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "owner",
    "notes",
    "ladder_planned",
    "ladder_reached",
)
TRAJECT_FIELDS = ("title", "reasons", "reason_other", "start_date", "responsible", "laws", "level")
MODEL_FIELDS = ("model_forms", "model_methods", "model_description", "model_experiment_room")


def history_record(
    *, traject: Traject, actor, kind: str, step: Step | None = None, subject: str = "", old: str = "", new: str = ""
) -> HistoryEntry:
    """Write one line of the geschiedenis and mark the traject as changed now."""
    now = timezone.now()
    entry = HistoryEntry.objects.create(
        traject=traject,
        step=step,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        subject=str(subject)[:300],
        old_value=str(old)[:100],
        new_value=str(new)[:100],
        created_at=now,
    )
    Traject.objects.filter(pk=traject.pk).update(updated_at=now)
    traject.updated_at = now
    return entry


def checklist_seed(*, step: Step) -> list[ChecklistItem]:
    """Put the programme's aandachtspunten for this step on its checklist."""
    guide = STEP_GUIDES[StepNumber(step.number)]
    # Stored in the portal's language, whatever language the person starting the traject reads.
    with translation.override(settings.LANGUAGE_CODE):
        return ChecklistItem.objects.bulk_create(
            ChecklistItem(step=step, text=str(text), position=position, is_seeded=True)
            for position, text in enumerate(guide.checklist, start=1)
        )


@transaction.atomic
def traject_create(
    *,
    gemeente,
    title: str,
    start_date: datetime.date,
    actor,
    reasons=(),
    reason_other: str = "",
    responsible=None,
    laws=(),
    level: str = "gemeente",
) -> Traject:
    """Start a vernieuwingstraject with its six ordered steps, each with its seeded checklist."""
    traject = Traject.objects.create(
        gemeente=gemeente,
        title=title,
        start_date=start_date,
        reasons=list(reasons),
        reason_other=reason_other,
        responsible=responsible,
        laws=list(laws),
        level=level,
    )
    steps = Step.objects.bulk_create(Step(traject=traject, number=number) for number in StepNumber.values)
    if not all(step.pk for step in steps):  # backends that do not return ids from bulk_create
        steps = list(traject.steps.order_by("number"))
    for step in steps:
        checklist_seed(step=step)
    history_record(traject=traject, actor=actor, kind=HistoryKind.TRAJECT_CREATED, subject=title)
    return traject


@transaction.atomic
def traject_update(*, traject: Traject, actor, data: dict) -> Traject:
    """Change a traject's details (title, reasons, dates, responsible officer, laws, level)."""
    changed = _apply(traject, data, TRAJECT_FIELDS)
    if changed:
        traject.save(update_fields=changed)
        history_record(traject=traject, actor=actor, kind=HistoryKind.TRAJECT_CHANGED, subject=traject.title)
    return traject


def _apply(instance, data: dict, fields) -> list[str]:
    changed = []
    for name in fields:
        if name in data and getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


@transaction.atomic
def step_update(*, step: Step, actor, data: dict) -> Step:
    """Change a step (status, dates, owner, notes, ladder); a status change is recorded on its own."""
    # NO KEY UPDATE: the history line another writer inserts for this step (a foreign key check, KEY SHARE)
    # need not wait for this lock while that writer holds the traject's lock (roadmap/progress.py).
    step = Step.objects.select_for_update(no_key=True).get(pk=step.pk)
    old_status = step.status
    changed = _apply(step, data, STEP_FIELDS)
    today = timezone.localdate()
    if step.status == StepStatus.IN_PROGRESS and not step.actual_start:
        step.actual_start = today
        changed.append("actual_start")
    if step.status == StepStatus.DONE and not step.actual_end:
        step.actual_end = today
        if not step.actual_start:
            step.actual_start = today
        changed += ["actual_end", "actual_start"]
    if step.status != StepStatus.SKIPPED and step.skip_reason:
        step.skip_reason = ""
        changed.append("skip_reason")
    if not changed:
        return step
    step.full_clean()
    step.save(update_fields=sorted(set(changed)))
    if step.status != old_status:
        history_record(
            traject=step.traject,
            actor=actor,
            kind=HistoryKind.STATUS_CHANGED,
            step=step,
            subject=step.skip_reason if step.status == StepStatus.SKIPPED else "",
            old=old_status,
            new=step.status,
        )
    if set(changed) - {"status", "actual_start", "actual_end", "skip_reason"}:
        history_record(traject=step.traject, actor=actor, kind=HistoryKind.STEP_CHANGED, step=step, new="changed")
    return step


@transaction.atomic
def checklist_item_set_state(*, item: ChecklistItem, state: str, actor) -> ChecklistItem:
    """Tick an aandachtspunt, open it again, or mark it not applicable."""
    item = ChecklistItem.objects.select_for_update().select_related("step__traject").get(pk=item.pk)
    if state not in ChecklistState.values:
        raise ValueError(f"Unknown checklist state {state!r}")
    if item.state == state:
        return item
    old = item.state
    item.state = state
    item.changed_by = actor
    item.changed_at = timezone.now()
    item.save(update_fields=["state", "changed_by", "changed_at"])
    history_record(
        traject=item.step.traject,
        actor=actor,
        kind=HistoryKind.CHECKLIST,
        step=item.step,
        subject=item.text,
        old=old,
        new=state,
    )
    return item


@transaction.atomic
def checklist_item_add(*, step: Step, text: str, actor) -> ChecklistItem:
    """Add an own aandachtspunt to a step's checklist."""
    last = step.checklist_items.order_by("-position").values_list("position", flat=True).first() or 0
    item = ChecklistItem.objects.create(step=step, text=text, position=last + 1, changed_by=actor)
    history_record(traject=step.traject, actor=actor, kind=HistoryKind.CHECKLIST, step=step, subject=text, new="added")
    return item


@transaction.atomic
def checklist_item_remove(*, item: ChecklistItem, actor) -> None:
    """Remove an aandachtspunt from a checklist."""
    step = item.step
    history_record(
        traject=step.traject, actor=actor, kind=HistoryKind.CHECKLIST, step=step, subject=item.text, new="removed"
    )
    item.delete()


@transaction.atomic
def action_add(*, step: Step, description: str, actor, owner=None, due_date=None) -> Action:
    """Add an actiepunt to a step."""
    action = Action.objects.create(step=step, description=description, owner=owner, due_date=due_date)
    history_record(
        traject=step.traject, actor=actor, kind=HistoryKind.ACTION, step=step, subject=description, new="added"
    )
    return action


@transaction.atomic
def action_set_done(*, action: Action, done: bool, actor) -> Action:
    """Mark an actiepunt done, or open it again."""
    # Only the action's row: locking its step and traject here too (FOR UPDATE of the join) would wait on, and
    # be waited on by, a writer that holds the traject's lock and checks a foreign key to the step.
    action = (
        Action.objects.select_for_update(of=("self",), no_key=True).select_related("step__traject").get(pk=action.pk)
    )
    if action.is_done == done:
        return action
    action.is_done = done
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["is_done", "done_at"])
    history_record(
        traject=action.step.traject,
        actor=actor,
        kind=HistoryKind.ACTION,
        step=action.step,
        subject=action.description,
        new="done" if done else "reopened",
    )
    return action


@transaction.atomic
def action_remove(*, action: Action, actor) -> None:
    """Remove an actiepunt."""
    step = action.step
    history_record(
        traject=step.traject,
        actor=actor,
        kind=HistoryKind.ACTION,
        step=step,
        subject=action.description,
        new="removed",
    )
    action.delete()


@transaction.atomic
def stakeholder_view_save(
    *, traject: Traject, group: str, view: str, recorded_on: datetime.date, actor
) -> StakeholderView:
    """Record (or update) one group's view on why to renew (step 1)."""
    record, created = StakeholderView.objects.update_or_create(
        traject=traject, group=group, defaults={"view": view, "recorded_on": recorded_on}
    )
    history_record(
        traject=traject,
        actor=actor,
        kind=HistoryKind.STAKEHOLDER_VIEW,
        step=traject.steps.get(number=StepNumber.REASON),
        subject=record.get_group_display(),
        new="added" if created else "changed",
    )
    return record


@transaction.atomic
def stakeholder_view_remove(*, record: StakeholderView, actor) -> None:
    """Remove a recorded view."""
    traject = record.traject
    history_record(
        traject=traject,
        actor=actor,
        kind=HistoryKind.STAKEHOLDER_VIEW,
        step=traject.steps.get(number=StepNumber.REASON),
        subject=record.get_group_display(),
        new="removed",
    )
    record.delete()


@transaction.atomic
def meedenker_add(*, traject: Traject, actor, **fields) -> Meedenker:
    """Add someone to the register of meedenkers (step 2)."""
    meedenker = Meedenker.objects.create(traject=traject, **fields)
    history_record(
        traject=traject,
        actor=actor,
        kind=HistoryKind.MEEDENKER,
        step=traject.steps.get(number=StepNumber.PARTICIPANTS),
        subject=meedenker.name,
        new="added",
    )
    return meedenker


@transaction.atomic
def meedenker_remove(*, meedenker: Meedenker, actor) -> None:
    """Take someone off the register of meedenkers."""
    traject = meedenker.traject
    history_record(
        traject=traject,
        actor=actor,
        kind=HistoryKind.MEEDENKER,
        step=traject.steps.get(number=StepNumber.PARTICIPANTS),
        subject=meedenker.name,
        new="removed",
    )
    audit_record(action=AuditAction.DELETED, actor=actor, obj=meedenker, gemeente=traject.gemeente_id)
    meedenker.delete()


@transaction.atomic
def decision_record(*, traject: Traject, actor, **fields) -> Decision:
    """Write a besluit in the decision log (step 3)."""
    decision = Decision(traject=traject, recorded_by=actor, **fields)
    decision.full_clean()
    decision.save()
    history_record(
        traject=traject,
        actor=actor,
        kind=HistoryKind.DECISION,
        step=traject.steps.get(number=StepNumber.DECISIONS),
        subject=decision.subject,
        new="added",
    )
    return decision


@transaction.atomic
def model_update(*, traject: Traject, actor, data: dict) -> Traject:
    """Save the model designed in step 4: forms, methods, description, room to experiment."""
    changed = _apply(traject, data, MODEL_FIELDS)
    if changed:
        traject.save(update_fields=changed)
        history_record(
            traject=traject,
            actor=actor,
            kind=HistoryKind.MODEL,
            step=traject.steps.get(number=StepNumber.MODEL),
            new="changed",
        )
    return traject


@transaction.atomic
def attachment_add(*, step: Step, actor, kind: str, title: str, file=None, url: str = "") -> Attachment:
    """Attach a document (uploaded file) or a link to a step."""
    attachment = Attachment(step=step, kind=kind, title=title, url=url if kind == AttachmentKind.LINK else "")
    if kind == AttachmentKind.DOCUMENT:
        attachment.original_name = file.name[:255]
        attachment.file = file
    attachment.added_by = actor
    attachment.save()
    history_record(
        traject=step.traject, actor=actor, kind=HistoryKind.ATTACHMENT, step=step, subject=title, new="added"
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Remove a document or link from a step; the stored file goes once the removal is committed."""
    step = attachment.step
    history_record(
        traject=step.traject,
        actor=actor,
        kind=HistoryKind.ATTACHMENT,
        step=step,
        subject=attachment.title,
        new="removed",
    )
    stored = attachment.file
    audit_record(action=AuditAction.DELETED, actor=actor, obj=attachment, gemeente=step.traject.gemeente_id)
    attachment.delete()
    if stored:
        storage, name = stored.storage, stored.name
        transaction.on_commit(lambda: storage.delete(name))
