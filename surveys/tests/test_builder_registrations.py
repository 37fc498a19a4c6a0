"""Permissions as a table, and what the app registers: nav item, dashboard panel, public section, export, demo."""

from importlib.util import find_spec
from io import StringIO

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from participatie.exports.registry import export_get
from participatie.exports.services import export_run
from participatie.models import ExportRecord
from participatie.registry import dashboard_panels_for_user, nav_items_for_user, public_sections_for_gemeente
from surveys import permissions
from surveys.builder.views import respond_url
from surveys.constants import ResponseStatus, SurveyStatus
from surveys.models import Question, Survey
from surveys.tests.factories import OpenSurveyFactory, ResponseFactory, SurveyFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "council_member", "coordinator", "policy_officer", "other_policy_officer", "staff_user"]
PREDICATES = {
    "can_view_surveys": [False, False, True, True, True, True],
    "can_create_survey": [False, False, False, True, True, True],
    "can_view_survey": [False, False, True, True, False, True],
    "can_edit_survey": [False, False, False, True, False, True],
}


@pytest.mark.parametrize("predicate", list(PREDICATES))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_table(request, gemeente, predicate, role_index):
    from django.contrib.auth.models import AnonymousUser

    role = ROLES[role_index]
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    survey = SurveyFactory(gemeente=gemeente)
    check = getattr(permissions, predicate)
    result = check(user, survey) if predicate in ("can_view_survey", "can_edit_survey") else check(user)
    assert result is PREDICATES[predicate][role_index]


def test_nav_item_for_staff_roles_only(policy_officer, coordinator, council_member):
    def keys(user):
        return [item.key for item in nav_items_for_user(user)]

    assert "surveys" in keys(policy_officer) and "surveys" in keys(coordinator)
    assert "surveys" not in keys(council_member)


def test_dashboard_panel_officer_and_coordinator(client, gemeente, policy_officer, coordinator, council_member):
    running = OpenSurveyFactory(gemeente=gemeente, title="Loopt nu")
    ResponseFactory(survey=running, status=ResponseStatus.COMPLETE, completed_at=timezone.now())
    ResponseFactory(survey=running)
    SurveyFactory(gemeente=gemeente, title="Nog in concept")
    OpenSurveyFactory(title="Van een ander")

    panels = {panel.key: context for panel, context in dashboard_panels_for_user(policy_officer)}
    officer = panels["surveys"]
    assert [s.title for s in officer["running"]] == ["Loopt nu"]
    assert officer["running"][0].response_count == 1 and officer["running"][0].started_count == 2
    assert [s.title for s in officer["concepts"]] == ["Nog in concept"]

    panels = {panel.key: context for panel, context in dashboard_panels_for_user(coordinator)}
    assert [s.title for s in panels["surveys"]["running"]] == ["Loopt nu"] and panels["surveys"]["concepts"] == []
    assert "surveys" not in {panel.key: c for panel, c in dashboard_panels_for_user(council_member)}

    client.force_login(policy_officer)
    page = client.get(reverse("home")).content.decode()
    assert "Loopt nu" in page and "Nog in concept" in page and "Van een ander" not in page


def test_public_section_lists_open_public_surveys_only(client, gemeente):
    listed = OpenSurveyFactory(gemeente=gemeente, title="Doe mee", is_public=True)
    OpenSurveyFactory(gemeente=gemeente, title="Niet openbaar", is_public=False)
    SurveyFactory(gemeente=gemeente, title="Concept openbaar", is_public=True)
    OpenSurveyFactory(
        gemeente=gemeente, title="Verlopen", is_public=True, closes_at=timezone.now() - timezone.timedelta(days=1)
    )
    OpenSurveyFactory(
        gemeente=gemeente, title="Nog niet", is_public=True, opens_at=timezone.now() + timezone.timedelta(days=1)
    )
    sections = {section.key: context for section, context in public_sections_for_gemeente(gemeente)}
    assert [survey.title for survey, _url in sections["surveys"]["surveys"]] == ["Doe mee"]
    page = client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()
    assert "Doe mee" in page and "Niet openbaar" not in page and "Concept openbaar" not in page
    # The link is the respondent app's public URL when that app is installed (merged branch).
    if find_spec("surveys.respond.urls") is not None:
        assert respond_url(listed) == reverse("surveys:respond_start", kwargs={"token": listed.public_token})
        assert respond_url(listed) in page
    else:
        assert respond_url(listed) is None


