import datetime

import factory
from factory.django import DjangoModelFactory

from participatie.constants import Law
from participatie.tests.factories import GemeenteFactory, UserFactory
from roadmap import services
from roadmap.constants import AttachmentKind, CouncilFate, DecisionMaker, MeedenkerKind, Reason, StakeholderGroup
from roadmap.models import Action, Attachment, Decision, Meedenker, StakeholderView, Traject


class TrajectFactory(DjangoModelFactory):
    """A traject made through the service, so it has its six steps and checklists."""

    class Meta:
        model = Traject

    gemeente = factory.SubFactory(GemeenteFactory)
    title = factory.Sequence(lambda n: f"Vernieuwing {n}")
    start_date = datetime.date(2026, 1, 5)
    reasons = factory.LazyFunction(lambda: [Reason.DIRECT_CONTACT])
    laws = factory.LazyFunction(lambda: [Law.WMO, Law.JEUGDWET])
    level = "gemeente"
    actor = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.traject_create(**kwargs)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    step = factory.LazyAttribute(lambda o: TrajectFactory().steps.get(number=1))
    description = factory.Sequence(lambda n: f"Actie {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = None


class MeedenkerFactory(DjangoModelFactory):
    class Meta:
        model = Meedenker

    traject = factory.SubFactory(TrajectFactory)
    name = factory.Sequence(lambda n: f"Meedenker {n}")
    kind = MeedenkerKind.RESIDENT
    target_groups = factory.LazyFunction(list)


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    traject = factory.SubFactory(TrajectFactory)
    subject = factory.Sequence(lambda n: f"Besluit {n}")
    decided_by = DecisionMaker.EXECUTIVE
    decided_on = datetime.date(2026, 3, 1)
    council_name = "Wmo-raad"
    council_fate = CouncilFate.MERGES


class AttachmentFactory(DjangoModelFactory):
    """An uploaded document on step 1 of a new traject."""

    class Meta:
        model = Attachment

    step = factory.LazyAttribute(lambda o: TrajectFactory().steps.get(number=1))
    kind = AttachmentKind.DOCUMENT
    title = factory.Sequence(lambda n: f"Notitie {n}")
    file = factory.django.FileField(filename="notitie.pdf", data=b"%PDF-1.4 notitie")
    original_name = "notitie.pdf"


class StakeholderViewFactory(DjangoModelFactory):
    class Meta:
        model = StakeholderView

    traject = factory.SubFactory(TrajectFactory)
    group = StakeholderGroup.COUNCIL
    view = "Meer zeggenschap over de eigen ondersteuning."
