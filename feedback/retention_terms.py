"""Retention of the feedback app: what residents said in a signal, and contact details on inbreng.

Both terms start at the final terugkoppeling: until then the gemeente still owes the answer and needs them.
"""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.retention import RetentionTerm, days_text, register

from .constants import DeliveryStatus, Outcome, SourceKind
from .models import Inbreng, NamedPerson, Notification, Terugkoppeling


def _answered_before(cutoff: datetime.date):
    """Inbreng whose final terugkoppeling was given before ``cutoff``."""
    final = Terugkoppeling.objects.exclude(outcome=Outcome.PENDING).filter(given_on__lt=cutoff)
    return Inbreng.objects.filter(pk__in=final.values("inbreng"))


def _per_gemeente(queryset, path: str) -> dict:
    return dict(queryset.values(path).annotate(n=Count("pk")).order_by().values_list(path, "n"))


def signal_texts_purge(today: datetime.date) -> dict:
    """Empty the summary and the description of who gave it of answered signals past SIGNAL_RETENTION_DAYS."""
    cutoff = today - datetime.timedelta(days=settings.SIGNAL_RETENTION_DAYS)
    signals = (
        _answered_before(cutoff).filter(source_kind=SourceKind.SIGNAL).exclude(summary="", contributor_description="")
    )
    counts = _per_gemeente(signals, "gemeente")
    if counts:
        Inbreng.objects.filter(pk__in=list(signals.values_list("pk", flat=True))).update(
            summary="", contributor_description=""
        )
    return counts


def inbreng_contacts_purge(today: datetime.date) -> dict:
    """Delete named persons and the addresses on sent e-mails of inbreng answered before the term."""
    cutoff = today - datetime.timedelta(days=settings.INBRENG_CONTACT_RETENTION_DAYS)
    answered = _answered_before(cutoff)
    persons = NamedPerson.objects.filter(inbreng__in=answered)
    addresses = (
        Notification.objects.filter(terugkoppeling__inbreng__in=answered)
        .exclude(email="")
        .exclude(status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING))
    )
    counts = _per_gemeente(persons, "inbreng__gemeente")
    for gemeente_id, number in _per_gemeente(addresses, "terugkoppeling__inbreng__gemeente").items():
        counts[gemeente_id] = counts.get(gemeente_id, 0) + number
    if counts:
        persons.delete()
        Notification.objects.filter(pk__in=list(addresses.values_list("pk", flat=True))).update(email="")
    return counts


register(
    RetentionTerm(
        key="feedback.signal",
        data=gettext_lazy("Signals: what a resident said at a desk, in a neighbourhood team or online"),
        term=lambda: days_text(settings.SIGNAL_RETENTION_DAYS, _("the final feedback")),
        after=gettext_lazy("The text of the signal is removed; the title, dates and feedback stay."),
        purge=signal_texts_purge,
        order=20,
    )
)
register(
    RetentionTerm(
        key="feedback.contacts",
        data=gettext_lazy("Contact details on input: names and e-mail addresses of people who want to hear back"),
        term=lambda: days_text(settings.INBRENG_CONTACT_RETENTION_DAYS, _("the final feedback")),
        after=gettext_lazy("Names and e-mail addresses are deleted; the input and its feedback stay."),
        purge=inbreng_contacts_purge,
        order=21,
    )
)
