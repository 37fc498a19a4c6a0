"""Retention of the surveys app: answers and e-mail addresses, a term per survey (enforced by its own task)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.retention import RetentionTerm, days_text, register

from .constants import DEFAULT_RETENTION_DAYS

register(
    RetentionTerm(
        key="surveys.response",
        data=gettext_lazy("Survey answers, and e-mail addresses left to hear the outcome"),
        term=lambda: (
            _("Set per survey; %(default)s unless changed.")
            % {"default": days_text(DEFAULT_RETENTION_DAYS, _("the survey closed"))}
        ),
        after=gettext_lazy(
            "As set per survey: anonymised (open texts and dates removed), only open texts removed, or all answers "
            "deleted. E-mail addresses are always deleted."
        ),
        enforced_by="surveys.tasks.survey_retention_purge",
        order=30,
    )
)
