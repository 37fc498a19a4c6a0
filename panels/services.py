"""Writes of the panels app: organen, members, meetings and the advies workflow."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.integration import inbreng_register_for_advies, terugkoppeling_from_reactie
from participatie.audit import audit_record
from participatie.constants import AuditAction
from participatie.delivery import deliveries_send_due, delivery_send, enqueue

from .constants import AWAITING_ADVICE_STATUSES, AdviesAction, AdviesStatus
from .models import (
    AanvraagNotification,
    Advies,
    Adviesaanvraag,
    AgendaItem,
    Attendance,
    Document,
    Meeting,
    Member,
    Orgaan,
    Reactie,
    StatusTransition,
    today,
)
from .permissions import can_change_orgaan_gemeenten, gemeenten_change_refused_message
from .workflow import TransitionRefused, transition_target

# Organen ---------------------------------------------------------------------------------


def orgaan_audit_gemeente(orgaan: Orgaan):
    """The gemeente an orgaan's audit events are filed under: the first it serves (a regional council serves
    several; its events show in the audit trail of that gemeente and to superusers)."""
    return orgaan.gemeenten.order_by("pk").values_list("pk", flat=True).first()


def _audit(*, action, obj, orgaan: Orgaan, user=None, detail: str = "") -> None:
    audit_record(action=action, actor=user, obj=obj, gemeente=orgaan_audit_gemeente(orgaan), detail=detail)


@transaction.atomic
def orgaan_save(*, orgaan: Orgaan, user, gemeenten, regio=None) -> Orgaan:
    """Create or change an orgaan; a regional orgaan serves every gemeente of its regio.

    Changing which gemeenten an existing orgaan serves (or its regio) is for whoever
    ``can_change_orgaan_gemeenten`` allows, judged on the orgaan as stored: a partner gemeente of a regional
    orgaan cannot remove or add another gemeente.
    """
    served = list(regio.gemeenten.all()) if regio is not None else list(gemeenten)
    if not served:
        raise ValidationError(_("Choose at least one gemeente or a region."))
    if orgaan.pk is not None:
        stored = Orgaan.objects.select_for_update().prefetch_related("gemeenten").get(pk=orgaan.pk)
        changed = stored.regio_id != (regio.pk if regio else None) or {g.pk for g in stored.gemeenten.all()} != {
            g.pk for g in served
        }
        if changed and not can_change_orgaan_gemeenten(user, stored):
            raise ValidationError({"gemeenten": gemeenten_change_refused_message(stored)})
    orgaan.regio = regio
    orgaan.full_clean()
    orgaan.save()
    orgaan.gemeenten.set(served)
    return orgaan


# Members ---------------------------------------------------------------------------------


@transaction.atomic
def member_save(*, member: Member) -> Member:
    """Add or change a member (lid) of an orgaan."""
    action = AuditAction.CHANGED if member.pk else AuditAction.CREATED
    member.email = member.email.strip().lower()
    member.full_clean()
    member.save()
    _audit(action=action, obj=member, orgaan=member.orgaan)
    return member


@transaction.atomic
def member_reappoint(*, member: Member, term_end: datetime.date) -> Member:
    """Reappoint a member (herbenoeming): a new term end and one more reappointment."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.term_end is not None and term_end <= member.term_end:
        raise ValidationError({"term_end": _("The new term must end after the current one.")})
    member.term_end = term_end
    member.reappointment_count += 1
    member.full_clean()
    member.save(update_fields=["term_end", "reappointment_count"])
    _audit(action=AuditAction.CHANGED, obj=member, orgaan=member.orgaan, detail="reappointed")
    return member


class ImportRefused(Exception):
    """An import that has invalid rows is never applied (import geweigerd)."""

    def __init__(self, result):
        super().__init__("import has invalid rows")
        self.result = result


def member_import(*, orgaan: Orgaan, dataset, dry_run: bool):
    """Import members from a spreadsheet: a dry run shows what would change; a real run applies all or nothing."""
    from .resources import MemberResource

    resource = MemberResource(orgaan=orgaan)
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, collect_failed_rows=True
        )
        if not dry_run and (result.has_errors() or result.has_validation_errors()):
            transaction.set_rollback(True)
            raise ImportRefused(result)
        if not dry_run:
            totals = result.totals
            _audit(
                action=AuditAction.CHANGED,
                obj=orgaan,
                orgaan=orgaan,
                detail=f"members imported: {totals.get('new', 0)} new, {totals.get('update', 0)} changed",
            )
    return result


