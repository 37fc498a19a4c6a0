"""Writes of the activities app: keyword-only, in a transaction; other apps only through their services."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.audit import audit_purge_run, audit_record
from participatie.constants import AuditAction

from .constants import DEFAULT_ASPECTS, DEFAULT_PHASES, EXAMPLE_VALUES, ThemeKind
from .models import (
    Activity,
    Insight,
    Journey,
    JourneyAspect,
    JourneyInterview,
    JourneyPhase,
    JourneyQuote,
    JourneyRating,
    PopulationFigure,
    Reach,
    RespondentGroupLink,
    Story,
    StoryTag,
    Theme,
)

# Activities --------------------------------------------------------------------------------------


@transaction.atomic
def activity_save(*, activity: Activity, user=None) -> Activity:
    """Register or change a participation activity (activiteit)."""
    if activity.pk is None and user is not None and user.is_authenticated:
        activity.created_by = user
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def reach_save(*, activity: Activity, counts: dict[str, tuple[int | None, int | None]]) -> None:
    """Store the planned and reached number per doelgroep (bereik); a doelgroep with neither is removed."""
    existing = {reach.target_group: reach for reach in activity.reach.all()}
    for group, (planned, reached) in counts.items():
        reach = existing.get(group)
        if planned is None and reached is None:
            if reach is not None:
                reach.delete()
            continue
        if reach is None:
            reach = Reach(activity=activity, target_group=group)
        reach.planned, reach.reached = planned, reached
        reach.full_clean()
        reach.save()


def activity_register_inbreng(*, activity: Activity, user, promised_on: datetime.date | None, summary: str = ""):
    """Put a finished activity's inbreng in the feedback register (once), through feedback's integration."""
    from feedback.integration import inbreng_register_for_activity

    if activity.gemeente_id is None:
        raise ValidationError(_("A regional activity's input is registered by each gemeente itself."))
    if not activity.is_finished():
        raise ValidationError(_("The activity has not finished yet."))
    if promised_on is not None and promised_on < activity.last_day:
        raise ValidationError({"promised_on": _("The feedback date cannot be before the activity ended.")})
    with transaction.atomic():
        return inbreng_register_for_activity(activity=activity, promised_on=promised_on, summary=summary, user=user)


@transaction.atomic
def population_save(*, gemeente, figures: dict[str, tuple[int | None, str]]) -> None:
    """Store the gemeente's population figures per doelgroep (populatiecijfers); empty ones are removed."""
    existing = {f.target_group: f for f in PopulationFigure.objects.filter(gemeente=gemeente)}
    for group, (count, source) in figures.items():
        figure = existing.get(group)
        if not count:
            if figure is not None:
                figure.delete()
            continue
        figure = figure or PopulationFigure(gemeente=gemeente, target_group=group)
        figure.count, figure.source = count, source
        figure.full_clean()
        figure.save()


@transaction.atomic
def respondent_group_links_save(*, survey, mapping: dict[int, str]) -> None:
    """Say which doelgroep each respondent group of a survey stands for (empty: the survey's own target group)."""
    groups = {group.pk: group for group in survey.respondent_groups.all()}
    for group_id, target_group in mapping.items():
        if group_id not in groups:
            raise ValidationError(_("This respondent group belongs to another questionnaire."))
        if target_group:
            RespondentGroupLink.objects.update_or_create(
                respondent_group=groups[group_id], defaults={"target_group": target_group}
            )
        else:
            RespondentGroupLink.objects.filter(respondent_group=groups[group_id]).delete()


# Klantreis ---------------------------------------------------------------------------------------


@transaction.atomic
def journey_create(*, gemeente, title: str, activity: Activity | None = None, phases=None, aspects=None) -> Journey:
    """Start a klantreis design with its phases and aspects (the usual ones unless given)."""
    journey = Journey(gemeente=gemeente, title=title, activity=activity)
    journey.full_clean()
    journey.save()
    phase_names = [str(name) for name in (phases or DEFAULT_PHASES)]
    aspect_names = [str(name) for name in (aspects or DEFAULT_ASPECTS)]
    JourneyPhase.objects.bulk_create(
        JourneyPhase(journey=journey, position=i, name=name) for i, name in enumerate(phase_names, start=1)
    )
    JourneyAspect.objects.bulk_create(
        JourneyAspect(journey=journey, position=i, name=name) for i, name in enumerate(aspect_names, start=1)
    )
    return journey


