"""Demo data of the feedback loop: inbreng of every source kind, answered on time, late, or overdue now."""

import datetime

from django.db import transaction
from django.utils import timezone

from participatie.models import Gemeente, User

from .constants import Channel, ContributorKind, DeliveryStatus, Outcome, SignalChannel, SourceKind
from .models import Inbreng, NamedPerson, Notification, Terugkoppeling

# (gemeente slug, title, kind, signal channel, contributor kind, who, received days ago, promised in days from
#  received, answer: None or (outcome, answered days after received, public text))
ITEMS = [
    (
        "middelburg",
        "Lange wachttijd bij de aanvraag voor huishoudelijke hulp",
        SourceKind.SIGNAL,
        SignalChannel.DESK,
        ContributorKind.NAMED_PERSONS,
        "",
        40,
        37,
        None,
    ),
    (
        "middelburg",
        "Inloopochtend cliëntondersteuning: wat bezoekers misten",
        SourceKind.MEETING,
        "",
        ContributorKind.ANONYMOUS_GROUP,
        "Bezoekers van de inloopochtend in de bibliotheek",
        26,
        28,
        None,
    ),
    (
        "middelburg",
        "Dialoogtafel armoede en schulden",
        SourceKind.DIALOGUE_TABLE,
        "",
        ContributorKind.ANONYMOUS_GROUP,
        "Deelnemers aan de dialoogtafel",
        120,
        56,
        (
            Outcome.ADOPTED,
            40,
            "Inwoners vroegen om één loket voor vragen over geld. Dat loket is er nu, in het wijkcentrum.",
        ),
    ),
    (
        "middelburg",
        "Verhaal van een mantelzorger over respijtzorg",
        SourceKind.STORY,
        "",
        ContributorKind.ANONYMOUS_GROUP,
        "Een mantelzorger (anoniem)",
        150,
        42,
        (
            Outcome.PARTLY_ADOPTED,
            60,
            "Mantelzorgers kunnen nu vaker een logeeradres krijgen. Een vast budget per mantelzorger komt er niet.",
        ),
    ),
    (
        "middelburg",
        "Uitkomst vragenlijst Wmo-ondersteuning",
        SourceKind.SURVEY,
        "",
        ContributorKind.RESPONDENTS,
        "Respondenten die een bericht terug wilden",
        200,
        56,
        (
            Outcome.NOT_ADOPTED,
            50,
            "Veel mensen willen vaker een huisbezoek. Dat kan nu niet, omdat er te weinig consulenten zijn.",
        ),
    ),
    (
        "middelburg",
        "Ervaringenkaart cliëntondersteuning, voorjaarsronde",
        SourceKind.EXPERIENCE_CARD,
        "",
        ContributorKind.ANONYMOUS_GROUP,
        "Cliënten die een ervaringenkaart invulden",
        20,
        56,
        None,
    ),
    (
        "middelburg",
        "Advies over de verordening jeugdhulp",
        SourceKind.ADVIES,
        "",
        ContributorKind.ORGAAN,
        "Adviesraad Sociaal Domein Middelburg",
        62,
        42,
        None,
    ),
    (
        "middelburg",
        "Onduidelijke brief over de eigen bijdrage",
        SourceKind.SIGNAL,
        SignalChannel.SOCIAL_MEDIA,
        ContributorKind.ANONYMOUS_GROUP,
        "Reacties op de Facebookpagina van de gemeente",
        30,
        20,
        "interim",
    ),
    (
        "pekela",
        "Wijkteam hoort: te weinig vervoer naar de dagbesteding",
        SourceKind.SIGNAL,
        SignalChannel.NEIGHBOURHOOD_TEAM,
        ContributorKind.ANONYMOUS_GROUP,
        "Cliënten van het wijkteam",
        10,
        56,
        None,
    ),
    (
        "pekela",
        "Ervaringenkaart cliëntondersteuning Pekela",
        SourceKind.EXPERIENCE_CARD,
        "",
        ContributorKind.ANONYMOUS_GROUP,
        "Cliënten die een ervaringenkaart invulden",
        100,
        56,
        (Outcome.ADOPTED, 70, "Cliëntondersteuners zijn nu ook op zaterdag te bereiken."),
    ),
]


@transaction.atomic
def seed(*, stdout) -> None:
    """Fill the register (idempotent: the same rows on every run, dates relative to today)."""
    today = timezone.localdate()
    gemeenten = {g.slug: g for g in Gemeente.objects.filter(slug__in={item[0] for item in ITEMS})}
    officers = {slug: User.objects.filter(email=f"beleid@{slug}.demo").first() for slug in gemeenten}
    for slug, title, kind, channel, contributor, who, received_ago, term, answer in ITEMS:
        gemeente = gemeenten.get(slug)
        if gemeente is None:
            continue
        received_on = today - datetime.timedelta(days=received_ago)
        promised_on = received_on + datetime.timedelta(days=term)
        inbreng, _ = Inbreng.objects.update_or_create(
            gemeente=gemeente,
            title=title,
            defaults={
                "summary": f"{title}. Samengevat door de gemeente, zonder namen van inwoners.",
                "source_kind": kind,
                "signal_channel": channel,
                "contributor_kind": contributor,
                "contributor_description": who,
                "received_on": received_on,
                "promised_on": promised_on,
                "promised_channel": Channel.EMAIL
                if contributor != ContributorKind.ANONYMOUS_GROUP
                else Channel.WEBSITE,
                "officer": officers.get(slug),
            },
        )
        if contributor == ContributorKind.NAMED_PERSONS:
            NamedPerson.objects.get_or_create(
                inbreng=inbreng,
                email=f"inwoner@{slug}.demo",
                defaults={"name": "Demo-inwoner", "consent_on": received_on},
            )
        if answer == "interim":
            moved_to = today + datetime.timedelta(days=10)
            Terugkoppeling.objects.update_or_create(
                inbreng=inbreng,
                outcome=Outcome.PENDING,
                defaults={
                    "what_was_done": "We passen de brief aan samen met het CAK. Dat duurt langer dan gedacht.",
                    "given_on": promised_on - datetime.timedelta(days=2),
                    "channel": Channel.WEBSITE,
                    "author": officers.get(slug),
                    "previous_promised_on": promised_on,
                    "new_promised_on": moved_to,
                    "postpone_reason": "De nieuwe tekst moet eerst langs het taalpanel.",
                },
            )
            Inbreng.objects.filter(pk=inbreng.pk).update(promised_on=moved_to)
        elif answer:
            outcome, answered_after, public_text = answer
            Terugkoppeling.objects.update_or_create(
                inbreng=inbreng,
                outcome=outcome,
                defaults={
                    "what_was_done": public_text,
                    "reasons": "" if outcome == Outcome.ADOPTED else "Het budget is voor dit jaar al verdeeld.",
                    "given_on": received_on + datetime.timedelta(days=answered_after),
                    "channel": Channel.WEBSITE,
                    "author": officers.get(slug),
                    "public_summary": public_text,
                    "is_published": True,
                },
            )
    # The panels demo gives reacties (terugkoppeling) on adviezen; their e-mails to the demo members
    # count as sent instead of flooding the console when the seed commits.
    Notification.objects.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), attempts=1
    )
    stdout.write(f"Inbreng en terugkoppeling: {Inbreng.objects.count()} inbreng in het register.")
