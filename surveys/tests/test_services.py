"""Lifecycle services: opening, closing (also periodic), structure lock, e-mail selectors."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from participatie.celery import app as celery_app
from surveys.constants import QuestionType, ResponseStatus, ScaleKind, SurveyStatus
from surveys.models import Option
from surveys.selectors import survey_list_public_open, terugkoppeling_email_list_for_survey
from surveys.services import (
    question_fixed_options_create,
    survey_close,
    survey_close_expired,
    survey_open,
    survey_structure_check_unlocked,
    survey_structure_is_locked,
    terugkoppeling_email_delete_for_survey,
)
from surveys.tasks import survey_close_expired as survey_close_expired_task
from surveys.tests.builders import build_all_types_survey
from surveys.tests.factories import QuestionFactory, ResponseFactory, SurveyFactory, TerugkoppelingEmailFactory

pytestmark = pytest.mark.django_db


def test_open_needs_questions_and_a_future_closing(gemeente):
    empty = SurveyFactory(gemeente=gemeente)
    with pytest.raises(ValidationError, match="minstens één vraag"):
        survey_open(survey=empty)
    survey = build_all_types_survey(gemeente, status=SurveyStatus.CONCEPT, closes_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="al voorbij"):
        survey_open(survey=survey)
    survey.closes_at = timezone.now() + timedelta(days=10)
    survey.save()
    opened = survey_open(survey=survey)
    assert opened.status == SurveyStatus.OPEN and opened.opened_at is not None
    survey_close(survey=opened)
    with pytest.raises(ValidationError, match="niet opnieuw open"):
        survey_open(survey=opened)


def test_close_marks_unfinished_responses_incomplete_and_is_idempotent(gemeente):
    survey = build_all_types_survey(gemeente)
    busy = ResponseFactory(survey=survey)
    done = ResponseFactory(survey=survey, status=ResponseStatus.COMPLETE, completed_at=timezone.now())
    closed = survey_close(survey=survey)
    assert closed.status == SurveyStatus.CLOSED and closed.closed_at
    busy.refresh_from_db()
    done.refresh_from_db()
    assert busy.status == ResponseStatus.INCOMPLETE and done.status == ResponseStatus.COMPLETE
    first_closed_at = closed.closed_at
    assert survey_close(survey=survey).closed_at == first_closed_at


def test_periodic_close_of_expired_surveys(gemeente):
    expired = build_all_types_survey(gemeente, closes_at=timezone.now() - timedelta(minutes=1))
    running = build_all_types_survey(gemeente, closes_at=timezone.now() + timedelta(days=1))
    assert survey_close_expired_task.delay().get() == [expired.pk]
    expired.refresh_from_db()
    running.refresh_from_db()
    assert expired.status == SurveyStatus.CLOSED and running.status == SurveyStatus.OPEN
    assert survey_close_expired() == []


def test_structure_lock_after_first_response(gemeente):
    survey = build_all_types_survey(gemeente)
    assert not survey_structure_is_locked(survey=survey)
    survey_structure_check_unlocked(survey=survey)
    ResponseFactory(survey=survey)
    assert survey_structure_is_locked(survey=survey)
    with pytest.raises(ValidationError, match="typfouten"):
        survey_structure_check_unlocked(survey=survey)


def test_terugkoppeling_email_selector_and_delete(gemeente):
    survey = SurveyFactory(gemeente=gemeente)
    other = SurveyFactory(gemeente=gemeente)
    TerugkoppelingEmailFactory(survey=survey, email="a@example.nl")
    TerugkoppelingEmailFactory(survey=survey, email="b@example.nl")
    TerugkoppelingEmailFactory(survey=other, email="c@example.nl")
    assert terugkoppeling_email_list_for_survey(survey=survey) == ["a@example.nl", "b@example.nl"]
    assert terugkoppeling_email_delete_for_survey(survey=survey) == 2
    assert terugkoppeling_email_list_for_survey(survey=survey) == []
    assert terugkoppeling_email_list_for_survey(survey=other) == ["c@example.nl"]


def test_fixed_options_for_yes_no_and_grade():
    yes_no = QuestionFactory(question_type=QuestionType.YES_NO)
    question_fixed_options_create(question=yes_no)
    question_fixed_options_create(question=yes_no)  # twice: no duplicates
    assert list(yes_no.options.values_list("code", flat=True)) == ["ja", "nee"]
    grade = QuestionFactory(question_type=QuestionType.SCALE, scale_kind=ScaleKind.GRADE)
    Option.objects.create(question=grade, position=0, code="wn", label="Weet niet", is_off_scale=True)
    question_fixed_options_create(question=grade)
    codes = list(grade.options.order_by("position").values_list("code", flat=True))
    assert codes == [str(n) for n in range(1, 11)] + ["wn"]
    assert grade.options.get(code="7").score == 7


def test_public_open_surveys_listed(gemeente):
    listed = build_all_types_survey(gemeente, is_public=True)
    build_all_types_survey(gemeente, is_public=False)
    build_all_types_survey(gemeente, is_public=True, status=SurveyStatus.CONCEPT)
    build_all_types_survey(gemeente, is_public=True, opens_at=timezone.now() + timedelta(days=2))
    assert list(survey_list_public_open(gemeente=gemeente)) == [listed]


def test_beat_schedule_names_registered_tasks():
    celery_app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if name.startswith("surveys-"):
            assert entry["task"] in celery_app.tasks, name
