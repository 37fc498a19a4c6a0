"""The results pages: who sees them (role tables), bad filters, data cleaning and the published summary."""

from django.core import mail
from django.urls import reverse

import pytest

from feedback.integration import inbreng_register_for_survey, source_links
from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, RegioFactory, UserFactory
from surveys.constants import CleaningAction, SurveyStatus
from surveys.models import Response, ResponseCleaningEvent, ResultSummary, TerugkoppelingEmail
from surveys.results.selectors import survey_results
from surveys.tests.results_data import build_hand_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_survey(gemeente):
    return build_hand_survey(gemeente)


def regional_coordinator(gemeente):
    regio = RegioFactory()
    regio.gemeenten.add(gemeente)
    user = UserFactory()
    MembershipFactory(user=user, regio=regio, gemeente=None, role=Role.COORDINATOR)
    return user


def user_for(role, gemeente, other_gemeente):
    if role == "regional_coordinator":
        return regional_coordinator(gemeente)
    if role == "other_officer":
        user = UserFactory()
        MembershipFactory(user=user, gemeente=other_gemeente, role=Role.POLICY_OFFICER)
        return user
    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=role)
    return user


@pytest.mark.parametrize(
    ("role", "results", "response", "clean"),
    [
        (Role.POLICY_OFFICER, 200, 200, 302),
        (Role.COORDINATOR, 200, 200, 403),
        ("regional_coordinator", 200, 200, 403),
        (Role.COUNCIL_MEMBER, 403, 403, 403),
        ("other_officer", 404, 404, 404),
    ],
)
def test_role_table_results_single_response_and_cleaning(
    client, gemeente, other_gemeente, hand_survey, role, results, response, clean
):
    survey, _q, responses = hand_survey
    client.force_login(user_for(role, gemeente, other_gemeente))
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == results
    detail = reverse("surveys:results_response", args=[survey.pk, responses[0].pk])
    assert client.get(detail).status_code == response
    cleaned = client.post(
        reverse("surveys:results_response_clean", args=[survey.pk, responses[0].pk, "weglaten"]),
        {"exclusion_kind": "test", "reason": "Ingevuld door de ambtenaar zelf"},
    )
    assert cleaned.status_code == clean
    responses[0].refresh_from_db()
    assert bool(responses[0].exclusion_kind) == (clean == 302)


