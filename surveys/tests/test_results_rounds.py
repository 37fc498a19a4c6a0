"""Marking a survey as the next round of an earlier one (builder settings)."""

from django.core.exceptions import ValidationError

import pytest

from surveys.builder.forms import SurveyForm
from surveys.builder.services import survey_update
from surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def test_previous_round_choices_are_the_same_gemeentes_other_surveys(gemeente, other_gemeente):
    survey = SurveyFactory(gemeente=gemeente)
    earlier = SurveyFactory(gemeente=gemeente)
    SurveyFactory(gemeente=other_gemeente)
    later = SurveyFactory(gemeente=gemeente, previous_round=survey)
    choices = set(SurveyForm(instance=survey).fields["previous_round"].queryset)
    # Not itself, not another gemeente's survey, not a survey that already follows this one.
    assert choices == {earlier}
    assert later not in choices


def test_previous_round_of_another_gemeente_is_refused(gemeente, other_gemeente):
    survey = SurveyFactory(gemeente=gemeente)
    foreign = SurveyFactory(gemeente=other_gemeente)
    with pytest.raises(ValidationError):
        survey_update(survey=survey, previous_round=foreign)
    survey.refresh_from_db()
    assert survey.previous_round is None


def test_previous_round_is_saved_through_the_settings_service(gemeente):
    survey = SurveyFactory(gemeente=gemeente)
    earlier = SurveyFactory(gemeente=gemeente)
    survey_update(survey=survey, previous_round=earlier)
    survey.refresh_from_db()
    assert survey.previous_round == earlier
