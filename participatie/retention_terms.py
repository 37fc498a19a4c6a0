"""Retention terms of the shared core: the audit trail, failed logins, the export records."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .retention import RetentionTerm, days_text, register

register(
    RetentionTerm(
        key="axes.accessattempt",
        data=gettext_lazy("Failed logins (account and address), for the lockout"),
        term=lambda: days_text(settings.LOGIN_ATTEMPTS_RETENTION_DAYS, _("the attempt")),
        after=gettext_lazy("Deleted."),
        enforced_by="participatie.tasks.access_attempts_cleanup",
        order=80,
    )
)
register(
    RetentionTerm(
        key="participatie.auditevent",
        data=gettext_lazy("Audit log: who did what and when, with the address of staff"),
        term=lambda: _("Kept; the portal deletes nothing (BIO). The database administrator archives it."),
        after=gettext_lazy("Archived by the database administrator after the gemeente's own term for logs."),
        enforced_by="",
        order=90,
    )
)
