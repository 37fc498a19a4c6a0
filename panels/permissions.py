"""Who may do what with organen, members, meetings and adviezen. Tested as role x action tables."""

from participatie.constants import STAFF_ROLES, Role
from participatie.permissions import has_role

from .constants import AWAITING_ADVICE_STATUSES, DRAFTING_ROLES, OPEN_STATUSES, AdviesStatus
from .selectors import member_roles_for_user


def _gemeente_ids(orgaan) -> list[int]:
    # Uses the prefetched gemeenten when the selector loaded them.
    return [gemeente.pk for gemeente in orgaan.gemeenten.all()]


def can_manage_orgaan(user, orgaan) -> bool:
    """Beleidsambtenaren of a gemeente the orgaan serves manage it: members, meetings, aanvragen, answers."""
    return any(has_role(user, pk, Role.POLICY_OFFICER) for pk in _gemeente_ids(orgaan))


def can_follow_orgaan(user, orgaan) -> bool:
    """Officers and coordinators of a served gemeente see everything, internal notes and contact data too."""
    return any(has_role(user, pk, *STAFF_ROLES) for pk in _gemeente_ids(orgaan))


def is_drafting_member(user, orgaan) -> bool:
    """A current voorzitter or secretaris of the orgaan (with the adviesraadlid role) drafts and sends advice."""
    if not any(has_role(user, pk, Role.COUNCIL_MEMBER) for pk in _gemeente_ids(orgaan)):
        return False
    return bool(member_roles_for_user(orgaan=orgaan, user=user).intersection(DRAFTING_ROLES))


def can_create_aanvraag(user, orgaan) -> bool:
    """Officers ask an active orgaan for advice."""
    return orgaan.is_active and can_manage_orgaan(user, orgaan)


def can_send_unsolicited(user, orgaan) -> bool:
    """The orgaan's voorzitter/secretaris (or an officer recording it) sends an ongevraagd advies."""
    return orgaan.is_active and (can_manage_orgaan(user, orgaan) or is_drafting_member(user, orgaan))


def can_draft_advies(user, advies) -> bool:
    """Write or change the advice text while it has not been sent."""
    if advies.status not in AWAITING_ADVICE_STATUSES:
        return False
    return can_manage_orgaan(user, advies.orgaan) or is_drafting_member(user, advies.orgaan)


def can_send_advies(user, advies) -> bool:
    """Send (uitbrengen) a prepared advice that has a text or a document."""
    return (
        advies.status == AdviesStatus.IN_PREPARATION
        and bool(advies.text.strip() or advies.document)
        and (can_manage_orgaan(user, advies.orgaan) or is_drafting_member(user, advies.orgaan))
    )


def can_withdraw_advies(user, advies) -> bool:
    """Withdraw an open advice: the gemeente its aanvraag, or the orgaan its advice."""
    return advies.status in OPEN_STATUSES and (
        can_manage_orgaan(user, advies.orgaan) or is_drafting_member(user, advies.orgaan)
    )


def can_register_reactie(user, advies) -> bool:
    """Officers register the college's answer to a sent advice."""
    return advies.status == AdviesStatus.SENT and can_manage_orgaan(user, advies.orgaan)


def can_close_advies(user, advies) -> bool:
    """Officers close an answered advice."""
    return advies.status == AdviesStatus.ANSWERED and can_manage_orgaan(user, advies.orgaan)


def can_see_internal_notes(user, orgaan) -> bool:
    """Internal notes of the gemeente are for officers and coordinators only, never for members."""
    return can_follow_orgaan(user, orgaan)


def can_see_member_contact(user, orgaan) -> bool:
    """Members' e-mail addresses and phone numbers: officers and coordinators only."""
    return can_follow_orgaan(user, orgaan)
