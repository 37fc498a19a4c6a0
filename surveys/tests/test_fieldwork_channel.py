"""Fieldwork: channel and help on every response, as filters of the results and columns of the answer file."""

import io

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from surveys.constants import AssistedBy, ResponseChannel, ResponseStatus
from surveys.models import Response
from surveys.results.selectors import ResultFilters, response_list_for_results
from surveys.tests.builders import build_all_types_survey
from surveys.tests.factories import InvitationBatchFactory, RespondentGroupFactory, ResponseFactory
from surveys.tests.helpers import field, option, page_one_data, page_two_data, section_url, url

pytestmark = pytest.mark.django_db


def _fill_in(client, survey):
    sections = list(survey.sections.order_by("position"))
    client.post(
        section_url(survey, sections[0]),
        page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")}),
    )
    client.post(section_url(survey, sections[1]), page_two_data(survey))
    return Response.objects.get(survey=survey)


def test_an_online_response_is_online_self_by_default(client, gemeente):
    survey = build_all_types_survey(gemeente)
    response = _fill_in(client, survey)
    assert client.post(url(survey, "summary"), {}).status_code == 302
    response.refresh_from_db()
    assert (response.status, response.channel, response.assisted_by) == (
        ResponseStatus.COMPLETE,
        ResponseChannel.ONLINE_SELF,
        "",
    )


def test_saying_someone_helped_on_the_last_page_sets_help_and_channel(client, gemeente):
    survey = build_all_types_survey(gemeente)
    response = _fill_in(client, survey)
    page = client.get(url(survey, "summary")).content.decode()
    assert "Heeft iemand u geholpen met invullen?" in page
    assert client.post(url(survey, "summary"), {"assisted_by": AssistedBy.CARER}).status_code == 302
    response.refresh_from_db()
    assert (response.channel, response.assisted_by) == (ResponseChannel.ONLINE_ASSISTED, AssistedBy.CARER)


def test_an_unknown_kind_of_help_is_a_400_and_nothing_is_sent(client, gemeente):
    survey = build_all_types_survey(gemeente)
    response = _fill_in(client, survey)
    assert client.post(url(survey, "summary"), {"assisted_by": "buurman"}).status_code == 400
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS


def test_help_is_a_results_filter(client, policy_officer, gemeente):
    survey = build_all_types_survey(gemeente)
    done = {"status": ResponseStatus.COMPLETE, "completed_at": timezone.now()}
    helped = ResponseFactory(
        survey=survey, channel=ResponseChannel.ONLINE_ASSISTED, assisted_by=AssistedBy.VOLUNTEER, **done
    )
    ResponseFactory(survey=survey, **done)
    filtered = response_list_for_results(survey=survey, filters=ResultFilters(assisted_by=AssistedBy.VOLUNTEER))
    assert list(filtered) == [helped]
    client.force_login(policy_officer)
    assert client.get(reverse("surveys:results", args=[survey.pk]), {"hulp": "volunteer"}).status_code == 200
    assert client.get(reverse("surveys:results", args=[survey.pk]), {"hulp": "buurman"}).status_code == 400


def test_the_answer_file_has_channel_group_help_and_batch_columns(client, policy_officer, gemeente):
    survey = build_all_types_survey(gemeente)
    group = RespondentGroupFactory(survey=survey, name="Toegang")
    batch = InvitationBatchFactory(survey=survey, label="brief maart", respondent_group=group)
    ResponseFactory(
        survey=survey,
        status=ResponseStatus.COMPLETE,
        completed_at=timezone.now(),
        channel=ResponseChannel.ONLINE_ASSISTED,
        assisted_by=AssistedBy.CLIENT_SUPPORTER,
        respondent_group=group,
        invitation_batch=batch,
    )
    client.force_login(policy_officer)
    response = client.post(
        reverse("surveys:answer_export", args=[survey.pk]), {"file_format": "xlsx", "value_mode": "codes"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, row = [list(r) for r in sheet.iter_rows(min_row=1, max_row=2, values_only=True)]
    values = dict(zip(header, row, strict=False))
    assert values["kanaal"] == "online_assisted"
    assert values["groep"] == "Toegang"
    assert values["hulp"] == "client_supporter"
    assert values["uitnodiging"] == "brief maart"
