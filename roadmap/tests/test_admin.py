from django.urls import reverse

import pytest

from .factories import ActionFactory, DecisionFactory, MeedenkerFactory, TrajectFactory

pytestmark = pytest.mark.django_db

MODELS = (
    "traject",
    "checklistitem",
    "action",
    "attachment",
    "decision",
    "meedenker",
    "stakeholderview",
    "historyentry",
)


def test_admin_pages_open_for_staff(client, staff_user, gemeente):
    traject = TrajectFactory(gemeente=gemeente)
    ActionFactory(step=traject.steps.get(number=1))
    DecisionFactory(traject=traject)
    MeedenkerFactory(traject=traject)
    client.force_login(staff_user)
    for model in MODELS:
        assert client.get(reverse(f"admin:roadmap_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:roadmap_traject_change", args=[traject.pk])).status_code == 200
