"""The advies workflow as an explicit transition table: (status, action) -> new status.

Anything not in the table is refused. ``None`` is the state before an advies exists:
a gevraagd advies starts at "aangevraagd" when the gemeente requests it, an
ongevraagd advies starts at "uitgebracht" when the orgaan sends it.
"""

from django.utils.translation import gettext_lazy as _

from .constants import OPEN_STATUSES
from .constants import AdviesAction as A
from .constants import AdviesStatus as S

TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, A.REQUEST): S.REQUESTED,
    (S.REQUESTED, A.START): S.IN_PREPARATION,
    (S.IN_PREPARATION, A.SEND): S.SENT,
    (S.SENT, A.RECEIVE_ANSWER): S.ANSWERED,
    (S.ANSWERED, A.CLOSE): S.CLOSED,
    **{(status, A.WITHDRAW): S.WITHDRAWN for status in OPEN_STATUSES},
}

# Ongevraagd advies is sent right away: the only way it comes into being.
UNSOLICITED_START = (None, A.SEND)
TRANSITIONS_UNSOLICITED = {**TRANSITIONS, UNSOLICITED_START: S.SENT}
TRANSITIONS_UNSOLICITED.pop((None, A.REQUEST))


class TransitionRefused(Exception):
    """An action that the workflow does not allow in the current status (ongeldige statusovergang)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def transition_target(*, status: str | None, action: str, requested: bool) -> str:
    """The status ``action`` leads to from ``status``; raises TransitionRefused when it is not allowed."""
    table = TRANSITIONS if requested else TRANSITIONS_UNSOLICITED
    try:
        return table[(status, action)]
    except KeyError:
        raise TransitionRefused(
            _("“%(action)s” is not possible while the advice has the status “%(status)s”.")
            % {
                "action": A(action).label if action in A.values else action,
                "status": S(status).label if status in S.values else _("new"),
            }
        ) from None


def allowed_actions(*, status: str | None, requested: bool) -> list[str]:
    """The actions the workflow allows from ``status``."""
    table = TRANSITIONS if requested else TRANSITIONS_UNSOLICITED
    return [action for (from_status, action) in table if from_status == status]
