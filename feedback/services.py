"""Writes and side effects of the feedback loop: registering inbreng, giving terugkoppeling,
telling participants, and the daily reminders (herinneringen)."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, F, Value, When, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participatie.audit import audit_record
from participatie.constants import AuditAction
from participatie.delivery import backoff_seconds as backoff_seconds
from participatie.delivery import deliveries_send_batch, deliveries_send_due, delivery_send, enqueue_each
from participatie.text import mail_subject

from .constants import (
    CHANNELS_THAT_EMAIL,
    Channel,
    ContributorKind,
    DeliveryStatus,
    Outcome,
    ReminderKind,
    SourceKind,
)
from .models import Inbreng, NamedPerson, Notification, Reminder, Terugkoppeling
from .registry import Recipient, recipient_source_for, signal_converter
from .selectors import coordinator_ids_by_gemeente, inbreng_list_open_due

logger = logging.getLogger(__name__)

# A pk no inbreng has, to cut the detail URL in two once per run (prefix and suffix around the pk).
_URL_PK = 918273645
# A digest e-mail lists at most this many items per section; the rest is one click away in the list.
DIGEST_LIST_LIMIT = 30


# Register ---------------------------------------------------------------------------------


def inbreng_register(*, gemeente, created_by, persons=(), **fields) -> Inbreng:
    """Register an inbreng by hand (a signaal, a meeting's contributions, a story, ...)."""
    inbreng = Inbreng(gemeente=gemeente, created_by=created_by, **fields)
    inbreng.full_clean()
    with transaction.atomic():
        inbreng.save()
        audit_record(action=AuditAction.CREATED, actor=created_by, obj=inbreng)
        for person in persons:
            named_person_add(inbreng=inbreng, **person)
    return inbreng


def inbreng_register_for_source(
    *,
    source,
    gemeente,
    source_kind: str,
    title: str,
    summary: str,
    received_on: datetime.date,
    promised_on: datetime.date | None = None,
    contributor_kind: str = ContributorKind.ANONYMOUS_GROUP,
    contributor_description: str = "",
    officer=None,
    promised_channel: str = Channel.EMAIL,
    created_by=None,
) -> tuple[Inbreng, bool]:
    """Register the inbreng of a linked source (an advies, a closed survey) once; returns (inbreng, created).

    Idempotent: the database constraint on the source makes a second registration return the first.
    Without ``promised_on`` the gemeente's default term (``feedback_term_days``) applies.
    """
    content_type = ContentType.objects.get_for_model(source, for_concrete_model=True)
    lookup = {"source_content_type": content_type, "source_object_id": source.pk}
    existing = Inbreng.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    if promised_on is None:
        promised_on = received_on + datetime.timedelta(days=gemeente.feedback_term_days)
    inbreng = Inbreng(
        gemeente=gemeente,
        source_kind=source_kind,
        title=title[:200],
        summary=summary,
        received_on=received_on,
        promised_on=max(promised_on, received_on),
        contributor_kind=contributor_kind,
        contributor_description=contributor_description[:200],
        officer=officer,
        promised_channel=promised_channel,
        created_by=created_by,
        **lookup,
    )
    inbreng.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            inbreng.save()
    except IntegrityError:
        # Someone registered the same source at the same moment: theirs stands.
        return Inbreng.objects.get(**lookup), False
    return inbreng, True


def inbreng_update(*, inbreng: Inbreng, **fields) -> Inbreng:
    """Change the register entry of an inbreng (not its promised date once answered in the interim)."""
    for name, value in fields.items():
        setattr(inbreng, name, value)
    inbreng.full_clean()
    with transaction.atomic():
        inbreng.save()
        audit_record(action=AuditAction.CHANGED, obj=inbreng, detail=", ".join(sorted(fields))[:300])
    return inbreng


def named_person_add(*, inbreng: Inbreng, name: str, email: str, consent_on: datetime.date) -> NamedPerson:
    """Add a person who gave this inbreng and consented to hear back (persoon met toestemming)."""
    person = NamedPerson(inbreng=inbreng, name=name, email=email.strip().lower(), consent_on=consent_on)
    person.full_clean()
    with transaction.atomic():
        person.save()
        audit_record(action=AuditAction.CREATED, obj=person, gemeente=inbreng.gemeente_id)
    return person


def signal_convert_to_adviesaanvraag(*, inbreng: Inbreng, user, data: dict):
    """Turn a signaal into an adviesaanvraag through the converter panels registered; links it as follow-up."""
    converter = signal_converter()
    if converter is None:
        raise ValidationError(_("Turning a signal into a request for advice is not available."))
    if inbreng.source_kind != SourceKind.SIGNAL:
        raise ValidationError(_("Only a signal can be turned into a request for advice."))
    with transaction.atomic():
        locked = Inbreng.objects.select_for_update().get(pk=inbreng.pk)
        if locked.follow_up_object_id:
            raise ValidationError(_("This signal was already turned into a request for advice."))
        follow_up = converter.convert(inbreng=locked, user=user, data=data)
        locked.follow_up_content_type = ContentType.objects.get_for_model(follow_up)
        locked.follow_up_object_id = follow_up.pk
        locked.save(update_fields=["follow_up_content_type", "follow_up_object_id", "updated_at"])
    inbreng.follow_up_content_type, inbreng.follow_up_object_id = (
        locked.follow_up_content_type,
        locked.follow_up_object_id,
    )
    return follow_up


# Terugkoppeling and telling the participants ------------------------------------------------------


def recipients_for_inbreng(*, inbreng: Inbreng) -> list[Recipient]:
    """Everyone a terugkoppeling on this inbreng is owed to: named persons and the source's recipients."""
    recipients = [Recipient(email=p.email, label=p.name) for p in inbreng.persons.all()]
    registered = recipient_source_for(inbreng.source) if inbreng.source_object_id else None
    if registered is not None:
        recipients.extend(registered.get_recipients(inbreng.source))
    unique: dict[str, Recipient] = {}
    for recipient in recipients:
        email = (recipient.email or "").strip().lower()
        if email and email not in unique:
            unique[email] = Recipient(email=email, label=recipient.label, forget_after_send=recipient.forget_after_send)
    return list(unique.values())


def terugkoppeling_give(
    *,
    inbreng: Inbreng,
    author,
    outcome: str,
    what_was_done: str,
    given_on: datetime.date,
    channel: str,
    reasons: str = "",
    new_promised_on: datetime.date | None = None,
    postpone_reason: str = "",
    public_summary: str = "",
    is_published: bool = False,
) -> Terugkoppeling:
    """Give a terugkoppeling on an inbreng; on channel "e-mail", store an e-mail to each person it is owed to
    (sent by a worker after commit, or by the periodic run).

    An interim answer (outcome "in behandeling") may move the promised date, only with a reason.
    """
    from .tasks import notification_send

    with transaction.atomic():
        locked = Inbreng.objects.select_for_update().get(pk=inbreng.pk)
        terugkoppeling = Terugkoppeling(
            inbreng=locked,
            author=author,
            outcome=outcome,
            what_was_done=what_was_done,
            reasons=reasons,
            given_on=given_on,
            channel=channel,
            public_summary=public_summary,
            is_published=is_published,
        )
        errors = {}
        if new_promised_on is not None:
            if outcome != Outcome.PENDING:
                errors["new_promised_on"] = _("Only an interim answer can move the promised date.")
            elif not postpone_reason.strip():
                errors["postpone_reason"] = _("Give the reason why the promised date moves.")
            elif new_promised_on <= locked.promised_on:
                errors["new_promised_on"] = _("The new date must be later than the promised date.")
            terugkoppeling.previous_promised_on = locked.promised_on
            terugkoppeling.new_promised_on = new_promised_on
            terugkoppeling.postpone_reason = postpone_reason.strip()
        elif postpone_reason.strip():
            errors["postpone_reason"] = _("A reason is only needed when you choose a new date.")
        if outcome in (Outcome.NOT_ADOPTED, Outcome.PARTLY_ADOPTED) and not reasons.strip():
            errors["reasons"] = _("Explain why the input was not (fully) adopted.")
        if given_on < locked.received_on:
            errors["given_on"] = _("The feedback cannot be dated before the input was received.")
        if is_published and not public_summary.strip():
            errors["public_summary"] = _("Write a text for the public page, or do not publish it.")
        if outcome != Outcome.PENDING and locked.terugkoppelingen.exclude(outcome=Outcome.PENDING).exists():
            errors["outcome"] = _("This input already has its final feedback.")
        if errors:
            raise ValidationError(errors)
        terugkoppeling.full_clean(validate_constraints=False)
        terugkoppeling.save()
        audit_record(
            action=AuditAction.CREATED,
            actor=author,
            obj=terugkoppeling,
            gemeente=locked.gemeente_id,
            detail=f"{outcome}, {channel}" + (", new date" if new_promised_on is not None else ""),
        )
        if new_promised_on is not None:
            locked.promised_on = new_promised_on
            locked.save(update_fields=["promised_on", "updated_at"])
        notifications = Notification.objects.bulk_create(
            [
                Notification(
                    terugkoppeling=terugkoppeling,
                    email=recipient.email,
                    recipient_label=recipient.label[:150],
                    forget_after_send=recipient.forget_after_send,
                )
                for recipient in recipients_for_inbreng(inbreng=locked)
            ]
            if channel in CHANNELS_THAT_EMAIL
            else []
        )
        if not notifications and terugkoppeling.is_final:
            transaction.on_commit(lambda: recipients_forget(terugkoppeling_id=terugkoppeling.pk))
        # The rows are the e-mails: a worker is nudged once the terugkoppeling is committed, and the
        # periodic run (notifications_send_due) sends whatever no worker sent.
        ids = [notification.pk for notification in notifications]
        transaction.on_commit(lambda: enqueue_each(notification_send, ids), robust=True)
    inbreng.promised_on = locked.promised_on
    if terugkoppeling.is_final:
        # What the trigger stored in the same transaction (feedback/answered_on.py), for the caller's instance.
        inbreng.answered_on = terugkoppeling.given_on
    return terugkoppeling


def _mail_message(*, to: str, template: str, context: dict) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": settings.SITE_URL}
        subject = mail_subject(render_to_string(f"emails/feedback/{template}_subject.txt", context))
        text = render_to_string(f"emails/feedback/{template}.txt", context)
        html = render_to_string(f"emails/feedback/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def _send_mail(*, to: str, template: str, context: dict) -> None:
    _mail_message(to=to, template=template, context=context).send()


def notification_deliver(*, notification_id: int, now: datetime.datetime | None = None) -> str:
    """Send one e-mail about a terugkoppeling, at most once (``participatie.delivery.delivery_send``).

    Returns "sent", "retry", "failed", "uncertain" (possibly sent by an attempt that died) or "skipped".
    """
    result = delivery_send(
        model=Notification,
        pk=notification_id,
        now=now,
        select_related=("terugkoppeling__inbreng__gemeente",),
        send=lambda notification: _send_mail(
            to=notification.email,
            template="terugkoppeling",
            context={
                "terugkoppeling": notification.terugkoppeling,
                "inbreng": notification.terugkoppeling.inbreng,
                "gemeente": notification.terugkoppeling.inbreng.gemeente,
            },
        ),
    )
    if result in ("skipped", "retry"):
        return result
    notification = Notification.objects.select_related("terugkoppeling").get(pk=notification_id)
    if notification.forget_after_send and notification.email:
        # An opt-in address is kept only as long as it is needed to deliver this e-mail.
        Notification.objects.filter(pk=notification_id).update(email="")
    if notification.terugkoppeling.is_final:
        recipients_forget(terugkoppeling_id=notification.terugkoppeling_id)
    return result


def notifications_send_due(*, now: datetime.datetime | None = None):
    """The periodic run of e-mails to participants: send what is waiting (also what no worker picked up
    during a broker outage) and flag attempts that died mid-send as possibly sent."""
    return deliveries_send_due(
        model=Notification,
        now=now,
        deliver=lambda pk, at: notification_deliver(notification_id=pk, now=at),
    )


def recipients_forget(*, terugkoppeling_id: int) -> bool:
    """Delete opt-in addresses once the final terugkoppeling went out (no e-mail still waiting).

    Removes them from the e-mail records and lets the source's app delete its own copy.
    """
    with transaction.atomic():
        terugkoppeling = (
            Terugkoppeling.objects.select_for_update().select_related("inbreng").filter(pk=terugkoppeling_id).first()
        )
        if terugkoppeling is None or not terugkoppeling.is_final:
            return False
        if terugkoppeling.notifications.filter(status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING)).exists():
            return False
        terugkoppeling.notifications.filter(forget_after_send=True).exclude(email="").update(email="")
        registered = (
            recipient_source_for(terugkoppeling.inbreng.source) if terugkoppeling.inbreng.source_object_id else None
        )
        if registered is not None and registered.forget_recipients is not None:
            registered.forget_recipients(terugkoppeling.inbreng.source)
    return True


# Reminders (herinneringen) ---------------------------------------------------------------------


@dataclass
class ReminderRun:
    """What one run of the reminder service did."""

    created: int = 0
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: int = 0
    uncertain: int = 0
    notifications_sent: int = 0
    details: list = field(default_factory=list)


def reminder_digests_plan(*, today: datetime.date) -> dict[tuple[int, str], list[int]]:
    """Who gets which digest today, as {(user id, kind): [inbreng ids]}: each officer their overdue or
    almost due inbreng, and the coordinators of a gemeente what is overdue longer than its escalation
    term (or overdue without an officer). Two queries, however many inbreng or people."""
    plan: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = list(
        inbreng_list_open_due(today=today).values_list(
            "pk",
            "officer_id",
            "officer__is_active",
            "officer__email",
            "gemeente_id",
            "gemeente__escalation_after_days",
            "promised_on",
        )
    )
    escalated = [
        (pk, gemeente_id)
        for pk, officer_id, _active, _email, gemeente_id, escalate_after, promised_on in rows
        if (today - promised_on).days > escalate_after or (officer_id is None and (today - promised_on).days > 0)
    ]
    coordinators = coordinator_ids_by_gemeente(gemeente_ids=[gemeente_id for _pk, gemeente_id in escalated])
    for pk, officer_id, officer_active, officer_email, *_rest in rows:
        if officer_id is not None and officer_active and officer_email:
            plan[(officer_id, ReminderKind.OFFICER_DIGEST)].append(pk)
    for pk, gemeente_id in escalated:
        for coordinator_id in coordinators.get(gemeente_id, ()):
            plan[(coordinator_id, ReminderKind.ESCALATION)].append(pk)
    return plan


def reminders_create(*, plan: dict[tuple[int, str], list[int]], day: datetime.date, now: datetime.datetime) -> int:
    """Store the day's digests of ``plan`` that do not exist yet, with their items; returns how many.

    A fixed number of queries however many digests or items: one transaction that first takes a
    PostgreSQL advisory lock, so two workers running at the same moment store each digest once
    (the unique (recipient, kind, day) constraint stays the last guard).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('feedback.reminders_create'))")
        already = set(Reminder.objects.filter(day=day).values_list("recipient_id", "kind"))
        wanted = [key for key in plan if key not in already]
        if not wanted:
            return 0
        Reminder.objects.bulk_create(
            [
                Reminder(recipient_id=recipient_id, kind=kind, day=day, next_attempt_at=now)
                for recipient_id, kind in wanted
            ]
        )
        # Read the ids back (not every backend returns them from bulk_create).
        made = {
            (recipient_id, kind): pk
            for pk, recipient_id, kind in Reminder.objects.filter(day=day).values_list("pk", "recipient_id", "kind")
        }
        Through = Reminder.items.through
        reminder_ids = [made[key] for key in wanted for _item in plan[key]]
        inbreng_ids = [item for key in wanted for item in plan[key]]
        if connection.vendor == "postgresql":
            # One statement from two arrays, without a model instance per item.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {Through._meta.db_table} (reminder_id, inbreng_id) "  # noqa: S608 - table name from the model
                    "SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                    [reminder_ids, inbreng_ids],
                )
        else:
            Through.objects.bulk_create(
                [Through(reminder_id=r, inbreng_id=i) for r, i in zip(reminder_ids, inbreng_ids, strict=True)]
            )
    return len(wanted)


def reminder_create(
    *, recipient_id: int, kind: str, day: datetime.date, items: list[int], now: datetime.datetime | None = None
) -> Reminder | None:
    """Store today's digest for one person, unless it exists already (then None)."""
    if not reminders_create(plan={(recipient_id, kind): items}, day=day, now=now or timezone.now()):
        return None
    return Reminder.objects.get(recipient_id=recipient_id, kind=kind, day=day)


def _reminder_messages(reminders: list[Reminder], *, today: datetime.date) -> dict[int, EmailMultiAlternatives]:
    """The digest e-mail of each reminder in two queries for all of them: how many items each has
    overdue and almost due, and the first DIGEST_LIST_LIMIT of each (the rest is a link to the list)."""
    links = Reminder.items.through.objects.filter(reminder_id__in=[r.pk for r in reminders]).annotate(
        overdue=Case(When(inbreng__promised_on__lt=today, then=Value(True)), default=Value(False))
    )
    counts = {
        (row["reminder_id"], row["overdue"]): row["n"]
        for row in links.values("reminder_id", "overdue").annotate(n=Count("pk")).order_by()
    }
    first = (
        links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("reminder_id"), F("overdue")],
                order_by=[F("inbreng__promised_on").asc(), F("inbreng_id").asc()],
            )
        )
        .filter(rank__lte=DIGEST_LIST_LIMIT)
        .select_related("inbreng__gemeente", "inbreng__officer")
        .only(
            "reminder_id",
            "inbreng__id",
            "inbreng__title",
            "inbreng__promised_on",
            "inbreng__gemeente__name",
            "inbreng__officer__first_name",
            "inbreng__officer__last_name",
            "inbreng__officer__email",
        )
        .order_by("inbreng__promised_on", "inbreng_id")
    )
    listed: dict[tuple[int, bool], list] = defaultdict(list)
    with translation.override(settings.LANGUAGE_CODE):
        # What each line shows, prepared once per item (or per date, per number of days) rather than by a
        # {% url %}, a date filter and a plural block per line per digest: most of the run's rendering time.
        detail_url = reverse("feedback:inbreng-detail", args=[_URL_PK]).split(str(_URL_PK))
        promised_labels: dict[datetime.date, str] = {}
        late_labels: dict[int, str] = {}
        for link in first:
            item = link.inbreng
            item.days_overdue = days = (today - item.promised_on).days
            item.url = f"{settings.SITE_URL}{detail_url[0]}{item.pk}{detail_url[1]}"
            if item.promised_on not in promised_labels:
                promised_labels[item.promised_on] = date_format(item.promised_on, "j F Y")
            item.promised_label = promised_labels[item.promised_on]
            if days > 0 and days not in late_labels:
                late_labels[days] = ngettext("%(counter)s day late", "%(counter)s days late", days) % {"counter": days}
            item.late_label = late_labels.get(days, "")
            listed[(link.reminder_id, link.overdue)].append(item)
        list_url = f"{settings.SITE_URL}{reverse('feedback:inbreng-list')}"
    messages = {}
    for reminder in reminders:
        overdue, due_soon = listed[(reminder.pk, True)], listed[(reminder.pk, False)]
        overdue_count, due_soon_count = counts.get((reminder.pk, True), 0), counts.get((reminder.pk, False), 0)
        items = (overdue + due_soon)[:DIGEST_LIST_LIMIT]  # overdue items come first: promised earlier
        template = "reminder_officer" if reminder.kind == ReminderKind.OFFICER_DIGEST else "reminder_escalation"
        messages[reminder.pk] = _mail_message(
            to=reminder.recipient.email,
            template=template,
            context={
                "reminder": reminder,
                "recipient": reminder.recipient,
                "overdue": overdue,
                "overdue_more": overdue_count - len(overdue),
                "due_soon": due_soon,
                "due_soon_more": due_soon_count - len(due_soon),
                "items": items,
                "items_more": overdue_count + due_soon_count - len(items),
                "item_count": overdue_count + due_soon_count,
                "list_url": list_url,
            },
        )
    return messages


