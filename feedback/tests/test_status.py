import datetime

from django.utils import timezone

import pytest
import time_machine

from feedback.constants import Outcome, Status
from feedback.models import Inbreng, status_for
from feedback.selectors import inbreng_annotate_status

from .factories import InbrengFactory, TerugkoppelingFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("today", "answered_on", "expected"),
    [
        (D(2026, 3, 1), None, Status.OPEN),
        (D(2026, 3, 24), None, Status.OPEN),  # 8 days before
        (D(2026, 3, 25), None, Status.DUE_SOON),  # 7 days before
        (D(2026, 4, 1), None, Status.DUE_SOON),  # the promised day itself
        (D(2026, 4, 2), None, Status.OVERDUE),
        (D(2026, 4, 2), D(2026, 4, 1), Status.ANSWERED_ON_TIME),
        (D(2026, 4, 2), D(2026, 4, 2), Status.ANSWERED_LATE),
        (D(2026, 3, 1), D(2026, 2, 20), Status.ANSWERED_ON_TIME),
    ],
)
def test_status_is_derived_from_dates_and_answers(today, answered_on, expected, gemeente):
    promised = D(2026, 4, 1)
    assert status_for(promised_on=promised, answered_on=answered_on, today=today) == expected
    # The SQL annotation gives the same answer as Python, so lists can filter on it.
    inbreng = InbrengFactory(gemeente=gemeente, received_on=D(2026, 2, 1), promised_on=promised)
    if answered_on:
        TerugkoppelingFactory(inbreng=inbreng, given_on=answered_on)
    annotated = inbreng_annotate_status(Inbreng.objects.filter(pk=inbreng.pk), today=today).get()
    assert annotated.derived_status == expected
    assert inbreng_annotate_status(Inbreng.objects.all(), today=today).filter(derived_status=expected).count() == 1
    with time_machine.travel(datetime.datetime(today.year, today.month, today.day, 12, tzinfo=datetime.UTC)):
        assert Inbreng.objects.get(pk=inbreng.pk).status == expected


def test_status_moves_with_time_without_any_write(gemeente):
    inbreng = InbrengFactory(gemeente=gemeente, received_on=D(2026, 1, 10), promised_on=D(2026, 2, 10))
    seen = []
    for day in (D(2026, 1, 20), D(2026, 2, 5), D(2026, 2, 11)):
        with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)):
            seen.append(Inbreng.objects.get(pk=inbreng.pk).status_on(timezone.localdate()))
    assert seen == [Status.OPEN, Status.DUE_SOON, Status.OVERDUE]


def test_interim_answer_does_not_count_as_answered(gemeente):
    inbreng = InbrengFactory(gemeente=gemeente, received_on=D(2026, 1, 10), promised_on=D(2026, 2, 10))
    TerugkoppelingFactory(inbreng=inbreng, outcome=Outcome.PENDING, given_on=D(2026, 2, 1))
    annotated = inbreng_annotate_status(Inbreng.objects.all(), today=D(2026, 2, 20)).get()
    assert annotated.derived_status == Status.OVERDUE
    assert annotated.answered_on is None
