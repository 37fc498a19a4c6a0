import datetime

import pytest
import time_machine

from panels import services
from panels.constants import TermUnit
from panels.selectors import advies_list_answer_overdue

START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_advice_deadline_overdue_only_after_the_day(orgaan, make_advies):
    with time_machine.travel(START, tick=False):
        advies = make_advies(orgaan, deadline_days=14)  # deadline 2026-03-16
        assert advies.advice_deadline == datetime.date(2026, 3, 16)
        assert not advies.is_advice_overdue()
    with time_machine.travel(datetime.datetime(2026, 3, 16, 20, 0, tzinfo=datetime.UTC), tick=False):
        assert not advies.is_advice_overdue()
    with time_machine.travel(datetime.datetime(2026, 3, 17, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert advies.is_advice_overdue()
        assert advies.days_overdue() == 1


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(6, TermUnit.WEEKS, datetime.date(2026, 4, 13)), (30, TermUnit.DAYS, datetime.date(2026, 4, 1))],
)
@pytest.mark.django_db
def test_answer_deadline_is_sent_date_plus_response_term(orgaan, make_advies, chair, value, unit, expected):
    orgaan.response_term_value, orgaan.response_term_unit = value, unit
    orgaan.save()
    with time_machine.travel(START, tick=False):
        advies = make_advies(orgaan)
        services.advies_draft_save(advies=advies, user=chair, text="Ons advies")
        advies = services.advies_send(advies=advies, user=chair)
        assert advies.sent_on == datetime.date(2026, 3, 2)
        assert advies.answer_deadline == expected
        assert not advies.is_answer_overdue()
    with time_machine.travel(datetime.datetime.combine(expected, datetime.time(12), datetime.UTC), tick=False):
        assert not advies.is_answer_overdue()
        assert not advies_list_answer_overdue().exists()
    later = expected + datetime.timedelta(days=3)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(12), datetime.UTC), tick=False):
        assert advies.is_answer_overdue()
        assert advies.days_overdue() == 3
        assert list(advies_list_answer_overdue()) == [advies]


@pytest.mark.django_db
def test_answered_advice_is_not_overdue(orgaan, make_advies, chair, policy_officer):
    from panels.constants import Outcome
    from panels.models import Reactie

    with time_machine.travel(START, tick=False):
        advies = make_advies(orgaan)
        services.advies_draft_save(advies=advies, user=chair, text="Ons advies")
        advies = services.advies_send(advies=advies, user=chair)
    with time_machine.travel(START + datetime.timedelta(days=60), tick=False):
        assert advies.is_answer_overdue()
        services.reactie_register(
            advies=advies,
            reactie=Reactie(answered_on=datetime.date(2026, 4, 30), outcome=Outcome.ADOPTED),
            user=policy_officer,
        )
        advies.refresh_from_db()
        assert not advies.is_answer_overdue()