def _reminder_refuse(reminder: Reminder, *, today: datetime.date):
    # Today's digest lists whatever is still due; an old one is not sent on top of it.
    return _("Not sent: replaced by the digest of a later day.") if reminder.day < today else None


def reminder_deliver(*, reminder_id: int, now: datetime.datetime | None = None) -> str:
    """Send one stored digest at most once; returns "sent", "retry", "failed", "uncertain" or "skipped"."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return delivery_send(
        model=Reminder,
        pk=reminder_id,
        now=now,
        refuse=lambda reminder: _reminder_refuse(reminder, today=today),
        send=lambda reminder: _reminder_messages([reminder], today=today)[reminder.pk].send(),
        select_related=("recipient",),
    )


def reminders_send(*, now: datetime.datetime | None = None) -> ReminderRun:
    """The periodic reminder run: store today's digests, send what is waiting, catch up after an outage.

    Reminders are data: select what is due and not yet sent, send it, stamp it. Safe to run any number
    of times, also at once on several workers: nothing is sent twice. A fixed number of queries however
    many inbreng are overdue or people get a digest (one more per 100 e-mails sent).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = ReminderRun()
    run.created = reminders_create(plan=reminder_digests_plan(today=today), day=today, now=now)
    digests = deliveries_send_batch(
        model=Reminder,
        now=now,
        build=lambda reminders: _reminder_messages(reminders, today=today),
        refuse=lambda reminder: _reminder_refuse(reminder, today=today),
        select_related=("recipient",),
    )
    run.sent, run.failed, run.retrying = digests["sent"], digests["failed"], digests["retry"]
    run.skipped, run.uncertain = digests["skipped"], digests["uncertain"]
    # E-mails to participants that no worker sent (broker down at the time) go out now.
    run.notifications_sent = notifications_send_due(now=now)["sent"]
    return run