def _reconcile(model, journey: Journey, names: list[str], used_message: str) -> None:
    current = {item.name.casefold(): item for item in model.objects.filter(journey=journey)}
    wanted = [name.strip() for name in names if name.strip()]
    keys = [name.casefold() for name in wanted]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Each name may appear only once."))
    removed = [item for key, item in current.items() if key not in keys]
    in_use = [
        item.name for item in removed if item.ratings.exists() or getattr(item, "quotes", None) and item.quotes.exists()
    ]
    if in_use:
        raise ValidationError(used_message % {"names": ", ".join(in_use)})
    for item in removed:
        item.delete()
    # Park positions first so the new order never collides.
    for position, name in enumerate(wanted, start=1):
        item = current.get(name.casefold())
        if item is None:
            model.objects.create(journey=journey, position=position, name=name)
        else:
            item.position, item.name = position, name
            item.save(update_fields=["position", "name"])


@transaction.atomic
def journey_design_update(*, journey: Journey, title: str, phases: list[str], aspects: list[str]) -> Journey:
    """Change a klantreis design: rename it, add, reorder or remove phases and aspects.

    A phase or aspect that interviews already rated cannot be removed (its figures would be lost).
    """
    if not [p for p in phases if p.strip()] or not [a for a in aspects if a.strip()]:
        raise ValidationError(_("A klantreis needs at least one phase and one aspect."))
    journey.title = title
    journey.full_clean()
    journey.save(update_fields=["title"])
    _reconcile(JourneyPhase, journey, phases, _("These phases already have ratings or quotes: %(names)s."))
    _reconcile(JourneyAspect, journey, aspects, _("These aspects already have ratings: %(names)s."))
    return journey


@transaction.atomic
def interview_record(
    *, journey: Journey, user, pseudonym: str, interviewer: str, interviewed_on, consent: bool, ratings, quotes
) -> JourneyInterview:
    """Store one klantreis interview: ratings per phase x aspect (None = niet van toepassing) and a quote per phase.

    Raises ValidationError for a phase or aspect of another klantreis or a score off the 1-5 scale.
    """
    phase_ids = set(journey.phases.values_list("pk", flat=True))
    aspect_ids = set(journey.aspects.values_list("pk", flat=True))
    if any(p not in phase_ids or a not in aspect_ids for p, a in ratings) or any(p not in phase_ids for p in quotes):
        raise ValidationError(_("A phase or aspect does not belong to this klantreis."))
    interview = JourneyInterview(
        journey=journey,
        pseudonym=pseudonym,
        interviewer=interviewer,
        interviewed_on=interviewed_on,
        consent=consent,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    interview.full_clean()
    interview.save()
    rows = [
        JourneyRating(interview=interview, phase_id=p, aspect_id=a, score=score) for (p, a), score in ratings.items()
    ]
    for row in rows:
        row.full_clean(exclude=["interview"], validate_constraints=False)
    JourneyRating.objects.bulk_create(rows)
    JourneyQuote.objects.bulk_create(
        JourneyQuote(interview=interview, phase_id=p, text=text.strip()) for p, text in quotes.items() if text.strip()
    )
    return interview


@transaction.atomic
def quote_save(*, interview: JourneyInterview, phase: JourneyPhase, text: str) -> JourneyQuote:
    """Set the quote of an interview about one phase."""
    if phase.journey_id != interview.journey_id:
        raise ValidationError({"phase": _("Choose a phase of this klantreis.")})
    quote, _created = JourneyQuote.objects.update_or_create(interview=interview, phase=phase, defaults={"text": text})
    return quote


# Themes, stories, insights -----------------------------------------------------------------------


@transaction.atomic
def theme_save(*, theme: Theme) -> Theme:
    """Add or change a theme or value in a gemeente's code list."""
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme) -> int:
    """Delete a theme and its tags (the page asked first and said where it is used); returns tags removed."""
    removed = theme.tags.count()
    audit_record(action=AuditAction.DELETED, obj=theme, detail=f"{removed} tags")
    theme.delete()
    return removed


@transaction.atomic
def themes_seed_example(*, gemeente) -> int:
    """Put the eight values of good support in a gemeente's code list as an example; returns how many were added."""
    added = 0
    for name, description in EXAMPLE_VALUES:
        _theme, created = Theme.objects.get_or_create(
            gemeente=gemeente, name=name, defaults={"kind": ThemeKind.VALUE, "description": description}
        )
        added += created
    return added


