import io

from django.core.management import call_command

import pytest

from roadmap.models import Action, ChecklistItem, Decision, HistoryEntry, Meedenker, StakeholderView, Step, Traject
from roadmap.selectors import traject_list_for_monitor

pytestmark = pytest.mark.django_db

MODELS = (Traject, Step, ChecklistItem, Action, Decision, Meedenker, StakeholderView, HistoryEntry)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_tells_a_story_and_runs_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    snapshot = list(Traject.objects.order_by("pk").values("pk", "updated_at", "start_date"))
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert list(Traject.objects.order_by("pk").values("pk", "updated_at", "start_date")) == snapshot

    assert {"middelburg", "pekela"} <= set(Traject.objects.values_list("gemeente__slug", flat=True))
    assert any(action.is_overdue for action in Action.objects.all())
    assert Decision.objects.exists() and Meedenker.objects.exists()
    # Different stages: one just started, one in step 4, one nearly done.
    finished = {t.gemeente.slug: t.steps_finished for t in traject_list_for_monitor(user=_staff())}
    assert finished["pekela"] == 0 and finished["middelburg"] == 3 and finished["veere"] == 5

    from participatie.models import User

    programme = User.objects.get(email="coordinator@voorbeeldgemeenten.demo")
    rows = list(traject_list_for_monitor(user=programme))
    assert len(rows) == 8 and len({row.steps_finished for row in rows}) >= 4


def _staff():
    from participatie.models import User

    return User.objects.get(email="admin@demo")
