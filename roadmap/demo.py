"""Demo trajecten: gemeenten at different stages of the route, so the monitor tells a story.

Idempotent: trajecten are found by (gemeente, title), everything under them by natural keys,
and dates are relative to today, so a second run changes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from participatie.constants import Law, Level, TargetGroup
from participatie.demo import demo_email
from participatie.models import Gemeente, User

from .constants import (
    ChecklistState,
    CouncilFate,
    DecisionMaker,
    HistoryKind,
    MeedenkerKind,
    Method,
    ParticipationForm,
    Reason,
    StakeholderGroup,
    StepNumber,
    StepStatus,
)
from .models import Action, Decision, HistoryEntry, Meedenker, StakeholderView, Traject
from .services import traject_create

ALL_LAWS = [Law.WMO, Law.PARTICIPATIEWET, Law.JEUGDWET]


@dataclass
class Story:
    slug: str
    title: str
    started_days_ago: int
    finished: int  # steps 1..finished are done
    reasons: list
    laws: list = field(default_factory=lambda: list(ALL_LAWS))
    level: str = Level.MUNICIPALITY
    skipped: dict = field(default_factory=dict)  # step number -> reason
    overdue: int = 0  # overdue actions in the current step
    quiet_days: int = 0  # days since the last change (a stalled traject)
    views: tuple = ()
    meedenkers: tuple = ()
    decisions: tuple = ()
    model: dict | None = None


MIDDELBURG_MEEDENKERS = (
    (
        "Voorzitter Wmo-raad",
        "Wmo-raad Middelburg",
        MeedenkerKind.ADVISORY_COUNCIL,
        [TargetGroup.ELDERLY, TargetGroup.DISABILITY],
        True,
    ),
    ("Ervaringsdeskundige schuldhulp", "", MeedenkerKind.EXPERIENCE_EXPERT, [TargetGroup.WORK_AND_INCOME], True),
    ("Buurtvader Stromenwijk", "", MeedenkerKind.KEY_FIGURE, [TargetGroup.YOUTH, TargetGroup.MIGRANTS], False),
    ("Cliëntondersteuner", "Stichting MEE", MeedenkerKind.PROVIDER, [TargetGroup.INTELLECTUAL_DISABILITY], True),
    ("Theatermaker", "Het Zeeuwse Podium", MeedenkerKind.ARTIST, [TargetGroup.GENERAL], True),
)
MIDDELBURG_DECISIONS = (
    (
        "Eén adviesraad sociaal domein voor Wmo, Participatiewet en Jeugdwet",
        DecisionMaker.EXECUTIVE,
        120,
        "Wmo-raad Middelburg",
        CouncilFate.MERGES,
        "Brief aan de leden en een bijeenkomst in het stadhuis; leden zijn op persoonlijke titel uitgenodigd.",
    ),
    (
        "De cliëntenraad Participatiewet blijft tot de evaluatie na één jaar",
        DecisionMaker.TOGETHER,
        95,
        "Cliëntenraad Participatiewet",
        CouncilFate.STAYS,
        "Samen met de raad besloten in de werkgroep; verslag gedeeld met alle leden.",
    ),
)

STORIES = [
    Story(
        "middelburg",
        "Vernieuwing cliëntenparticipatie sociaal domein",
        300,
        3,
        [Reason.DIRECT_CONTACT, Reason.NEW_GROUPS],
        overdue=2,
        views=(
            (StakeholderGroup.OFFICIALS, "Meer rechtstreeks contact met cliënten in de hele beleidscyclus."),
            (StakeholderGroup.EXECUTIVE, "Het college wil jongeren en mensen met een beperking beter bereiken."),
            (StakeholderGroup.EXISTING_COUNCILS, "De Wmo-raad wil meedenken, maar vreest minder invloed."),
            (StakeholderGroup.RESIDENTS, "Inwoners willen weten wat er met hun mening gebeurt."),
            (StakeholderGroup.COUNCIL, "De gemeenteraad vraagt om een integrale adviesraad."),
        ),
        meedenkers=MIDDELBURG_MEEDENKERS,
        decisions=MIDDELBURG_DECISIONS,
        model={
            "model_forms": [ParticipationForm.POLLING, ParticipationForm.IN_DEPTH, ParticipationForm.STRUCTURAL],
            "model_methods": [Method.QUESTIONNAIRE, Method.CUSTOMER_JOURNEY, Method.ADVISORY_COUNCIL],
            "model_description": "Een brede adviesraad sociaal domein, aangevuld met een jaarlijkse vragenlijst en klantreizen.",
            "model_experiment_room": "Het eerste jaar proberen we dialoogtafels in twee wijken; daarna kijken we samen terug.",
        },
    ),
    Story(
        "pekela",
        "Cliëntenparticipatie dichter bij inwoners",
        14,
        0,
        [Reason.LEGAL_DUTY, Reason.DIRECT_CONTACT],
        laws=[Law.WMO, Law.PARTICIPATIEWET],
        views=((StakeholderGroup.OFFICIALS, "We willen de ervaringen met cliëntondersteuning beter ophalen."),),
    ),
    Story(
        "veere",
        "Samen sterker in het sociaal domein",
        540,
        5,
        [Reason.SUPPORT],
        level=Level.REGION,
        overdue=1,
        meedenkers=(("Dorpsraad Serooskerke", "", MeedenkerKind.KEY_FIGURE, [TargetGroup.ELDERLY], True),),
        decisions=(
            (
                "Regionale adviesraad met Middelburg",
                DecisionMaker.COUNCIL,
                300,
                "Wmo-raad Veere",
                CouncilFate.MERGES,
                "Brief en raadsinformatieavond.",
            ),
        ),
    ),
    Story("almere", "Iedereen doet mee", 90, 1, [Reason.NEW_GROUPS], overdue=1),
    Story("groningen", "Stad en ommeland denken mee", 420, 4, [Reason.DIRECT_CONTACT, Reason.SUPPORT]),
    Story(
        "haarlemmermeer",
        "Vernieuwing adviesstructuur",
        200,
        2,
        [Reason.SUPPORT],
        overdue=3,
        decisions=(
            (
                "Besluit over de toekomst van de Wmo-raad",
                DecisionMaker.EXECUTIVE,
                20,
                "Wmo-raad Haarlemmermeer",
                CouncilFate.OPEN,
                "Nog niet gecommuniceerd.",
            ),
        ),
    ),
    Story("leeuwarden", "Meedenken in Leeuwarden", 600, 5, [Reason.DIRECT_CONTACT, Reason.NEW_GROUPS]),
    Story("peel-en-maas", "Inwoners aan het woord", 30, 0, [Reason.LEGAL_DUTY]),
    Story("stichtse-vecht", "Nieuwe vormen van participatie", 380, 3, [Reason.NEW_GROUPS], overdue=2, quiet_days=120),
    Story(
        "schiedam",
        "Participatie sociaal domein",
        250,
        2,
        [Reason.DIRECT_CONTACT],
        skipped={2: "Meedenkers waren al betrokken via het wijkenplan; de stap is daar gedaan."},
    ),
    Story("zaanstad", "Zaanse cliëntenraad vernieuwd", 120, 1, [Reason.SUPPORT, Reason.NEW_GROUPS]),
]

STEP_DAYS = 60  # a step takes about two months in these stories


def _at(today: datetime.date, days_ago: int) -> datetime.datetime:
    moment = datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(10, 0))
    return timezone.make_aware(moment)


def _seed_story(story: Story, gemeente: Gemeente, today: datetime.date) -> bool:
    officer = User.objects.filter(email=demo_email("beleid", story.slug)).first()
    coordinator = User.objects.filter(email=demo_email("coordinator", story.slug)).first()
    start = today - datetime.timedelta(days=story.started_days_ago)
    traject = Traject.objects.filter(gemeente=gemeente, title=story.title).first()
    created = traject is None
    if created:
        traject = traject_create(
            gemeente=gemeente,
            title=story.title,
            start_date=start,
            reasons=story.reasons,
            responsible=officer,
            laws=story.laws,
            level=story.level,
            actor=officer,
        )
    Traject.objects.filter(pk=traject.pk).update(
        start_date=start, reasons=story.reasons, responsible=officer, laws=story.laws, level=story.level
    )
    steps = {step.number: step for step in traject.steps.all()}
    history = []
    current = story.finished + 1
    for number, step in steps.items():
        planned_start = start + datetime.timedelta(days=(number - 1) * STEP_DAYS)
        planned_end = planned_start + datetime.timedelta(days=STEP_DAYS - 1)
        values = {
            "planned_start": planned_start,
            "planned_end": planned_end,
            "owner": officer if number % 2 else coordinator,
            "ladder_planned": min(5, 2 + number // 2),
            "skip_reason": "",
            "actual_start": None,
            "actual_end": None,
            "ladder_reached": None,
            "status": StepStatus.NOT_STARTED,
        }
        if number in story.skipped:
            values.update(status=StepStatus.SKIPPED, skip_reason=story.skipped[number])
        elif number <= story.finished:
            values.update(
                status=StepStatus.DONE,
                actual_start=planned_start,
                actual_end=min(planned_end, today),
                ladder_reached=max(1, values["ladder_planned"] - (number % 2)),
            )
        elif number == current:
            values.update(status=StepStatus.IN_PROGRESS, actual_start=min(planned_start, today))
        for name, value in values.items():
            setattr(step, name, value)
        step.save()
        # Checklist: finished steps ticked off, the current step half way.
        items = list(step.checklist_items.order_by("position", "pk"))
        for index, item in enumerate(items):
            if values["status"] == StepStatus.DONE:
                state = (
                    ChecklistState.NOT_APPLICABLE if index == len(items) - 1 and number == 2 else ChecklistState.DONE
                )
            elif number == current and index < len(items) // 2:
                state = ChecklistState.DONE
            else:
                state = ChecklistState.OPEN
            if item.state != state:
                item.state = state
                item.changed_by = officer
                item.changed_at = _at(today, max(story.quiet_days, 1))
                item.save(update_fields=["state", "changed_by", "changed_at"])
        if values["status"] != StepStatus.NOT_STARTED:
            days_ago = max(
                (today - (values["actual_end"] or values["actual_start"] or planned_start)).days, story.quiet_days
            )
            history.append((number, values["status"], days_ago))

    current_step = steps.get(current)
    if current_step is not None:
        Action.objects.update_or_create(
            step=current_step,
            description="Verslag van de werksessie delen met alle deelnemers",
            defaults={"owner": officer, "due_date": today + datetime.timedelta(days=10)},
        )
        for n in range(story.overdue):
            Action.objects.update_or_create(
                step=current_step,
                description=f"Terugkoppeling aan meedenkers versturen (ronde {n + 1})",
                defaults={
                    "owner": officer if n % 2 == 0 else coordinator,
                    "due_date": today - datetime.timedelta(days=7 + 9 * n),
                },
            )
    for number in range(1, story.finished + 1):
        Action.objects.update_or_create(
            step=steps[number],
            description="Resultaten van deze stap bespreken met het college",
            defaults={
                "owner": officer,
                "due_date": steps[number].planned_end,
                "is_done": True,
                "done_at": _at(today, 1),
            },
        )

    for group, text in story.views:
        StakeholderView.objects.update_or_create(
            traject=traject, group=group, defaults={"view": text, "recorded_on": start + datetime.timedelta(days=10)}
        )
    for name, organisation, kind, groups, consent in story.meedenkers:
        Meedenker.objects.update_or_create(
            traject=traject,
            name=name,
            defaults={"organisation": organisation, "kind": kind, "target_groups": groups, "contact_consent": consent},
        )
    for subject, decided_by, days_ago, council, fate, communication in story.decisions:
        Decision.objects.update_or_create(
            traject=traject,
            subject=subject,
            defaults={
                "decided_by": decided_by,
                "decided_on": today - datetime.timedelta(days=days_ago),
                "council_name": council,
                "council_fate": fate,
                "communication": communication,
                "recorded_by": officer,
            },
        )
        if created:
            history.append((StepNumber.DECISIONS, f"decision:{subject}", days_ago))
    if story.model:
        Traject.objects.filter(pk=traject.pk).update(**story.model)

    if created:
        HistoryEntry.objects.filter(traject=traject).update(created_at=_at(today, story.started_days_ago))
        for number, what, days_ago in history:
            if what.startswith("decision:"):
                entry = {"kind": HistoryKind.DECISION, "subject": what.split(":", 1)[1], "new_value": "added"}
            else:
                entry = {"kind": HistoryKind.STATUS_CHANGED, "old_value": StepStatus.NOT_STARTED, "new_value": what}
            HistoryEntry.objects.create(
                traject=traject, step=steps[number], actor=officer, created_at=_at(today, days_ago), **entry
            )
    last = (
        HistoryEntry.objects.filter(traject=traject)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    Traject.objects.filter(pk=traject.pk).update(updated_at=last or _at(today, story.quiet_days))
    return created


@transaction.atomic
def seed(*, stdout) -> None:
    """Give several gemeenten a vernieuwingstraject at a different stage, with actions, decisions and meedenkers."""
    today = timezone.localdate()
    gemeenten = Gemeente.objects.in_bulk([story.slug for story in STORIES], field_name="slug")
    made = 0
    for story in STORIES:
        gemeente = gemeenten.get(story.slug)
        if gemeente is None:
            continue
        made += _seed_story(story, gemeente, today)
    stdout.write(f"Roadmap: {len(STORIES)} trajecten ({made} nieuw).")
