import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from feedback.constants import Channel, ContributorKind, Outcome, SourceKind
from feedback.models import Inbreng, NamedPerson, Terugkoppeling
from participatie.tests.factories import GemeenteFactory


class InbrengFactory(DjangoModelFactory):
    class Meta:
        model = Inbreng

    gemeente = factory.SubFactory(GemeenteFactory)
    title = factory.Sequence(lambda n: f"Inbreng {n}")
    summary = "Deelnemers vinden de folder over de Wmo te moeilijk."
    source_kind = SourceKind.MEETING
    contributor_kind = ContributorKind.ANONYMOUS_GROUP
    contributor_description = "Bezoekers van de inloopochtend"
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    promised_on = factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=56))
    promised_channel = Channel.EMAIL


class NamedPersonFactory(DjangoModelFactory):
    class Meta:
        model = NamedPerson

    inbreng = factory.SubFactory(InbrengFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.nl")
    consent_on = factory.LazyFunction(timezone.localdate)


class TerugkoppelingFactory(DjangoModelFactory):
    class Meta:
        model = Terugkoppeling

    inbreng = factory.SubFactory(InbrengFactory)
    outcome = Outcome.ADOPTED
    what_was_done = "We hebben de folder herschreven in eenvoudige taal."
    given_on = factory.LazyFunction(timezone.localdate)
    channel = Channel.EMAIL
