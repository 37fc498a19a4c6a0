"""The audit trail's writer: one row per event, the BIO fields filled, no origin without a staff request."""

from django.test import RequestFactory

import pytest

from participatie.audit import audit_record
from participatie.constants import AuditAction, AuditResult
from participatie.models import AuditEvent

from .factories import GemeenteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_event_names_action_object_result_origin_actor_and_gemeente(django_assert_num_queries):
    gemeente = GemeenteFactory()
    user = UserFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    with django_assert_num_queries(1):
        event = audit_record(action=AuditAction.CHANGED, actor=user, obj=gemeente, request=request)
    event.refresh_from_db()
    assert (event.action, event.result, event.origin) == (AuditAction.CHANGED, AuditResult.SUCCESS, "192.0.2.7")
    assert (event.object_type, event.object_id) == ("participatie.gemeente", str(gemeente.pk))
    assert event.actor == user and event.actor_label == user.email


def test_without_a_request_no_origin_is_stored_and_an_object_of_a_gemeente_carries_it():
    user = UserFactory()
    event = audit_record(action=AuditAction.LOGIN_FAILED, object_type="account", result=AuditResult.FAILURE)
    assert event.origin is None and event.actor is None
    membership_gemeente = GemeenteFactory()
    event = audit_record(action=AuditAction.VIEWED, actor=user, obj=_Owned(membership_gemeente.pk))
    assert event.gemeente_id == membership_gemeente.pk
    assert AuditEvent.objects.count() == 2


class _Owned:
    """A stand-in for any model row that belongs to a gemeente."""

    class _meta:  # noqa: N801 - mimics a model's options
        label_lower = "tests.owned"

    pk = 42

    def __init__(self, gemeente_id):
        self.gemeente_id = gemeente_id

    def __str__(self):
        return "owned"