# Meetings --------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(*, meeting: Meeting, agenda: list[str]) -> Meeting:
    """Create or change a meeting (bijeenkomst) and its agenda, one item per line."""
    action = AuditAction.CHANGED if meeting.pk else AuditAction.CREATED
    meeting.full_clean()
    meeting.save()
    _audit(action=action, obj=meeting, orgaan=meeting.orgaan)
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title[:300])
        for position, title in enumerate(agenda, start=1)
    )
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict[int, str]) -> None:
    """Record who attended a meeting (aanwezigheid); ``statuses`` maps member ids of this orgaan to a status."""
    allowed = set(meeting.orgaan.members.values_list("pk", flat=True))
    if not set(statuses) <= allowed:
        raise ValidationError(_("Only members of this orgaan can be recorded."))
    for member_id, status in statuses.items():
        if status:
            Attendance.objects.update_or_create(meeting=meeting, member_id=member_id, defaults={"status": status})
        else:
            Attendance.objects.filter(meeting=meeting, member_id=member_id).delete()
    _audit(action=AuditAction.CHANGED, obj=meeting, orgaan=meeting.orgaan, detail="attendance")


@transaction.atomic
def document_add(*, user, title: str, file, meeting=None, aanvraag=None) -> Document:
    """Attach a document to a meeting or an adviesaanvraag."""
    document = Document(meeting=meeting, aanvraag=aanvraag, title=title, file=file, uploaded_by=user)
    document.full_clean()
    document.save()
    audit_record(
        action=AuditAction.CREATED,
        actor=user,
        obj=document,
        gemeente=aanvraag.gemeente_id if aanvraag is not None else orgaan_audit_gemeente(meeting.orgaan),
    )
    return document


# The advies workflow ---------------------------------------------------------------------


def _transition(*, advies: Advies, action: str, user, reason: str = "", status_before=None) -> Advies:
    """Apply one workflow step and store it with who and when; refuses steps not in the table."""
    before = advies.status if status_before is None and advies.pk else status_before
    advies.status = transition_target(status=before or None, action=action, requested=advies.is_requested)
    advies.save()
    StatusTransition.objects.create(
        advies=advies,
        from_status=before or "",
        to_status=advies.status,
        action=action,
        by=user if user is not None and user.is_authenticated else None,
        at=timezone.now(),
        reason=reason,
    )
    audit_record(
        action=AuditAction.CHANGED, actor=user, obj=advies, detail=f"{action}: {before or '-'} -> {advies.status}"
    )
    return advies


def _locked(advies: Advies) -> Advies:
    return Advies.objects.select_related("orgaan", "aanvraag").select_for_update(of=("self",)).get(pk=advies.pk)


@transaction.atomic
def aanvraag_create(*, aanvraag: Adviesaanvraag, user, documents=(), notify: bool = True) -> Advies:
    """Register an adviesaanvraag; its advies starts at "aangevraagd" and the orgaan's chair hears of it."""
    if not aanvraag.orgaan.is_active:
        raise ValidationError(_("This orgaan has been dissolved; it cannot be asked for advice."))
    aanvraag.requested_by = user
    aanvraag.full_clean()
    aanvraag.save()
    advies = Advies(
        orgaan=aanvraag.orgaan,
        gemeente=aanvraag.gemeente,
        aanvraag=aanvraag,
        subject=aanvraag.subject,
        advice_deadline=aanvraag.advice_deadline,
    )
    _transition(advies=advies, action=AdviesAction.REQUEST, user=user)
    for title, file in documents:
        document_add(user=user, title=title, file=file, aanvraag=aanvraag)
    if notify:
        from .tasks import aanvraag_notify

        # The e-mail is a row, sent by a worker nudged after commit or else by the periodic run.
        notification = AanvraagNotification.objects.create(aanvraag=aanvraag)
        transaction.on_commit(lambda: enqueue(aanvraag_notify, notification.pk), robust=True)
    return advies


def aanvraag_notification_deliver(*, notification_id: int, now: datetime.datetime | None = None) -> str:
    """Send the e-mail about a new adviesaanvraag at most once (``participatie.delivery.delivery_send``)."""
    return delivery_send(
        model=AanvraagNotification,
        pk=notification_id,
        now=now,
        select_related=("aanvraag__orgaan", "aanvraag__gemeente"),
        send=lambda notification: aanvraag_notify_send(aanvraag=notification.aanvraag),
    )


def aanvraag_notifications_send_due(*, now: datetime.datetime | None = None):
    """The periodic run of e-mails about adviesaanvragen: send what is waiting, flag what may have gone out."""
    return deliveries_send_due(
        model=AanvraagNotification,
        now=now,
        deliver=lambda pk, at: aanvraag_notification_deliver(notification_id=pk, now=at),
    )


