import pytest

from panels import permissions as perms
from panels import services
from panels.constants import AdviesStatus as S
from panels.tests.factories import MemberFactory
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, UserFactory

ROLES = ["officer", "coordinator", "chair", "secretary", "plain_member", "outsider_member", "other_officer", "staff"]


@pytest.fixture
def users(
    orgaan,
    gemeente,
    policy_officer,
    coordinator,
    chair,
    plain_member,
    outsider_member,
    other_policy_officer,
    staff_user,
):
    secretary = UserFactory()
    MembershipFactory(user=secretary, gemeente=gemeente, role=Role.COUNCIL_MEMBER)
    MemberFactory(orgaan=orgaan, user=secretary, role="secretaris", email=secretary.email)
    return {
        "officer": policy_officer,
        "coordinator": coordinator,
        "chair": chair,
        "secretary": secretary,
        "plain_member": plain_member,
        "outsider_member": outsider_member,
        "other_officer": other_policy_officer,
        "staff": staff_user,
    }


# role -> (manage orgaan, follow orgaan, see an aanvraag's internal notes, request advice, send unsolicited advice)
ORGAAN_TABLE = {
    "officer": (True, True, True, True, True),
    "coordinator": (False, True, True, False, False),
    "chair": (False, False, False, False, True),
    "secretary": (False, False, False, False, True),
    "plain_member": (False, False, False, False, False),
    "outsider_member": (False, False, False, False, False),
    "other_officer": (False, False, False, False, False),
    "staff": (True, True, True, True, True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_orgaan_actions_per_role(role, users, orgaan, make_advies):
    user = users[role]
    got = (
        perms.can_manage_orgaan(user, orgaan),
        perms.can_follow_orgaan(user, orgaan),
        perms.can_see_internal_notes(user, make_advies(orgaan)),
        perms.can_create_aanvraag(user, orgaan),
        perms.can_send_unsolicited(user, orgaan),
    )
    assert got == ORGAAN_TABLE[role]


# role -> (draft while requested, send while in preparation, withdraw, register answer when sent, close when answered)
ADVIES_TABLE = {
    "officer": (True, True, True, True, True),
    "coordinator": (False, False, False, False, False),
    "chair": (True, True, True, False, False),
    "secretary": (True, True, True, False, False),
    "plain_member": (False, False, False, False, False),
    "outsider_member": (False, False, False, False, False),
    "other_officer": (False, False, False, False, False),
    "staff": (True, True, True, True, True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_advies_actions_per_role(role, users, orgaan, make_advies):
    user = users[role]
    advies = make_advies(orgaan)
    can_draft = perms.can_draft_advies(user, advies)
    can_withdraw = perms.can_withdraw_advies(user, advies)
    prepared = services.advies_draft_save(advies=advies, user=users["officer"], text="Concept")
    can_send = perms.can_send_advies(user, prepared)
    sent = services.advies_send(advies=prepared, user=users["officer"])
    can_answer = perms.can_register_reactie(user, sent)
    sent.status = S.ANSWERED  # only the predicate is under test here
    can_close = perms.can_close_advies(user, sent)
    assert (can_draft, can_send, can_withdraw, can_answer, can_close) == ADVIES_TABLE[role]


@pytest.mark.django_db
def test_no_one_acts_in_the_wrong_status(users, orgaan, make_advies):
    officer = users["officer"]
    advies = make_advies(orgaan)
    assert not perms.can_send_advies(officer, advies)  # nothing written yet, still "aangevraagd"
    assert not perms.can_register_reactie(officer, advies)
    assert not perms.can_close_advies(officer, advies)
    advies.status = S.CLOSED
    assert not perms.can_draft_advies(officer, advies)
    assert not perms.can_withdraw_advies(officer, advies)


@pytest.mark.django_db
def test_former_chair_and_dissolved_orgaan(orgaan, chair):
    import datetime

    from django.utils import timezone

    assert perms.can_send_unsolicited(chair, orgaan)
    orgaan.dissolved_on = timezone.localdate() - datetime.timedelta(days=1)
    orgaan.dissolved_reason = "Opgegaan in de participatieraad"
    orgaan.save()
    assert not perms.can_send_unsolicited(chair, orgaan)
    assert not perms.can_create_aanvraag(chair, orgaan)
    orgaan.dissolved_on = None
    orgaan.dissolved_reason = ""
    orgaan.save()
    orgaan.members.filter(user=chair).update(term_end=timezone.localdate() - datetime.timedelta(days=1))
    fresh = type(orgaan).objects.get(pk=orgaan.pk)
    assert not perms.is_drafting_member(chair, fresh)
