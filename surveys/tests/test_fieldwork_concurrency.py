"""On PostgreSQL: the same card number entered by several people at the same moment is stored once."""

import threading

from django.db import connection

import pytest

from participatie.tests.factories import UserFactory
from surveys.constants import ResponseChannel
from surveys.fieldwork.entry_services import CardNumberTakenError, response_enter
from surveys.logic import SurveyStructure
from surveys.models import Answer, Response, ResponseEntry
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import field

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_five_simultaneous_entries_of_one_card_store_one_response(postgres_db, gemeente):
    survey = build_all_types_survey(gemeente)
    structure = SurveyStructure.load(survey)
    leeftijd = int(field(survey, "leeftijd")[1:])
    users = [UserFactory() for _ in range(5)]
    barrier = threading.Barrier(len(users))
    stored, refused, errors = [], [], []

    def enter(user):
        try:
            barrier.wait()
            rows = {leeftijd: [Answer(question_id=leeftijd, number_value=70)]}
            response_enter(
                survey=survey,
                structure=structure,
                rows=rows,
                card_number=42,
                channel=ResponseChannel.PAPER,
                entered_by=user,
            )
            stored.append(user)
        except CardNumberTakenError:
            refused.append(user)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(stored) == 1 and len(refused) == 4
    assert Response.objects.filter(survey=survey).count() == 1
    assert ResponseEntry.objects.get(survey=survey, card_number=42).entered_by == stored[0]
    assert Answer.objects.filter(response__survey=survey).count() == 1
