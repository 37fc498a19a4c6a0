"""Demo data of the activities app: Veere's klantreis, Tilburg's stories, the Oosterschelderegio's dialogue
tables and Ede's eight values. Idempotent: a second run finds everything by its title and adds nothing."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from participatie.models import Gemeente, Regio

from . import services
from .constants import ActivityKind, Direction, Method, RunBy, ThemeKind
from .models import Activity, Insight, Journey, PopulationFigure, Reach, Story, StoryTag, Theme

VEERE_QUOTES = {
    0: ["Ik wist niet dat er iemand was die kon helpen.", "De huisarts wees me de weg.", "Het loket was vriendelijk."],
    1: ["Het formulier was niet te doen zonder hulp.", "Ik moest drie keer hetzelfde vertellen."],
    2: ["Ze nam echt de tijd aan de keukentafel.", "Mijn dochter mocht erbij zijn, dat hielp."],
    3: ["De brief was in ambtelijke taal.", "Ik wachtte zes weken op het besluit."],
    4: ["De ondersteuner belde altijd terug.", "Eindelijk iemand die naast me stond."],
    5: ["Niemand vroeg hoe het nu ging.", "De evaluatie was een kort telefoontje."],
}
# Mean rating per phase (eerste contact ... evaluatie): the klantreis dips at the decision and the evaluation.
VEERE_LEVELS = [3.6, 2.6, 4.3, 2.1, 4.1, 2.8]

TILBURG_THEMES = [
    ("Onafhankelijkheid", "De meedenker staat naast de inwoner, niet namens de gemeente."),
    ("Gelijkwaardigheid", "De inwoner voelt zich serieus genomen."),
    ("Bereikbaarheid", "Hulp is makkelijk te vinden en te bereiken."),
    ("De weg wijzen", "De meedenker kent de weg in regels en loketten."),
    ("Erkenning", "Blij dat iemand belt en luistert."),
]
TILBURG_STORY_TEXTS = [
    ("Eindelijk iemand naast me", "De meedenker was er voor mij, niet voor de gemeente. Dat gaf rust."),
    ("Hulp bij de aanvraag", "Zonder de vrijwilliger had ik de aanvraag nooit ingediend."),
    ("Nagebeld worden", "Ik vond het geweldig dat ze belden om te vragen hoe het ging."),
    ("Te lang gewacht", "Ik wist niet waar ik moest beginnen en wachtte maanden."),
    ("De weg in de regels", "Hij wist precies welk loket ik nodig had."),
    ("Niet wie de indicatie geeft", "Het was fijn dat zij later niet over mijn indicatie besliste."),
]

EDE_STORIES = [
    ("Samen beslissen", "Partnerschap", Direction.POSITIVE, "We maakten het plan samen, aan tafel."),
    ("Over mij, zonder mij", "Gelijkwaardigheid", Direction.NEGATIVE, "Ze praatten over me alsof ik er niet was."),
    ("Weer naar buiten", "Welbevinden", Direction.POSITIVE, "Door de dagbesteding kom ik weer onder de mensen."),
    ("Elke keer een ander", "Samenhang", Direction.NEGATIVE, "Elke instantie vroeg opnieuw hetzelfde."),
    ("Mijn eigen tempo", "Eigen regie", Direction.MIXED, "Ik mocht zelf kiezen, maar kreeg weinig uitleg."),
]


def _day(days_ago: int) -> datetime.date:
    today = timezone.localdate()
    return max(today - datetime.timedelta(days=days_ago), datetime.date(today.year, 1, 1))


def _activity(*, title, gemeente=None, regio=None, reach=(), **fields) -> tuple[Activity, bool]:
    activity = Activity.objects.filter(title=title, gemeente=gemeente, regio=regio).first()
    if activity is not None:
        return activity, False
    activity = services.activity_save(activity=Activity(title=title, gemeente=gemeente, regio=regio, **fields))
    Reach.objects.bulk_create(
        Reach(activity=activity, target_group=group, planned=planned, reached=reached)
        for group, planned, reached in reach
    )
    return activity, True


def _population(gemeente, figures):
    for group, count in figures:
        PopulationFigure.objects.get_or_create(
            gemeente=gemeente, target_group=group, defaults={"count": count, "source": "Demo, 2026"}
        )


def _veere(veere):
    activity, created = _activity(
        title="Klantreis cliëntondersteuning Veere",
        gemeente=veere,
        kind=ActivityKind.IN_DEPTH,
        method=Method.KLANTREIS,
        topic="cliëntondersteuning",
        laws=["wmo"],
        description="Diepte-interviews met inwoners over elke stap, van eerste contact tot evaluatie.",
        starts_on=_day(150),
        ends_on=_day(90),
        run_by=RunBy.GEMEENTE,
        reach=[("ouderen", 6, 6), ("beperking", 4, 3), ("mantelzorgers", 3, 3), ("jongeren", 2, 0)],
    )
    if Journey.objects.filter(gemeente=veere, activity=activity).exists():
        return
    journey = services.journey_create(gemeente=veere, title="Klantreis cliëntondersteuning", activity=activity)
    phases, aspects = list(journey.phases.all()), list(journey.aspects.all())
    rng = random.Random(16)
    for number in range(12):
        ratings = {}
        for index, phase in enumerate(phases):
            for aspect in aspects:
                if index == 5 and number % 4 == 0:
                    ratings[(phase.pk, aspect.pk)] = None  # no evaluation took place: niet van toepassing
                    continue
                score = round(VEERE_LEVELS[index] + rng.uniform(-1.2, 1.2))
                ratings[(phase.pk, aspect.pk)] = min(5, max(1, score))
        quotes = {
            phase.pk: VEERE_QUOTES[index][number % len(VEERE_QUOTES[index])]
            for index, phase in enumerate(phases)
            if (number + index) % 3 == 0
        }
        services.interview_record(
            journey=journey,
            user=None,
            pseudonym=f"Inwoner {number + 1}",
            interviewer="Projectgroep cliëntondersteuning",
            interviewed_on=_day(150 - number * 4),
            consent=True,
            ratings=ratings,
            quotes=quotes,
        )


def _tilburg(tilburg):
    activity, created = _activity(
        title="Storytelling: de meerwaarde van meedenkers",
        gemeente=tilburg,
        kind=ActivityKind.IN_DEPTH,
        method=Method.STORYTELLING,
        topic="cliëntondersteuning (meedenkers)",
        laws=["wmo", "participatiewet"],
        description="Een vrijwilliger haalde ongeveer dertig verhalen op bij inwoners die een meedenker hadden.",
        starts_on=_day(200),
        ends_on=_day(120),
        run_by=RunBy.VOLUNTEERS,
        run_by_name="Vrijwilligers van het project Meedenkers",
        reach=[("ouderen", 10, 12), ("beperking", 8, 7), ("mantelzorgers", 5, 6), ("ggz", 5, 3), ("schulden", 4, 0)],
    )
    themes = {}
    for name, description in TILBURG_THEMES:
        themes[name], _ = Theme.objects.get_or_create(
            gemeente=tilburg, name=name, defaults={"kind": ThemeKind.THEME, "description": description}
        )
    _population(tilburg, [("ouderen", 2400), ("beperking", 1300), ("mantelzorgers", 900)])
    if not created:
        return
    rng = random.Random(30)
    theme_list = list(themes.values())
    stories = []
    for number in range(30):
        title, text = TILBURG_STORY_TEXTS[number % len(TILBURG_STORY_TEXTS)]
        story = services.story_save(
            story=Story(
                activity=activity,
                title=f"{title} ({number + 1})",
                text=text,
                summary="",
                collected_on=_day(200 - number * 2),
                collected_by="Vrijwilliger Meedenkers",
                consent=True,
            )
        )
        stories.append(story)
        for theme in rng.sample(theme_list, 2):
            direction = rng.choice([Direction.POSITIVE, Direction.POSITIVE, Direction.NEGATIVE, Direction.MIXED])
            StoryTag.objects.create(story=story, theme=theme, direction=direction, passage=text.split(".")[0] + ".")
    insight = Insight.objects.create(
        gemeente=tilburg,
        statement="Inwoners waarderen dat hun meedenker onafhankelijk is van wie de indicatie geeft",
        explanation="Dit kwam in veel verhalen terug, vooral bij ouderen.",
    )
    insight.stories.set(
        [s for s in stories if StoryTag.objects.filter(story=s, theme=themes["Onafhankelijkheid"]).exists()]
    )


def _oosterschelde(regio):
    _activity(
        title="Dialoogtafels cliëntondersteuning (Het Nieuwe Samenspel)",
        regio=regio,
        kind=ActivityKind.STRUCTURAL,
        method=Method.DIALOGUE_TABLE,
        topic="cliëntondersteuning",
        laws=["wmo"],
        description="Inwoners en aanbieders spraken spelenderwijs over wensen en ontwikkelpunten.",
        starts_on=_day(100),
        ends_on=_day(60),
        run_by=RunBy.VOLUNTEERS,
        run_by_name="Zeeland Bruist",
        reach=[("inwoners", 30, 26), ("ouderen", 8, 9), ("mantelzorgers", 6, 5), ("nieuwkomers", 4, 0)],
    )


def _ede(ede):
    activity, created = _activity(
        title="Ervaringsonderzoek: acht waarden van goede ondersteuning",
        gemeente=ede,
        kind=ActivityKind.IN_DEPTH,
        method=Method.FOCUS_GROUP,
        topic="kwaliteit van hulp en ondersteuning",
        laws=["wmo", "participatiewet", "jeugdwet"],
        description="Interviews thuis, focusgroepen en gesprekken in spelvorm over acht waarden.",
        starts_on=_day(240),
        ends_on=_day(180),
        run_by=RunBy.AGENCY,
        run_by_name="Movisie",
        reach=[("jongeren", 6, 6), ("werk-inkomen", 10, 9), ("ouderen", 8, 7), ("ouders", 5, 5), ("lvb", 4, 2)],
    )
    services.themes_seed_example(gemeente=ede)
    if not created:
        return
    values = {theme.name: theme for theme in Theme.objects.filter(gemeente=ede)}
    for number, (title, value, direction, text) in enumerate(EDE_STORIES):
        story = services.story_save(
            story=Story(
                activity=activity,
                title=title,
                text=text,
                collected_on=_day(240 - number * 5),
                collected_by="Onderzoeker",
                consent=True,
            )
        )
        StoryTag.objects.create(story=story, theme=values[value], direction=direction, passage=text)


@transaction.atomic
def seed(*, stdout) -> None:
    """Create the activities demo data (nothing twice)."""
    gemeenten = {g.slug: g for g in Gemeente.objects.filter(slug__in=["veere", "tilburg", "ede"])}
    if "veere" in gemeenten:
        _veere(gemeenten["veere"])
    if "tilburg" in gemeenten:
        _tilburg(gemeenten["tilburg"])
    if "ede" in gemeenten:
        _ede(gemeenten["ede"])
    regio = Regio.objects.filter(slug="oosterschelderegio").first()
    if regio is not None:
        _oosterschelde(regio)
