"""Retention of the panels app: members of councils and panels after they left."""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.retention import RetentionTerm, days_text, register

from .models import Member, Orgaan


def member_purge_after_leaving(today: datetime.date) -> dict:
    """Delete members whose term ended more than PANEL_MEMBER_RETENTION_DAYS ago; counts per gemeente
    (an orgaan's first gemeente, as its audit lines, ``services.orgaan_audit_gemeente``)."""
    cutoff = today - datetime.timedelta(days=settings.PANEL_MEMBER_RETENTION_DAYS)
    leavers = Member.objects.filter(term_end__lt=cutoff)
    per_orgaan = dict(leavers.values("orgaan").annotate(n=Count("pk")).order_by().values_list("orgaan", "n"))
    if not per_orgaan:
        return {}
    first_gemeente: dict = {}
    links = Orgaan.gemeenten.through.objects.filter(orgaan_id__in=per_orgaan).order_by("gemeente_id")
    for orgaan_id, gemeente_id in links.values_list("orgaan_id", "gemeente_id"):
        first_gemeente.setdefault(orgaan_id, gemeente_id)
    counts: dict = {}
    for orgaan_id, number in per_orgaan.items():
        gemeente_id = first_gemeente.get(orgaan_id)
        counts[gemeente_id] = counts.get(gemeente_id, 0) + number
    leavers.delete()
    return counts


register(
    RetentionTerm(
        key="panels.member",
        data=gettext_lazy("Members of councils and panels: name, e-mail address, phone, attendance"),
        term=lambda: days_text(settings.PANEL_MEMBER_RETENTION_DAYS, _("the end of their term")),
        after=gettext_lazy("The member is deleted, with their attendance. Advice and meetings stay."),
        purge=member_purge_after_leaving,
        order=10,
    )
)
