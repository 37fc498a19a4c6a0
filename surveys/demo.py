"""Demo data of the surveys app: the three library templates opened in three gemeenten, plus one draft.

Idempotent: surveys are found by their natural key (gemeente, slug); dates are relative to today.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from participatie.models import Gemeente, User

from .constants import SurveyStatus
from .demo_responses import responses_generate
from .fieldwork.demo import seed as fieldwork_seed
from .models import Survey
from .services import survey_close, survey_open
from .survey_definition import SCHEMA, survey_definition_import
from .template_library import survey_template_get

# (gemeente slug, template key, listed on the public page, days since opening, days until closing, responses)
OPENED = [
    ("middelburg", "clientondersteuning-ervaringen", True, 10, 35, 420),
    ("pekela", "ervaringenkaart", False, 30, 150, 310),
    ("de-fryske-marren", "bekendheid-clientondersteuning", False, 5, 40, 260),
    # A survey with results in the voorbeeldgemeenten, so their programme coordinator sees one.
    ("groningen", "clientondersteuning-ervaringen", False, 20, 25, 340),
]
# Last year's round of Middelburg's survey, closed, so the results page can compare rounds.
LAST_YEAR = ("middelburg", "clientondersteuning-ervaringen", 380)

AGREE = [
    {"code": "1", "label": "Helemaal mee eens", "score": 4},
    {"code": "2", "label": "Mee eens", "score": 3},
    {"code": "3", "label": "Niet mee eens", "score": 2},
    {"code": "4", "label": "Helemaal niet mee eens", "score": 1},
    {"code": "9", "label": "Weet ik niet / niet van toepassing", "off_scale": True},
]

# A draft the builder shows: next year's cliëntervaringsonderzoek Wmo, still being written.
DRAFT = {
    "schema": SCHEMA,
    "title": "Cliëntervaringsonderzoek Wmo (concept)",
    "introduction": "U krijgt hulp van de gemeente via de Wmo. Wij willen weten hoe het met die hulp gaat.",
    "privacy_text": "U vult de vragenlijst anoniem in.",
    "target_group": "ouderen",
    "sections": [
        {
            "title": "Uw hulp",
            "questions": [
                {
                    "code": "CEO1",
                    "text": "Wat vindt u van deze zinnen over uw hulp?",
                    "type": "matrix",
                    "scale_kind": "benoemd",
                    "options": AGREE,
                    "statements": [
                        {"code": "CEO1a", "text": "Ik wist waar ik moest zijn met mijn vraag."},
                        {"code": "CEO1b", "text": "Ik werd snel geholpen."},
                        {"code": "CEO1c", "text": "De medewerker nam mij serieus."},
                        {"code": "CEO1d", "text": "Door de hulp kan ik beter dingen zelf doen."},
                    ],
                },
                {"code": "CEO2", "text": "Hoe oud bent u?", "type": "getal", "min_value": 0, "max_value": 120},
            ],
        }
    ],
}


def _midnight(days: int) -> datetime:
    today = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(today, time.min))


def _survey_for(gemeente, definition, user):
    survey = Survey.objects.filter(gemeente=gemeente, slug=slugify(definition["title"])).first()
    if survey is None:
        survey = survey_definition_import(data=definition, gemeente=gemeente, user=user)
    return survey


@transaction.atomic
def seed(*, stdout) -> list[tuple[str, str]]:
    """Import the three templates and open them; add one draft survey (vragenlijst in concept) and the
    entry-only account of Pekela's card. Returns the demo accounts it made, for the account list."""
    gemeenten = {g.slug: g for g in Gemeente.objects.filter(slug__in=[row[0] for row in OPENED])}
    gemeenten.update({g.slug: g for g in Gemeente.objects.filter(slug=LAST_YEAR[0])})
    for slug, key, public, opened_days_ago, closes_in_days, count in OPENED:
        gemeente = gemeenten.get(slug)
        if gemeente is None:
            continue
        user = User.objects.filter(email=f"beleid@{slug}.demo").first()
        survey = _survey_for(gemeente, survey_template_get(key).definition, user)
        Survey.objects.filter(pk=survey.pk).update(
            is_public=public,
            opens_at=_midnight(-opened_days_ago),
            closes_at=_midnight(closes_in_days),
            terugkoppeling_date=timezone.localdate() + timedelta(days=closes_in_days + 60),
        )
        survey.refresh_from_db()
        if survey.status == SurveyStatus.CONCEPT:
            survey_open(survey=survey, now=_midnight(-opened_days_ago))
        added = responses_generate(
            survey=survey, count=count, start=_midnight(-opened_days_ago), end=timezone.now(), seed=survey.pk
        )
        stdout.write(f"  Vragenlijst open: {survey.title} ({gemeente.name}), {added} antwoorden toegevoegd")
        if (slug, key) == LAST_YEAR[:2]:
            _last_year_round(survey=survey, key=key, user=user, count=LAST_YEAR[2], stdout=stdout)
    middelburg = gemeenten.get("middelburg")
    if middelburg is not None:
        user = User.objects.filter(email="beleid@middelburg.demo").first()
        draft = _survey_for(middelburg, DRAFT, user)
        stdout.write(f"  Vragenlijst in concept: {draft.title} ({middelburg.name})")
    # Fieldwork: Frisian for De Fryske Marren, a pilot round on the draft.
    from .fieldwork.demo_pilot_lang import seed as seed_pilot_lang

    seed_pilot_lang(stdout=stdout)

    fieldwork_seed(stdout=stdout)

    return _entry_account(stdout=stdout)


