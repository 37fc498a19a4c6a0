import datetime

from django.utils import timezone

import pytest

from panels import services
from panels.constants import MemberRole
from panels.models import Adviesaanvraag
from panels.tests.factories import MemberFactory, OrgaanFactory
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def orgaan(gemeente):
    return OrgaanFactory(name="Adviesraad Sociaal Domein Middelburg", gemeenten=[gemeente])


@pytest.fixture
def other_orgaan(other_gemeente):
    return OrgaanFactory(name="Adviesraad Pekela", gemeenten=[other_gemeente])


@pytest.fixture
def chair(orgaan, council_member):
    """The council_member user, linked as voorzitter of ``orgaan``."""
    MemberFactory(orgaan=orgaan, user=council_member, role=MemberRole.CHAIR, email=council_member.email)
    return council_member


@pytest.fixture
def plain_member(orgaan, gemeente):
    """An adviesraadlid who sits on ``orgaan`` as an ordinary lid."""
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=Role.COUNCIL_MEMBER)
    MemberFactory(orgaan=orgaan, user=user, role=MemberRole.MEMBER, email=user.email)
    return user


@pytest.fixture
def outsider_member(gemeente):
    """An adviesraadlid of the same gemeente who sits on no orgaan."""
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=Role.COUNCIL_MEMBER)
    return user


@pytest.fixture
def make_advies(policy_officer):
    """Create a requested advies through the service (with its first transition)."""

    def make(orgaan, *, deadline_days=30, requested_ago=0, **kwargs):
        today = timezone.localdate()
        aanvraag = Adviesaanvraag(
            orgaan=orgaan,
            gemeente=orgaan.gemeenten.first(),
            subject=kwargs.pop("subject", "Beleidsplan"),
            question="Wat vindt u ervan?",
            policy_phase="beleidsvoorbereiding",
            requested_on=today - datetime.timedelta(days=requested_ago),
            advice_deadline=today + datetime.timedelta(days=deadline_days),
            internal_note=kwargs.pop("internal_note", ""),
        )
        return services.aanvraag_create(aanvraag=aanvraag, user=kwargs.pop("user", policy_officer), notify=False)

    return make
