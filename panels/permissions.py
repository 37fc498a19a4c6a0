"""Who may do what with organen, members, meetings and adviezen. Tested as role x action tables."""

from django.utils.translation import gettext as _

from participatie.constants import ALL_ROLES, STAFF_ROLES, Role
from participatie.permissions import has_role, has_role_anywhere, is_regio_coordinator
from participatie.selectors import user_sees_everything

from .constants import AWAITING_ADVICE_STATUSES, DRAFTING_ROLES, OPEN_STATUSES, AdviesStatus
from .selectors import member_roles_for_user


def _gemeente_ids(orgaan) -> list[int]:
    # Uses the prefetched gemeenten when the selector loaded them.
    return [gemeente.pk for gemeente in orgaan.gemeenten.all()]


def can_view_panels(user) -> bool:
    """Anyone with a role somewhere opens the panels pages (each list shows only their organen)."""
    return has_role_anywhere(user, *ALL_ROLES)


def can_create_orgaan(user) -> bool:
    """Beleidsambtenaren register a new orgaan (for gemeenten where they are one)."""
    return has_role_anywhere(user, Role.POLICY_OFFICER)


def can_see_overview(user) -> bool:
    """Officers and coordinators see the overview of adviezen across their organen."""
    return has_role_anywhere(user, *STAFF_ROLES)


def can_view_orgaan(user, orgaan) -> bool:
    """Officers and coordinators of a served gemeente, and the orgaan's current members, see the orgaan."""
    return can_follow_orgaan(user, orgaan) or sits_on_orgaan(user, orgaan)


def sits_on_orgaan(user, orgaan) -> bool:
    """A current member (lid) of the orgaan, with the adviesraadlid role in a gemeente it serves."""
    if not any(has_role(user, pk, Role.COUNCIL_MEMBER) for pk in _gemeente_ids(orgaan)):
        return False
    return bool(member_roles_for_user(orgaan=orgaan, user=user))


def can_view_document(user, document) -> bool:
    """A document of a meeting or an aanvraag, for whoever sees the orgaan."""
    owner = document.meeting if document.meeting_id else document.aanvraag
    return can_view_orgaan(user, owner.orgaan)


def can_manage_orgaan(user, orgaan) -> bool:
    """Beleidsambtenaren of a gemeente the orgaan serves manage it: members, meetings, aanvragen, answers."""
    return any(has_role(user, pk, Role.POLICY_OFFICER) for pk in _gemeente_ids(orgaan))


def can_change_orgaan_gemeenten(user, orgaan) -> bool:
    """Change which gemeenten an orgaan serves (its regio included); decision in docs/panels.md.

    A regional orgaan: only the regio's coordinator (and staff); one partner gemeente's beleidsambtenaar never
    adds or removes another gemeente. Any other orgaan: a beleidsambtenaar of every gemeente it serves.
    """
    if user_sees_everything(user):
        return True
    if orgaan.regio_id is not None:
        return is_regio_coordinator(user, orgaan.regio_id)
    served = _gemeente_ids(orgaan)
    return bool(served) and all(has_role(user, pk, Role.POLICY_OFFICER) for pk in served)


def gemeenten_change_refused_message(orgaan) -> str:
    """Why the gemeenten an orgaan serves cannot be changed by this user, in Dutch."""
    if orgaan.regio_id is not None:
        return _("Only the coordinator of the region changes which gemeenten this regional orgaan serves.")
    return _("Only an officer of every gemeente this orgaan serves changes which gemeenten it serves.")


def can_edit_orgaan(user, orgaan) -> bool:
    """Open the orgaan's form: its officers (details), or whoever may change the gemeenten it serves."""
    return can_manage_orgaan(user, orgaan) or can_change_orgaan_gemeenten(user, orgaan)


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
    return can_answer_advies(user, advies) or is_drafting_member(user, advies.orgaan)


def can_send_advies(user, advies) -> bool:
    """Send (uitbrengen) a prepared advice that has a text or a document."""
    return (
        advies.status == AdviesStatus.IN_PREPARATION
        and bool(advies.text.strip() or advies.document)
        and (can_answer_advies(user, advies) or is_drafting_member(user, advies.orgaan))
    )


def can_view_advies(user, advies) -> bool:
    """Whoever sees the orgaan sees its adviezen (internal notes are asked separately)."""
    return can_view_orgaan(user, advies.orgaan)


def can_answer_advies(user, advies) -> bool:
    """The gemeente's side of an advies belongs to the gemeente that asked for it (or was sent it): its
    beleidsambtenaren register the answer, close, withdraw, draft and add documents; other partner
    gemeenten of a regional orgaan do not."""
    return has_role(user, advies.gemeente_id, Role.POLICY_OFFICER)


def can_act_on_advies(user, advies) -> bool:
    """Either side of an advies: the gemeente's officers or the orgaan's voorzitter/secretaris."""
    return can_answer_advies(user, advies) or is_drafting_member(user, advies.orgaan)


def can_add_aanvraag_document(user, advies) -> bool:
    """Add a document to the aanvraag of a requested advies."""
    return advies.aanvraag_id is not None and can_answer_advies(user, advies)


def can_withdraw_advies(user, advies) -> bool:
    """Withdraw an open advice: the gemeente its aanvraag, or the orgaan its advice."""
    return advies.status in OPEN_STATUSES and (
        can_answer_advies(user, advies) or is_drafting_member(user, advies.orgaan)
    )


def can_register_reactie(user, advies) -> bool:
    """Officers register the college's answer to a sent advice."""
    return advies.status == AdviesStatus.SENT and can_answer_advies(user, advies)


def can_close_advies(user, advies) -> bool:
    """Officers close an answered advice."""
    return advies.status == AdviesStatus.ANSWERED and can_answer_advies(user, advies)


def can_see_internal_notes(user, advies) -> bool:
    """Internal notes on an aanvraag and on the answer belong to the gemeente that made them: its officers and
    coordinators only, never members, nor other partner gemeenten of a regional orgaan."""
    return has_role(user, advies.gemeente_id, *STAFF_ROLES)


def can_see_member_contact(user, orgaan) -> bool:
    """Members' e-mail addresses and phone numbers: officers and coordinators only."""
    return can_follow_orgaan(user, orgaan)