# The entry-only demo account (invoerder): enters Pekela's paper ervaringenkaarten, nothing else.
ENTRY_ACCOUNT = ("invoer@pekela.demo", "pekela", "ervaringenkaart")


def _entry_account(*, stdout) -> list[tuple[str, str]]:
    """An entry-only account for Pekela's ervaringenkaart (fieldwork); returns it for the account list."""
    from django.contrib.auth.hashers import make_password

    from participatie.demo import DEMO_PASSWORD

    from .models import EntryAssignment

    email, slug, key = ENTRY_ACCOUNT
    gemeente = Gemeente.objects.filter(slug=slug).first()
    if gemeente is None:
        return []
    survey = Survey.objects.filter(gemeente=gemeente, slug=slugify(survey_template_get(key).title)).first()
    if survey is None:
        return []
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"password": make_password(DEMO_PASSWORD), "first_name": "Invoerder", "last_name": gemeente.name},
    )
    granted_by = User.objects.filter(email=f"coordinator@{slug}.demo").first()
    EntryAssignment.objects.get_or_create(survey=survey, user=user, defaults={"granted_by": granted_by})
    stdout.write(f"  Invoeraccount: {email} voor {survey.title} ({gemeente.name})")
    return [(email, f"alleen invoer van de {survey.title} in {gemeente.name}")]


def _last_year_round(*, survey: Survey, key: str, user, count: int, stdout) -> None:
    """Last year's round of ``survey``: closed, with responses; linked as its previous round when supported."""
    definition = {**survey_template_get(key).definition}
    definition["title"] = f"{definition['title']} ({timezone.localdate().year - 1})"
    previous = _survey_for(survey.gemeente, definition, user)
    if previous.status == SurveyStatus.CONCEPT:
        Survey.objects.filter(pk=previous.pk).update(
            opens_at=_midnight(-400), closes_at=_midnight(-340), is_public=False
        )
        previous.refresh_from_db()
        survey_open(survey=previous, now=_midnight(-400))
        survey_close(survey=previous, now=_midnight(-340))
    responses_generate(survey=previous, count=count, start=_midnight(-400), end=_midnight(-341), seed=previous.pk)
    # The results part adds Survey.previous_round (comparing rounds); link it when that field exists.
    if any(field.name == "previous_round" for field in Survey._meta.get_fields()):
        Survey.objects.filter(pk=survey.pk).update(previous_round=previous)
    stdout.write(f"  Vorige ronde: {previous.title} ({survey.gemeente.name}), gesloten")
