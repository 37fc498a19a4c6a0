"""Retention of the activities app: stories, quotes and pseudonyms, a term per activity (its own task)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.retention import RetentionTerm, days_text, register

from .constants import DEFAULT_RETENTION_DAYS

register(
    RetentionTerm(
        key="activities.story",
        data=gettext_lazy("Stories, interview quotes and pseudonyms collected in activities"),
        term=lambda: (
            _("Set per activity; %(default)s unless changed.")
            % {"default": days_text(DEFAULT_RETENTION_DAYS, _("the activity ended"))}
        ),
        after=gettext_lazy("The texts, quotes and pseudonyms are deleted; themes, ratings and counts stay."),
        enforced_by="activities.tasks.activity_texts_purge",
        order=40,
    )
)
