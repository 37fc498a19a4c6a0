import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from panels.constants import AdviesStatus, MemberRole, OrgaanKind, PolicyPhase
from panels.models import Advies, Adviesaanvraag, Document, Meeting, Member, Orgaan
from participatie.tests.factories import GemeenteFactory


class OrgaanFactory(DjangoModelFactory):
    class Meta:
        model = Orgaan
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Adviesraad {n}")
    kind = OrgaanKind.ADVIESRAAD
    response_term_value = 6

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if not create:
            return
        self.gemeenten.set(extracted if extracted is not None else [GemeenteFactory()])


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    orgaan = factory.SubFactory(OrgaanFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"lid{n}@example.nl")
    role = MemberRole.MEMBER
    term_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    contact_consent = True


class AanvraagFactory(DjangoModelFactory):
    class Meta:
        model = Adviesaanvraag

    orgaan = factory.SubFactory(OrgaanFactory)
    gemeente = factory.LazyAttribute(lambda o: o.orgaan.gemeenten.first())
    subject = factory.Sequence(lambda n: f"Onderwerp {n}")
    question = "Wat vindt u ervan?"
    policy_phase = PolicyPhase.PREPARATION
    requested_on = factory.LazyFunction(timezone.localdate)
    advice_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class AdviesFactory(DjangoModelFactory):
    """A requested advies in status "aangevraagd" (no transitions; use services for the workflow)."""

    class Meta:
        model = Advies

    aanvraag = factory.SubFactory(AanvraagFactory)
    orgaan = factory.LazyAttribute(lambda o: o.aanvraag.orgaan)
    gemeente = factory.LazyAttribute(lambda o: o.aanvraag.gemeente)
    subject = factory.LazyAttribute(lambda o: o.aanvraag.subject)
    status = AdviesStatus.REQUESTED
    advice_deadline = factory.LazyAttribute(lambda o: o.aanvraag.advice_deadline)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    orgaan = factory.SubFactory(OrgaanFactory)
    title = factory.Sequence(lambda n: f"Vergadering {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Stadhuis"


class DocumentFactory(DjangoModelFactory):
    """A document (stuk) of a meeting."""

    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Stuk {n}")
    file = factory.django.FileField(filename="stuk.pdf", data=b"%PDF-1.4 stuk")