def aanvraag_notify_send(*, aanvraag: Adviesaanvraag) -> int:
    """E-mail the orgaan's voorzitter and secretaris that advice was requested; returns the number sent."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    from participatie.text import mail_subject

    from .selectors import member_drafter_emails

    recipients = member_drafter_emails(orgaan=aanvraag.orgaan)
    if not recipients:
        return 0
    context = {"aanvraag": aanvraag, "orgaan": aanvraag.orgaan, "site_url": getattr(settings, "SITE_URL", "")}
    subject = _("Request for advice: %(subject)s") % {"subject": aanvraag.subject}
    message = EmailMultiAlternatives(
        subject=mail_subject(subject),
        body=render_to_string("emails/panels/aanvraag_new.txt", context),
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
    )
    message.attach_alternative(render_to_string("emails/panels/aanvraag_new.html", context), "text/html")
    message.send()
    return len(recipients)


@transaction.atomic
def advies_draft_save(*, advies: Advies, user, text: str, document=None) -> Advies:
    """Save the advice text (concept); the first save moves the advies to "in voorbereiding"."""
    locked = _locked(advies)
    if locked.status not in AWAITING_ADVICE_STATUSES:
        raise TransitionRefused(_("This advice has already been sent or closed; it can no longer be changed."))
    locked.text = text
    if document is not None:
        locked.document = document
    locked.full_clean(exclude=["status"])
    if locked.status == AdviesStatus.REQUESTED:
        _transition(advies=locked, action=AdviesAction.START, user=user)
    else:
        locked.save()
        audit_record(action=AuditAction.CHANGED, actor=user, obj=locked, detail="draft saved")
    return locked


@transaction.atomic
def advies_send(*, advies: Advies, user, sent_on: datetime.date | None = None) -> Advies:
    """Send an advies (uitbrengen): the one place where an advies becomes "uitgebracht", gevraagd or ongevraagd.

    Stamps the date sent and the gemeente's deadline to answer (date sent + the orgaan's response term).
    """
    sent_on = sent_on or today()
    if sent_on > today():
        raise ValidationError({"sent_on": _("The date sent cannot be in the future.")})
    if advies.pk is None:
        # Ongevraagd advies: it comes into being when it is sent.
        if advies.is_requested:
            raise TransitionRefused(_("A requested advice is created with its adviesaanvraag."))
        target = advies
        status_before = None
    else:
        target = _locked(advies)
        status_before = target.status
        if target.aanvraag and sent_on < target.aanvraag.requested_on:
            raise ValidationError({"sent_on": _("The advice cannot be sent before it was requested.")})
    if not (target.text.strip() or target.document):
        raise ValidationError(_("Write the advice or add a document before sending it."))
    target.sent_on = sent_on
    target.answer_deadline = sent_on + datetime.timedelta(days=target.orgaan.response_term_days)
    target.full_clean(exclude=["status"])
    _transition(advies=target, action=AdviesAction.SEND, user=user, status_before=status_before or "")
    # The feedback register: the terugkoppeling this advies is owed, promised by its answer deadline (once).
    inbreng_register_for_advies(advies=target, user=user)
    return target


@transaction.atomic
def advies_create_unsolicited(*, advies: Advies, user, sent_on: datetime.date | None = None) -> Advies:
    """An ongevraagd advies from the orgaan: created and sent in one step."""
    if not advies.orgaan.is_active:
        raise ValidationError(_("This orgaan has been dissolved; it cannot send advice."))
    advies.aanvraag = None
    return advies_send(advies=advies, user=user, sent_on=sent_on)


@transaction.atomic
def advies_withdraw(*, advies: Advies, user, reason: str) -> Advies:
    """Withdraw an open advies (intrekken), always with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    return _transition(advies=_locked(advies), action=AdviesAction.WITHDRAW, user=user, reason=reason.strip())


@transaction.atomic
def reactie_register(*, advies: Advies, reactie: Reactie, user) -> Reactie:
    """Register the college's answer to a sent advies (reactie); the advies moves to "reactie ontvangen"."""
    locked = _locked(advies)
    transition_target(status=locked.status, action=AdviesAction.RECEIVE_ANSWER, requested=locked.is_requested)
    if locked.sent_on and reactie.answered_on and reactie.answered_on < locked.sent_on:
        raise ValidationError({"answered_on": _("The answer cannot be dated before the advice was sent.")})
    if reactie.answered_on and reactie.answered_on > today():
        raise ValidationError({"answered_on": _("The date of the answer cannot be in the future.")})
    reactie.advies = locked
    reactie.registered_by = user
    reactie.full_clean()
    reactie.save()
    _transition(advies=locked, action=AdviesAction.RECEIVE_ANSWER, user=user)
    # The feedback register: the college's reactie is the terugkoppeling the orgaan is owed.
    terugkoppeling_from_reactie(reactie=reactie, user=user)
    return reactie


@transaction.atomic
def advies_close(*, advies: Advies, user) -> Advies:
    """Close an answered advies (afronden)."""
    return _transition(advies=_locked(advies), action=AdviesAction.CLOSE, user=user)


@transaction.atomic
def advies_start(*, advies: Advies, user) -> Advies:
    """Start preparing a requested advies (in voorbereiding)."""
    return _transition(advies=_locked(advies), action=AdviesAction.START, user=user)