@transaction.atomic
def story_save(*, story: Story) -> Story:
    """Store a story (verhaal) of an activity; only with consent, never under a real name."""
    if story.text_purged_at is not None:
        raise ValidationError(_("This story's text was deleted at the end of its retention term."))
    story.full_clean()
    story.save()
    return story


@transaction.atomic
def story_tag_add(*, story: Story, theme: Theme, direction: str, passage: str = "") -> StoryTag:
    """Tag a story, or a passage of it, with a theme of its gemeente's code list and a direction."""
    from .selectors import theme_list_for_story

    if not theme_list_for_story(story=story).filter(pk=theme.pk).exists():
        raise ValidationError({"theme": _("Choose a theme of this gemeente's list.")})
    tag = StoryTag(story=story, theme=theme, direction=direction, passage=passage.strip())
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def insight_save(*, insight: Insight, stories, user=None) -> Insight:
    """Record an insight (inzicht) with the stories that support it."""
    if insight.pk is None and user is not None and user.is_authenticated:
        insight.created_by = user
    insight.full_clean()
    insight.save()
    insight.stories.set(stories)
    return insight


@transaction.atomic
def insight_to_action(*, insight: Insight, step, user, due_date=None, owner=None):
    """Turn an insight into an actiepunt on a step of the gemeente's vernieuwingstraject (roadmap's service)."""
    from roadmap.services import action_add

    if step.traject.gemeente_id != insight.gemeente_id:
        raise ValidationError({"step": _("Choose a step of this gemeente's traject.")})
    if insight.roadmap_action_id:
        raise ValidationError(_("This insight already became an action."))
    action = action_add(step=step, description=insight.statement[:300], actor=user, owner=owner, due_date=due_date)
    insight.roadmap_action = action
    insight.save(update_fields=["roadmap_action"])
    return action


@transaction.atomic
def insight_to_adviesaanvraag(
    *, insight: Insight, user, orgaan, subject: str, question: str, policy_phase: str, advice_deadline
):
    """Turn an insight into an adviesaanvraag to a council serving the gemeente (panels' service)."""
    from panels.models import Adviesaanvraag
    from panels.services import aanvraag_create

    if not orgaan.gemeenten.filter(pk=insight.gemeente_id).exists():
        raise ValidationError({"orgaan": _("Choose a council or panel of this gemeente.")})
    if insight.adviesaanvraag_id:
        raise ValidationError(_("This insight already became a request for advice."))
    aanvraag = Adviesaanvraag(
        orgaan=orgaan,
        gemeente=insight.gemeente,
        subject=subject,
        question=question,
        policy_phase=policy_phase,
        advice_deadline=advice_deadline,
        requested_on=timezone.localdate(),
    )
    aanvraag_create(aanvraag=aanvraag, user=user)
    insight.adviesaanvraag = aanvraag
    insight.save(update_fields=["adviesaanvraag"])
    return aanvraag


# Retention ---------------------------------------------------------------------------------------


def activity_list_retention_due(*, today: datetime.date):
    """Activities whose retention term has passed and whose texts are still there (not scoped: periodic work)."""
    candidates = Activity.objects.filter(texts_purged_at__isnull=True, starts_on__lt=today).only(
        "pk", "starts_on", "ends_on", "retention_days"
    )
    return [activity for activity in candidates.iterator() if activity.retention_ends_on < today]


def activity_texts_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the texts of stories, passages, quotes and pseudonyms of activities past their retention term.

    Themes, directions, ratings and counts stay. Safe to run twice; returns the number of activities purged.
    """
    now = now or timezone.now()
    purged = 0
    per_gemeente: dict[int, int] = {}
    for activity in activity_list_retention_due(today=timezone.localdate(now)):
        with transaction.atomic():
            stories = Story.objects.filter(activity=activity)
            stories.update(text="", summary="", pseudonym="", text_purged_at=now)
            StoryTag.objects.filter(story__activity=activity).update(passage="")
            interviews = JourneyInterview.objects.filter(journey__activity=activity)
            JourneyQuote.objects.filter(interview__in=interviews).update(text="")
            interviews.update(pseudonym="")
            Activity.objects.filter(pk=activity.pk).update(texts_purged_at=now)
        purged += 1
        per_gemeente[activity.gemeente_id] = per_gemeente.get(activity.gemeente_id, 0) + 1
    audit_purge_run(object_type="activities.activity", counts=per_gemeente)
    return purged