def test_anonymous_goes_to_login(client, hand_survey):
    survey, _q, _responses = hand_survey
    response = client.get(reverse("surveys:results", args=[survey.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_results_page_shows_figures_and_charts(client, policy_officer, hand_survey):
    survey, _q, _responses = hand_survey
    client.force_login(policy_officer)
    response = client.get(reverse("surveys:results", args=[survey.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert "66,7%" in html  # top two of "tevreden"
    assert "3,67" in html  # its mean of scores
    assert "niet gevraagd" in html.lower()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("van=31-02-2025", "geldige datum"),
        ("groep=999999", "hoort niet bij deze vragenlijst"),
        ("kanaal=brievenbus", "bestaat niet"),
        ("van=2025-03-01&tot=2025-01-01", "vóór de begindatum"),
        ("uitsplitsen=abc", "niet naar worden uitgesplitst"),
    ],
)
def test_nonsense_filters_are_a_400_with_a_dutch_message(client, policy_officer, hand_survey, query, message):
    survey, _q, _responses = hand_survey
    client.force_login(policy_officer)
    response = client.get(reverse("surveys:results", args=[survey.pk]) + "?" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_answer_filter_of_another_survey_is_a_400(client, policy_officer, gemeente, hand_survey):
    survey, _q, _responses = hand_survey
    other, other_q, _other_responses = build_hand_survey(gemeente, slug="andere")
    option = other_q["contact"].options.get(code="ja")
    client.force_login(policy_officer)
    response = client.get(reverse("surveys:results", args=[survey.pk]), {"antwoord": option.pk})
    assert response.status_code == 400
    assert "hoort niet bij een keuzevraag van deze vragenlijst" in response.content.decode()


def test_filter_and_breakdown_in_the_url(client, policy_officer, hand_survey):
    survey, q, _responses = hand_survey
    client.force_login(policy_officer)
    ja = q["contact"].options.get(code="ja")
    response = client.get(reverse("surveys:results", args=[survey.pk]), {"antwoord": ja.pk, "uitsplitsen": "groep"})
    assert response.status_code == 200
    assert response.context["results"].n == 8


def test_excluded_response_leaves_the_results_and_undo_counts_it_again(client, policy_officer, hand_survey):
    survey, _q, responses = hand_survey
    client.force_login(policy_officer)
    base = [survey.pk, responses[0].pk]
    client.post(
        reverse("surveys:results_response_clean", args=[*base, "weglaten"]),
        {"exclusion_kind": "invalid", "reason": "Dubbel ingevuld"},
    )
    assert survey_results(survey=survey).complete_n == 11
    event = ResponseCleaningEvent.objects.get(response=responses[0])
    assert (event.action, event.user, event.reason) == (CleaningAction.EXCLUDED, policy_officer, "Dubbel ingevuld")
    client.post(reverse("surveys:results_response_clean", args=[*base, "terugzetten"]))
    assert survey_results(survey=survey).complete_n == 12
    assert ResponseCleaningEvent.objects.filter(response=responses[0], action=CleaningAction.RESTORED).exists()
    assert not Response.objects.get(pk=responses[0].pk).exclusion_kind


def test_excluding_needs_a_reason(client, policy_officer, hand_survey):
    survey, _q, responses = hand_survey
    client.force_login(policy_officer)
    response = client.post(
        reverse("surveys:results_response_clean", args=[survey.pk, responses[0].pk, "weglaten"]),
        {"exclusion_kind": "test", "reason": "  "},
    )
    assert response.status_code == 400
    assert "Geef de reden" in response.content.decode()
    assert survey_results(survey=survey).complete_n == 12


def test_response_of_another_survey_is_a_404(client, policy_officer, gemeente, hand_survey):
    survey, _q, _responses = hand_survey
    _other, _other_q, other_responses = build_hand_survey(gemeente, slug="andere")
    client.force_login(policy_officer)
    url = reverse("surveys:results_response", args=[survey.pk, other_responses[0].pk])
    assert client.get(url).status_code == 404


def test_text_answers_searchable(client, coordinator, hand_survey):
    survey, q, _responses = hand_survey
    client.force_login(coordinator)
    url = reverse("surveys:results_texts", args=[survey.pk, q["toelichting"].pk])
    response = client.get(url, {"zoek": "wachttijd"})
    assert response.status_code == 200
    assert "De wachttijd was te lang." in response.content.decode()
    assert "Vriendelijk" not in response.content.decode()


def test_publishing_a_summary_is_the_terugkoppeling_and_shows_publicly(
    client, policy_officer, council_member, gemeente, hand_survey, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    survey, q, _responses = hand_survey
    TerugkoppelingEmail.objects.create(survey=survey, email="inwoner@example.nl")
    client.force_login(policy_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("surveys:summary_edit", args=[survey.pk]),
            {"questions": [q["tevreden"].pk, q["kanalen"].pk], "text": "De meeste mensen zijn tevreden."},
        )
    assert response.status_code == 302
    summary = ResultSummary.objects.get(survey=survey)
    assert summary.is_published
    inbreng = survey_inbreng(survey)
    assert inbreng.terugkoppelingen.count() == 1
    assert [message.to for message in mail.outbox] == [["inwoner@example.nl"]]
    assert "/uitkomsten/" in mail.outbox[0].body
    # The survey's inbreng in the feedback register links to the published summary.
    inbreng_page = client.get(reverse("feedback:inbreng-detail", args=[inbreng.pk])).content.decode()
    assert f'href="{summary_url(survey)}"' in inbreng_page and "Gepubliceerde samenvatting" in inbreng_page
    # Public: on the gemeente's page and its own page, with the small-cell rules on.
    client.logout()
    assert "De meeste mensen zijn tevreden." in client.get(summary_url(survey)).content.decode()
    assert summary_url(survey) in client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()
    # The adviesraad member sees it among their pages.
    client.force_login(council_member)
    assert survey.title in client.get(reverse("surveys:summary_list")).content.decode()
    assert survey.title in client.get(reverse("home")).content.decode()


def test_summary_only_after_closing_and_only_by_officer(client, policy_officer, coordinator, gemeente):
    survey, q, _responses = build_hand_survey(gemeente, status=SurveyStatus.OPEN)
    # Before publishing, the survey's inbreng has no link to a summary.
    assert source_links(inbreng=inbreng_register_for_survey(survey=survey)) == []
    client.force_login(coordinator)
    assert client.get(reverse("surveys:summary_edit", args=[survey.pk])).status_code == 403
    client.force_login(policy_officer)
    response = client.post(
        reverse("surveys:summary_edit", args=[survey.pk]), {"questions": [q["tevreden"].pk], "text": "Tekst"}
    )
    assert response.status_code == 400
    assert not ResultSummary.objects.exists()


def survey_inbreng(survey):
    from django.contrib.contenttypes.models import ContentType

    from feedback.models import Inbreng

    return Inbreng.objects.get(
        source_content_type=ContentType.objects.get_for_model(survey), source_object_id=survey.pk
    )


def summary_url(survey):
    return reverse("surveys:summary_public", args=[survey.public_token])


def _bulk_responses(survey, q, total):
    from django.utils import timezone

    from surveys.models import Answer

    responses = Response.objects.bulk_create(
        [Response(survey=survey, status="compleet", completed_at=timezone.now()) for _index in range(total)]
    )
    ja, nee = q["contact"].options.get(code="ja"), q["contact"].options.get(code="nee")
    points = list(q["tevreden"].options.order_by("position"))
    kanalen = list(q["kanalen"].options.all())
    rows = []
    for index, response in enumerate(responses):
        rows.append(Answer(response=response, question=q["contact"], option=ja if index % 3 else nee))
        rows.append(Answer(response=response, question=q["tevreden"], option=points[index % len(points)]))
        rows.append(Answer(response=response, question=q["kanalen"], option=kanalen[index % len(kanalen)]))
    Answer.objects.bulk_create(rows)


def test_results_page_query_count_is_the_same_for_10_and_1000_responses(client, policy_officer, gemeente):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for total in (10, 1000):
        survey, q, _responses = build_hand_survey(gemeente, slug=f"queries-{total}")
        _bulk_responses(survey, q, total)
        client.force_login(policy_officer)
        url = reverse("surveys:results", args=[survey.pk])
        ja = q["contact"].options.get(code="ja").pk
        cases = (
            {},
            {"antwoord": ja, "uitsplitsen": "groep"},
            {"antwoord": ja, "kanaal": "online_self", "uitsplitsen": "groep"},
            {"van": "2020-01-01", "uitsplitsen": q["tevreden"].pk},
        )
        for params in cases:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, params).status_code == 200
            counts.append(len(queries))
    assert counts[:4] == counts[4:]
