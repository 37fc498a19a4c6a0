"""Invitation codes on PostgreSQL: twenty simultaneous starts with one code store one response."""

import threading

from django.db import connection

import pytest

from surveys.fieldwork.services import invitation_code_redeem
from surveys.models import InvitationClaim, InvitationCode, Response
from surveys.tests.factories import InvitationCodeFactory, OpenSurveyFactory, QuestionFactory, SectionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


def test_twenty_simultaneous_starts_with_one_code_store_one_response(postgres_db, gemeente):
    survey = OpenSurveyFactory(gemeente=gemeente, requires_code=True)
    QuestionFactory(section=SectionFactory(survey=survey), is_required=False)
    code = InvitationCodeFactory(batch__survey=survey)
    barrier = threading.Barrier(THREADS)
    started, errors = [], []

    def start():
        try:
            barrier.wait()
            started.append(invitation_code_redeem(survey=survey, code=code.code).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(started) == THREADS and len(set(started)) == 1, "every request resumes the one response"
    assert Response.objects.count() == 1 and InvitationClaim.objects.count() == 1


def test_the_database_refuses_a_second_claim_on_one_code(postgres_db, gemeente):
    """The constraint behind it: a code has at most one claim, whatever the code path."""
    from django.db import IntegrityError

    code = InvitationCodeFactory(batch__survey=OpenSurveyFactory(gemeente=gemeente))
    first, second = (Response.objects.create(survey=code.batch.survey) for _ in range(2))
    InvitationClaim.objects.create(code=code, response=first)
    with pytest.raises(IntegrityError):
        InvitationClaim.objects.create(code=InvitationCode.objects.get(pk=code.pk), response=second)


def test_no_system_column_singles_out_the_used_code(postgres_db, gemeente, client):
    """PostgreSQL's row version (xmin) of the code would equal the sending transaction's: the whole batch is
    rewritten on every send, so a join on xmin finds every code of the batch or none, never the one used."""
    from surveys.logic import SurveyStructure
    from surveys.respond.services import response_complete

    survey = OpenSurveyFactory(gemeente=gemeente, requires_code=True)
    QuestionFactory(section=SectionFactory(survey=survey), is_required=False)
    batch_codes = [InvitationCodeFactory(batch__survey=survey)]
    batch_codes += [InvitationCodeFactory(batch=batch_codes[0].batch) for _ in range(4)]
    structure = SurveyStructure.load(survey)
    sent = []
    for code in batch_codes[1:3]:
        started = invitation_code_redeem(survey=survey, code=code.code)
        sent.append(response_complete(survey=survey, response=started, structure=structure))
    with connection.cursor() as cursor:
        for response in sent:
            cursor.execute(
                "SELECT c.code FROM surveys_invitationcode c JOIN surveys_response r ON c.xmin = r.xmin "
                "WHERE r.id = %s",
                [response.pk],
            )
            found = {row[0] for row in cursor.fetchall()}
            assert found in (set(), {code.code for code in batch_codes})
            cursor.execute(
                "SELECT code FROM surveys_invitationcode WHERE batch_id = %s ORDER BY ctid", [batch_codes[0].batch_id]
            )
            order = [row[0] for row in cursor.fetchall()]
            assert order == [code.code for code in batch_codes], "the physical order follows creation, not use"
    assert InvitationCode.objects.filter(is_used=True).count() == 2
