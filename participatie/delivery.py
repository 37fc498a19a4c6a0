"""Stored outgoing e-mail (verzending): sent at most once, and every uncertain send visible.

Every e-mail the portal sends about its work is first a row (a model with the ``Delivery`` fields).
A web request only writes rows and may nudge a worker; a periodic run sends whatever is due, so a
broker outage delays e-mail but loses none. Sending one row:

1. claim it: in a short transaction the row goes from "waiting" to "being sent", with a fresh attempt
   id and time, committed before the SMTP call;
2. send it, with no database transaction open;
3. record the outcome, only on the row that still carries this attempt id.

A worker that dies between 1 and 3 (killed, out of memory, lost its database) leaves the row "being
sent". A later run that finds it so for longer than ``MAIL_SENDING_ABANDONED_AFTER`` (longer than any
task may run) marks it "possibly sent" for staff to check. It is never sent again by itself: at most
once, and every uncertain send visible.
"""

import datetime
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from celery.exceptions import SoftTimeLimitExceeded

from .constants import DeliveryStatus

logger = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 5
# A periodic run starts no new send after this many seconds, well within CELERY_TASK_SOFT_TIME_LIMIT;
# what is left waits for the next run.
RUN_BUDGET_SECONDS = 180


def backoff_seconds(attempt: int) -> int:
    """Wait before try ``attempt + 1``: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    return min(60 * 2 ** max(attempt - 1, 0), 6 * 3600)


def enqueue(task, *args) -> bool:
    """Nudge a worker; when the broker (Redis) does not answer, log it and go on: the row stays waiting
    and the periodic run sends it. Returns whether the task was queued.

    Nudge tasks are declared with ``ignore_result=True``, so enqueueing touches only the broker.
    """
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - any broker failure must not undo or delay saved work
        logger.warning("Could not queue %s%r; the periodic run will pick it up.", task.name, args, exc_info=True)
        return False
    return True


def enqueue_each(task, ids) -> None:
    """Nudge a worker for each id; after the first broker failure the rest is left to the periodic run."""
    for pk in ids:
        if not enqueue(task, pk):
            return


def _abandoned_before(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.MAIL_SENDING_ABANDONED_AFTER)


def _mark_uncertain(row) -> None:
    """An attempt died between claiming and recording: the row becomes "possibly sent", never resent."""
    row.status = DeliveryStatus.UNCERTAIN
    row.last_error = _(
        "Attempt %(attempt)s stopped after it started sending at %(at)s, before it recorded the result. "
        "The e-mail may have gone out: check this before sending it again."
    ) % {"attempt": row.attempt_id, "at": timezone.localtime(row.sending_since).strftime("%d-%m-%Y %H:%M:%S")}
    row.save(update_fields=["status", "last_error"])
    logger.error("%s %s: possibly sent by attempt %s; not sent again.", type(row).__name__, row.pk, row.attempt_id)


def delivery_send(
    *,
    model,
    pk: int,
    send: Callable,
    now: datetime.datetime | None = None,
    refuse: Callable | None = None,
    select_related: tuple = (),
) -> str:
    """Send one stored e-mail at most once; returns "sent", "retry", "failed", "uncertain" or "skipped".

    ``send(row)`` sends it; ``refuse(row)`` may return a reason not to send (the row is then failed).
    "skipped": nothing to do (already sent, failed, or being sent right now by someone else).
    """
    now = now or timezone.now()
    attempt_id = uuid.uuid4()
    with transaction.atomic():
        row = (
            model.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(*select_related)
            .filter(pk=pk, status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING))
            .first()
        )
        if row is None:
            return "skipped"
        if row.status == DeliveryStatus.SENDING:
            if row.sending_since and row.sending_since > _abandoned_before(now):
                return "skipped"  # another attempt is still within its time limit
            _mark_uncertain(row)
            return "uncertain"
        reason = refuse(row) if refuse is not None else None
        if reason:
            row.status = DeliveryStatus.FAILED
            row.last_error = reason
            row.save(update_fields=["status", "last_error"])
            return "failed"
        row.status = DeliveryStatus.SENDING
        row.attempt_id = attempt_id
        row.sending_since = now
        row.attempts += 1
        row.save(update_fields=["status", "attempt_id", "sending_since", "attempts"])
    # Committed: from here on a crash leaves the row "being sent", and it is never sent blindly again.
    try:
        send(row)
    except SoftTimeLimitExceeded:
        raise  # interrupted mid-send: the row stays "being sent" and becomes "possibly sent" later
    except Exception as exc:  # noqa: BLE001 - every mail failure is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= MAX_DELIVERY_ATTEMPTS:
            result, outcome = "failed", {"status": DeliveryStatus.FAILED}
            logger.error("Giving up on %s %s after %s attempts: %s", model.__name__, pk, row.attempts, error)
        else:
            next_at = now + datetime.timedelta(seconds=backoff_seconds(row.attempts))
            result, outcome = "retry", {"status": DeliveryStatus.PENDING, "next_attempt_at": next_at}
        outcome["last_error"] = error
    else:
        result, outcome = "sent", {"status": DeliveryStatus.SENT, "sent_at": now, "last_error": ""}
    model.objects.filter(pk=pk, attempt_id=attempt_id, status=DeliveryStatus.SENDING).update(
        sending_since=None, **outcome
    )
    for name, value in outcome.items():
        setattr(row, name, value)
    return result


def deliveries_due(*, model, now: datetime.datetime):
    """Ids of stored e-mails a periodic run should look at: waiting and due, or left "being sent"."""
    return (
        model.objects.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, sending_since__lte=_abandoned_before(now))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def deliveries_send_due(
    *, model, deliver: Callable, now: datetime.datetime | None = None, budget: float = RUN_BUDGET_SECONDS
) -> Counter:
    """The periodic run for one kind of stored e-mail: ``deliver(pk, now)`` each due row, within a time budget.

    Returns how many ended "sent", "retry", "failed", "uncertain" or "skipped".
    """
    now = now or timezone.now()
    started = time.monotonic()
    results: Counter = Counter()
    for pk in list(deliveries_due(model=model, now=now)):
        if time.monotonic() - started > budget:
            results["left"] += 1
            continue
        results[deliver(pk, now)] += 1
    return results


# A batch run records what it sent after every this many e-mails: a worker that dies mid-run leaves at
# most this many rows "being sent" (later "possibly sent"), and the run costs one query per chunk.
BATCH_RECORD_EVERY = 100


def deliveries_send_batch(
    *,
    model,
    build: Callable,
    now: datetime.datetime | None = None,
    refuse: Callable | None = None,
    select_related: tuple = (),
    budget: float = RUN_BUDGET_SECONDS,
) -> Counter:
    """The periodic run for one kind of stored e-mail, in a fixed number of queries however many are due.

    The same at-most-once steps as ``delivery_send``, for all due rows at once: claim them in one
    transaction (one attempt id for the batch, committed before any SMTP call), ``build(rows)`` the
    messages as {pk: EmailMessage} (in a fixed number of queries, before the claim commits), send
    them over one connection, and record the outcome on the rows that still carry this attempt id. Rows found "being sent" past
    ``MAIL_SENDING_ABANDONED_AFTER`` become "possibly sent", as in ``delivery_send``.
    Returns how many ended "sent", "retry", "failed", "uncertain" or "left" (over the time budget).
    """
    now = now or timezone.now()
    started = time.monotonic()
    attempt_id = uuid.uuid4()
    results: Counter = Counter()
    with transaction.atomic():
        rows = list(
            model.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(*select_related)
            .filter(
                Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
                | Q(status=DeliveryStatus.SENDING, sending_since__lte=_abandoned_before(now))
            )
            .order_by("pk")
        )
        claimed, refused = [], {}
        for row in rows:
            if row.status == DeliveryStatus.SENDING:  # rare: an attempt died mid-send
                _mark_uncertain(row)
                results["uncertain"] += 1
            elif reason := (refuse(row) if refuse is not None else None):
                refused.setdefault(str(reason), []).append(row.pk)
            else:
                claimed.append(row)
        for reason, pks in refused.items():
            model.objects.filter(pk__in=pks).update(status=DeliveryStatus.FAILED, last_error=reason)
            results["failed"] += len(pks)
        if not claimed:
            return results
        messages = build(claimed)  # before the claim commits: a failure here leaves the rows waiting
        model.objects.filter(pk__in=[row.pk for row in claimed]).update(
            status=DeliveryStatus.SENDING, attempt_id=attempt_id, sending_since=now, attempts=F("attempts") + 1
        )
    # Committed: from here on a crash leaves the rows "being sent", and none is sent blindly again.
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # noqa: BLE001 - each message then tries (and records) on its own
        logger.warning("Could not open the mail connection; trying each message.", exc_info=True)
    mine = model.objects.filter(attempt_id=attempt_id, status=DeliveryStatus.SENDING)
    sent, left = [], []
    try:
        for row in claimed:
            if time.monotonic() - started > budget:
                left.append(row.pk)
                continue
            message = messages[row.pk]
            message.connection = connection
            try:
                message.send()
            except SoftTimeLimitExceeded:
                raise  # interrupted mid-send: the unrecorded rows stay "being sent", later "possibly sent"
            except Exception as exc:  # noqa: BLE001 - every mail failure is recorded and retried
                attempts = row.attempts + 1
                error = f"{type(exc).__name__}: {exc}"[:2000]
                if attempts >= MAX_DELIVERY_ATTEMPTS:
                    results["failed"] += 1
                    outcome = {"status": DeliveryStatus.FAILED}
                    logger.error("Giving up on %s %s after %s attempts: %s", model.__name__, row.pk, attempts, error)
                else:
                    results["retry"] += 1
                    next_at = now + datetime.timedelta(seconds=backoff_seconds(attempts))
                    outcome = {"status": DeliveryStatus.PENDING, "next_attempt_at": next_at}
                mine.filter(pk=row.pk).update(sending_since=None, last_error=error, **outcome)
            else:
                sent.append(row.pk)
                if len(sent) >= BATCH_RECORD_EVERY:
                    results["sent"] += mine.filter(pk__in=sent).update(
                        status=DeliveryStatus.SENT, sent_at=now, last_error="", sending_since=None
                    )
                    sent = []
    finally:
        if sent:
            results["sent"] += mine.filter(pk__in=sent).update(
                status=DeliveryStatus.SENT, sent_at=now, last_error="", sending_since=None
            )
        connection.close()
    if left:  # over the time budget: back to waiting, as if never claimed
        results["left"] += mine.filter(pk__in=left).update(
            status=DeliveryStatus.PENDING, sending_since=None, attempts=F("attempts") - 1
        )
    return results
