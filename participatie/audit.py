"""The one writer of the audit trail (``AuditEvent``): one INSERT per event, nothing read back.

Call ``audit_record`` from services (inside their transaction, so a rolled-back change leaves no line) or
from views for reads (viewing a response, a download). Pass ``request`` only for staff actions: its client
address becomes the event's origin; residents' addresses are never stored.
"""

import ipaddress

from django.db import models

from .client import client_address
from .constants import AuditAction, AuditResult
from .models import AuditEvent


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
    """Append one audit event (auditregel); ``obj`` or ``object_type``/``object_id`` names what it concerns."""
    gemeente_id = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if gemeente is None:
            gemeente_id = getattr(obj, "gemeente_id", None)
    if gemeente is not None:
        gemeente_id = gemeente.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    origin = _valid_address(client_address(request)) if request is not None else None
    return AuditEvent.objects.create(
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_repr=str(obj)[:200] if obj is not None else "",
        result=result,
        origin=origin,
        actor=actor,
        actor_label=(actor.email if actor is not None else "")[:254],
        gemeente_id=gemeente_id,
        detail=detail[:300],
    )


def _valid_address(text: str) -> str | None:
    """The address as stored, or None when the server saw no valid one (a test client, a unix socket)."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
