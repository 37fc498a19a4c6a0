"""The fields every response carries about how it came in: channel, help, group, pilot, language."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import RestrictedError
from django.utils import timezone

import pytest

from participatie.tests.factories import GemeenteFactory
from surveys.builder.selectors import survey_get_for_user, survey_list_for_user
from surveys.constants import AssistedBy, ResponseChannel, ResponseStatus
from surveys.models import RespondentGroup, Response
from surveys.respond.services import survey_is_full
from surveys.tests.factories import OpenSurveyFactory, RespondentGroupFactory, ResponseFactory


def _complete(**kwargs) -> Response:
    return ResponseFactory(status=ResponseStatus.COMPLETE, completed_at=timezone.now(), **kwargs)


def test_a_new_response_is_online_on_its_own_in_dutch_and_not_a_pilot(db):
    response = Response.objects.create(survey=OpenSurveyFactory())
    assert (response.channel, response.assisted_by, response.is_pilot, response.language) == (
        ResponseChannel.ONLINE_SELF,
        "",
        False,
        "nl",
    )
    assert response.respondent_group is None


def test_group_name_unique_per_survey_whatever_the_case(db):
    group = RespondentGroupFactory(name="Cliënten Toegang")
    RespondentGroupFactory(name="Cliënten Toegang")  # another survey: fine
    with pytest.raises(IntegrityError):
        RespondentGroupFactory(survey=group.survey, name="cliënten toegang")


def test_a_duplicate_group_name_reads_as_a_dutch_message_before_saving(db):
    group = RespondentGroupFactory(name="Straat")
    with pytest.raises(ValidationError) as error:
        RespondentGroup(survey=group.survey, name="STRAAT").full_clean()
    assert error.value.messages == ["Deze vragenlijst heeft al een groep met deze naam."]


@pytest.mark.parametrize("quota", [0])
def test_a_quota_is_at_least_one(db, quota):
    with pytest.raises(IntegrityError):
        RespondentGroupFactory(quota=quota)


@pytest.mark.parametrize("quota", [None, 1, 250])
def test_no_quota_or_a_positive_one_is_fine(db, quota):
    assert RespondentGroupFactory(quota=quota).quota == quota


def test_a_group_has_a_name(db):
    with pytest.raises(IntegrityError):
        RespondentGroupFactory(name="")


@pytest.mark.parametrize("field, value", [("channel", "fax"), ("assisted_by", "buurman")])
def test_unknown_channel_or_help_is_refused_by_the_database(db, field, value):
    response = ResponseFactory(channel=ResponseChannel.PAPER)
    with pytest.raises(IntegrityError):
        Response.objects.filter(pk=response.pk).update(**{field: value})


def test_online_on_their_own_has_no_helper(db):
    with pytest.raises(IntegrityError):
        ResponseFactory(channel=ResponseChannel.ONLINE_SELF, assisted_by=AssistedBy.CARER)


@pytest.mark.parametrize("channel", [c for c in ResponseChannel if c != ResponseChannel.ONLINE_SELF])
def test_every_other_channel_may_name_a_helper(db, channel):
    response = ResponseFactory(channel=channel, assisted_by=AssistedBy.CLIENT_SUPPORTER)
    assert response.get_assisted_by_display() == "Cliëntondersteuner"


def test_labels_are_dutch(db):
    response = ResponseFactory(paper_assisted=True)
    assert (response.get_channel_display(), response.get_assisted_by_display()) == (
        "Papier (ingevoerd)",
        "Vrijwilliger",
    )


def test_a_response_has_a_language(db):
    with pytest.raises(IntegrityError):
        ResponseFactory(language="")


def test_the_group_of_another_survey_is_refused(db):
    response = ResponseFactory(respondent_group=RespondentGroupFactory())
    with pytest.raises(ValidationError) as error:
        response.full_clean()
    assert "respondent_group" in error.value.message_dict
    ResponseFactory(survey=response.respondent_group.survey, respondent_group=response.respondent_group).full_clean()


def test_a_group_with_responses_goes_only_with_its_survey(db):
    group = RespondentGroupFactory()
    ResponseFactory(survey=group.survey, respondent_group=group)
    with pytest.raises(RestrictedError):
        group.delete()
    group.survey.delete()
    assert not RespondentGroup.objects.exists() and not Response.objects.exists()


def test_survey_counts_leave_pilot_responses_out(gemeente, policy_officer):
    survey = OpenSurveyFactory(gemeente=gemeente)
    _complete(survey=survey)
    _complete(survey=survey, is_pilot=True)
    ResponseFactory(survey=survey)
    ResponseFactory(survey=survey, is_pilot=True)
    counted = survey_get_for_user(user=policy_officer, pk=survey.pk)
    assert (counted.response_count, counted.started_count) == (1, 2)
    listed = survey_list_for_user(user=policy_officer).get(pk=survey.pk)
    assert (listed.response_count, listed.started_count) == (1, 2)


def test_pilot_responses_do_not_fill_a_survey(db):
    survey = OpenSurveyFactory(max_responses=1)
    _complete(survey=survey, is_pilot=True)
    assert not survey_is_full(survey=survey)
    _complete(survey=survey)
    assert survey_is_full(survey=survey)


@pytest.mark.django_db(transaction=True)
def test_migration_turns_free_text_groups_into_groups_of_their_survey():
    if connection.vendor != "postgresql":
        # SQLite rebuilds a table to drop a column, and unapplying the parallel 0004 migrations back to 0002
        # leaves a column behind there; PostgreSQL (CI) drops columns in place and runs this test.
        pytest.skip("migrating back across the parallel 0004 migrations needs PostgreSQL")
    before, after = (
        [("surveys", "0002_response_answers_complete_for")],
        [("surveys", "0003_response_channel_group_pilot_language")],
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        # The models as they were at each step: today's models have fields later migrations add.
        survey = old_apps.get_model("surveys", "Survey").objects.create(
            gemeente_id=GemeenteFactory().pk, title="Oud", slug="oud", status="open"
        )
        OldResponse = old_apps.get_model("surveys", "Response")
        for text in ("Straat", "straat", "Toegang", ""):
            OldResponse.objects.create(
                survey_id=survey.pk, resume_code=f"CODE{text or 'LEEG'}"[:12], respondent_group=text
            )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        new_apps = executor.loader.project_state(after).apps
        groups = {
            group.name.lower(): group
            for group in new_apps.get_model("surveys", "RespondentGroup").objects.filter(survey_id=survey.pk)
        }
        assert sorted(groups) == ["straat", "toegang"]
        by_code = {
            r.resume_code: r.respondent_group_id
            for r in new_apps.get_model("surveys", "Response").objects.filter(survey_id=survey.pk)
        }
        assert by_code == {
            "CODEStraat": groups["straat"].pk,
            "CODEstraat": groups["straat"].pk,
            "CODEToegang": groups["toegang"].pk,
            "CODELEEG": None,
        }
    finally:
        # Back to the latest schema for the tests that follow, also when this test fails half-way.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
