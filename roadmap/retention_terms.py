"""Retention of the roadmap app: meedenkers (a name or role, an organisation; no address)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.retention import RetentionTerm, register

register(
    RetentionTerm(
        key="roadmap.meedenker",
        data=gettext_lazy("Meedenkers in the renewal of participation: name or role, organisation"),
        term=lambda: _("As long as the renewal (traject) runs."),
        after=gettext_lazy("Removed by the policy officer, or on request through a request for erasure."),
        enforced_by="",
        order=50,
    )
)
