"""An e-mail opt-in cannot be paired with the anonymous response sent just before it (issue 10, point 8).

Residents send their answers and then leave an address on the thank-you page. Whoever reads the database
must not be able to pair the two by order (a sequence number) or by moment (a timestamp, or the expiry of a
session row written at that moment).
"""

import uuid
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

import pytest
import time_machine

from surveys.constants import ResponseStatus
from surveys.models import Response, TerugkoppelingEmail
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import field, option, page_one_data, page_two_data, section_url, url

pytestmark = pytest.mark.django_db
RESPONDENTS = 10


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(gemeente)


def _send_answers(client, survey):
    one, two, _ = survey.sections.order_by("position")
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    client.post(section_url(survey, two), page_two_data(survey))
    assert client.post(url(survey, "summary")).status_code == 302


def _respond_and_opt_in(client, survey, email):
    _send_answers(client, survey)
    assert client.post(url(survey, "done"), {"email": email}).status_code == 302


def _optin_columns():
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, TerugkoppelingEmail._meta.db_table)
    return {column.name: connection.introspection.get_field_type(column.type_code, column) for column in description}


def test_opt_ins_and_responses_cannot_be_paired_by_order_or_time_in_sql(client, survey):
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    truth = {}
    for number in range(RESPONDENTS):
        with time_machine.travel(start + timedelta(minutes=7 * number), tick=False):
            respondent = type(client)()
            _respond_and_opt_in(respondent, survey, f"inwoner{number}@example.nl")
            truth[Response.objects.latest("completed_at").pk] = f"inwoner{number}@example.nl"

    # What an attacker with the database would try: order both tables by key, or by time, and zip them.
    table = TerugkoppelingEmail._meta.db_table
    columns = _optin_columns()
    assert set(columns) == {"id", "survey_id", "email", "created_on"}
    assert columns["created_on"] == "DateField"  # the day only; nothing finer
    assert not {"DateTimeField", "TimeField", "AutoField", "BigAutoField"} & set(columns.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Response._meta.db_table} WHERE status = %s ORDER BY completed_at, id",  # noqa: S608
            [ResponseStatus.COMPLETE],
        )
        responses = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT id, email, created_on FROM {table} ORDER BY id")  # noqa: S608
        rows = cursor.fetchall()
    assert len(responses) == len(rows) == RESPONDENTS
    # The key is random (UUID version 4), so ordering by it pairs nothing: all ten right would be a 1 in 3.6 million.
    assert all(uuid.UUID(str(key)).version == 4 for key, _email, _day in rows)
    guessed = dict(zip(responses, (email for _key, email, _day in rows), strict=True))
    assert guessed != truth
    # Ordering by the day gives one tie for everyone.
    assert len({str(day) for _key, _email, day in rows}) == 1
    # No session row was written whose expiry would tell the moment of the opt-in.
    assert not Session.objects.exists()


def test_thank_you_page_remembers_the_opt_in_without_a_session(client, survey):
    _respond_and_opt_in(client, survey, "inwoner@example.nl")
    assert not Session.objects.exists()
    html = client.get(url(survey, "done")).content.decode()
    assert 'name="email"' not in html  # the page says the address was kept instead of asking again
    assert TerugkoppelingEmail.objects.get().email == "inwoner@example.nl"
    # Another browser is not told that an address was left.
    other = type(client)()
    _send_answers(other, survey)
    assert 'name="email"' in other.get(url(survey, "done")).content.decode()
