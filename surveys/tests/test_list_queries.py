"""The surveys' list pages (answer files, responses for cleaning) cost the same queries for 3 rows or 30."""

from django.urls import reverse
from django.utils import timezone

import pytest

from surveys.constants import ResponseStatus

from .factories import OpenSurveyFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def _complete(survey, count):
    for _ in range(count):
        ResponseFactory(survey=survey, status=ResponseStatus.COMPLETE, completed_at=timezone.now())


def test_the_answer_file_survey_list_costs_the_same_queries_for_3_or_30(
    client, policy_officer, gemeente, django_assert_max_num_queries
):
    client.force_login(policy_officer)
    for _ in range(3):
        _complete(OpenSurveyFactory(gemeente=gemeente), 2)
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("surveys:answer_export_surveys")).status_code == 200
    for _ in range(27):
        _complete(OpenSurveyFactory(gemeente=gemeente), 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surveys:answer_export_surveys"))
    assert len(response.context["surveys"]) == 30


def test_the_response_list_costs_the_same_queries_for_3_or_30(
    client, policy_officer, gemeente, django_assert_max_num_queries
):
    survey = OpenSurveyFactory(gemeente=gemeente)
    client.force_login(policy_officer)
    url = reverse("surveys:results_responses", args=[survey.pk])
    _complete(survey, 3)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    _complete(survey, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) >= 20
