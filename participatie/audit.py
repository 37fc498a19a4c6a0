"""The one writer of the audit trail (``AuditEvent``): one INSERT per event, nothing read back.

Call ``audit_record`` from services (inside their transaction, so a rolled-back change leaves no line) or
from views for reads (viewing a response, a download). Pass ``request`` only for staff actions: its client
address becomes the event's origin; residents' addresses are never stored. A service called without a request
still gets the origin when it runs inside a logged-in user's request: ``AuditOriginMiddleware`` keeps that
request at hand (a context variable), and only a logged-in user's address is taken from it; without an
``actor`` that user is the actor.

A line never names a resident or a council member: for the models in ``PERSON_MODELS`` only the type and id
are kept (no ``object_repr``), so erasing a person leaves the audit trail as it is (docs/security.md).
"""

import contextvars
import ipaddress

from django.db import models

from .client import client_address
from .constants import AuditAction, AuditResult
from .models import AuditEvent

# Rows that are a person: their audit lines keep the type and id only, never the name or address.
PERSON_MODELS = frozenset(
    {
        "participatie.user",
        "panels.member",
        "feedback.namedperson",
        "feedback.notification",
        "roadmap.meedenker",
        "surveys.terugkoppelingemail",
    }
)


def audit_record(
    *,
    action: AuditAction,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    result: AuditResult = AuditResult.SUCCESS,
    request=None,
    gemeente=None,
    detail: str = "",
) -> AuditEvent:
    """Append one audit event (auditregel); ``obj`` or ``object_type``/``object_id`` names what it concerns.

    ``gemeente`` (a Gemeente or its id) files the event under a gemeente when ``obj`` has no ``gemeente_id``.
    """
    gemeente_id = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if gemeente is None:
            gemeente_id = getattr(obj, "gemeente_id", None)
    if gemeente is not None:
        gemeente_id = gemeente if isinstance(gemeente, int) else gemeente.pk
    if request is None:
        request = _staff_request()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    origin = _valid_address(client_address(request)) if request is not None else None
    return AuditEvent.objects.create(
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_repr=str(obj)[:200] if obj is not None and object_type not in PERSON_MODELS else "",
        result=result,
        origin=origin,
        actor=actor,
        actor_label=(actor.email if actor is not None else "")[:254],
        gemeente_id=gemeente_id,
        detail=detail[:300],
    )


_current_request: contextvars.ContextVar = contextvars.ContextVar("audit_current_request", default=None)


def _staff_request():
    """The request being served, when a logged-in user (staff or council member) made it; else None."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    return request if user is not None and user.is_authenticated else None


class AuditOriginMiddleware:
    """Keeps the request at hand while it is served, so services can record its origin (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def _valid_address(text: str) -> str | None:
    """The address as stored, or None when the server saw no valid one (a test client, a unix socket)."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def audit_purge_run(*, object_type: str, counts: dict) -> None:
    """Record one run of a retention purge (bewaartermijn): one line per gemeente with its count, never per row;
    a run that removed nothing leaves one line without a gemeente, as evidence that it ran."""
    counts = {gemeente_id: count for gemeente_id, count in counts.items() if count}
    if not counts:
        audit_record(action=AuditAction.PURGED, object_type=object_type, detail="0 removed")
    for gemeente_id, count in sorted(counts.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        audit_record(
            action=AuditAction.PURGED, object_type=object_type, gemeente=gemeente_id, detail=f"{count} removed"
        )


# Logins, failed logins and logouts are recorded by ``participatie.accounts.signals`` (with the lockout).