def test_public_section_renders_a_big_link_per_survey(gemeente):
    survey = OpenSurveyFactory(gemeente=gemeente, title="Doe mee", is_public=True)
    html = render_to_string(
        "surveys/public_section.html",
        {"section": {"surveys": [(survey, f"/surveys/v/{survey.public_token}/")], "gemeente": gemeente}},
        request=RequestFactory().get("/"),
    )
    assert f'href="/surveys/v/{survey.public_token}/"' in html and "btn-lg" in html
    assert html.count("<h2") == 1


def test_public_section_hidden_when_nothing_is_open(gemeente):
    assert "surveys" not in {s.key: c for s, c in public_sections_for_gemeente(gemeente)}


def test_export_surveys_with_status_dates_and_counts(gemeente, other_gemeente, policy_officer):
    survey = OpenSurveyFactory(gemeente=gemeente, title="Geteld", opens_at=timezone.now())
    ResponseFactory(survey=survey, status=ResponseStatus.COMPLETE, completed_at=timezone.now())
    OpenSurveyFactory(gemeente=other_gemeente, title="Niet van mij")
    definition = export_get("surveys.surveys")
    export_file = export_run(user=policy_officer, definition=definition, file_format="csv")
    text = export_file.content.decode("utf-8-sig")
    assert "Geteld" in text and "Niet van mij" not in text
    assert export_file.row_count == 1
    assert ExportRecord.objects.filter(export_key="surveys.surveys").count() == 1


def test_seed_demo_is_idempotent_and_opens_the_three_templates(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    first = sorted(Survey.objects.values_list("gemeente__slug", "title", "status", "is_public", "opens_at"))
    questions = Question.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert sorted(Survey.objects.values_list("gemeente__slug", "title", "status", "is_public", "opens_at")) == first
    assert Question.objects.count() == questions
    by_gemeente = {(slug, title): (status, public) for slug, title, status, public, _opens in first}
    assert by_gemeente[("middelburg", "Ervaringen met cliëntondersteuning")] == (SurveyStatus.OPEN, True)
    assert by_gemeente[("pekela", "Ervaringenkaart cliëntondersteuning")][0] == SurveyStatus.OPEN
    assert by_gemeente[("de-fryske-marren", "Bekendheid van cliëntondersteuning")][0] == SurveyStatus.OPEN
    assert any(status == SurveyStatus.CONCEPT for status, _public in by_gemeente.values())
    middelburg = Survey.objects.get(gemeente__slug="middelburg", is_public=True)
    assert middelburg.is_accepting_responses()


def test_admin_pages_and_admin_export(client, staff_user, gemeente):
    survey = OpenSurveyFactory(gemeente=gemeente, title="In de beheeromgeving")
    ResponseFactory(survey=survey)
    client.force_login(staff_user)
    assert client.get(reverse("admin:surveys_survey_changelist")).status_code == 200
    assert client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).status_code == 200
    assert client.get(reverse("admin:surveys_question_changelist")).status_code == 200
    assert client.get(reverse("admin:surveys_logicrule_changelist")).status_code == 200
    response = client.post(
        reverse("admin:surveys_survey_export"),
        {"format": "0", "resource": "0", **{f"surveyoverviewresource_{name}": "on" for name in ("title", "started")}},
    )
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response.get("Content-Disposition", ""), (
        response.context and response.context.get("form").errors
    )
    assert ExportRecord.objects.filter(export_key="admin.surveys.survey").exists()
