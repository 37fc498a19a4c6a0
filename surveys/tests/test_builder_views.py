import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from participatie.constants import Role
from participatie.tests.factories import MembershipFactory, RegioFactory, UserFactory
from surveys.builder import services
from surveys.constants import QuestionType, SurveyStatus
from surveys.models import LogicRule, Question, QuestionRevision, Section, Survey
from surveys.survey_definition import survey_definition_export
from surveys.tests.factories import OptionFactory, QuestionFactory, ResponseFactory, SectionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(gemeente):
    survey = SurveyFactory(gemeente=gemeente, title="Ervaringen Middelburg")
    first = SectionFactory(survey=survey, position=0, title="Eerste pagina")
    second = SectionFactory(survey=survey, position=1, title="Tweede pagina")
    b1 = QuestionFactory(section=first, position=0, code="B1", question_type=QuestionType.SINGLE_CHOICE)
    OptionFactory(question=b1, position=0, code="ja", label="Ja")
    OptionFactory(question=b1, position=1, code="nee", label="Nee")
    QuestionFactory(section=first, position=1, code="B2")
    QuestionFactory(section=second, position=0, code="B3")
    return survey


@pytest.fixture
def foreign(other_gemeente):
    """A survey of another gemeente, with a section, a choice question and an option."""
    survey = SurveyFactory(gemeente=other_gemeente, title="Van Pekela")
    section = SectionFactory(survey=survey)
    question = QuestionFactory(section=section, code="P1", question_type=QuestionType.SINGLE_CHOICE)
    option = OptionFactory(question=question, code="pja")
    return {"survey": survey, "section": section, "question": question, "option": option}


def _user(request, role):
    if role == "anonymous":
        return None
    return request.getfixturevalue(role)


def _urls(survey):
    section = survey.sections.first()
    question = survey.questions.get(code="B2")
    return {
        "list": ("get", reverse("surveys:survey_list"), {}),
        "create": ("get", reverse("surveys:survey_create"), {}),
        "library": ("get", reverse("surveys:template_library"), {}),
        "import": ("get", reverse("surveys:survey_import"), {}),
        "detail": ("get", reverse("surveys:survey_detail", args=[survey.pk]), {}),
        "export_json": ("get", reverse("surveys:survey_export_json", args=[survey.pk]), {}),
        "settings": ("get", reverse("surveys:survey_update", args=[survey.pk]), {}),
        "question_edit": ("get", reverse("surveys:question_edit", args=[survey.pk, question.pk]), {}),
        "section_edit": ("get", reverse("surveys:section_edit", args=[survey.pk, section.pk]), {}),
        "duplicate": ("post", reverse("surveys:survey_duplicate", args=[survey.pk]), {}),
        "open": ("post", reverse("surveys:survey_status", args=[survey.pk]), {"status": "open"}),
        "move": (
            "post",
            reverse("surveys:question_action", args=[survey.pk, question.pk, "move"]),
            {"direction": "up"},
        ),
        "copy": ("post", reverse("surveys:question_action", args=[survey.pk, question.pk, "copy"]), {}),
        "delete": ("post", reverse("surveys:question_delete", args=[survey.pk, question.pk]), {}),
    }


# Expected status per role (columns) and action (rows). 302 for anonymous = to the login page.
ROLES = ["anonymous", "council_member", "coordinator", "policy_officer", "other_policy_officer", "staff_user"]
TABLE = {
    "list": [302, 403, 200, 200, 200, 200],
    "create": [302, 403, 403, 200, 200, 200],
    "library": [302, 403, 403, 200, 200, 200],
    "import": [302, 403, 403, 200, 200, 200],
    "detail": [302, 403, 200, 200, 404, 200],
    "export_json": [302, 403, 200, 200, 404, 200],
    "settings": [302, 403, 403, 200, 404, 200],
    "question_edit": [302, 403, 403, 200, 404, 200],
    "section_edit": [302, 403, 403, 200, 404, 200],
    "duplicate": [302, 403, 403, 302, 404, 302],
    "open": [302, 403, 403, 302, 404, 302],
    "move": [302, 403, 403, 302, 404, 302],
    "copy": [302, 403, 403, 302, 404, 302],
    "delete": [302, 403, 403, 302, 404, 302],
}


@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_role_by_action_table(client, request, survey, action, role_index):
    role = ROLES[role_index]
    user = _user(request, role)
    if user is not None:
        client.force_login(user)
    method, url, data = _urls(survey)[action]
    response = getattr(client, method)(url, data)
    assert response.status_code == TABLE[action][role_index], (role, action)
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_list_shows_only_own_gemeenten_with_status_text(client, policy_officer, survey, foreign):
    client.force_login(policy_officer)
    response = client.get(reverse("surveys:survey_list"))
    content = response.content.decode()
    assert "Ervaringen Middelburg" in content and "Van Pekela" not in content
    assert 'class="status-badge status-none"' in content
    assert str(SurveyStatus.CONCEPT.label) in content


def test_regio_coordinator_reads_surveys_of_every_regio_gemeente(client, gemeente, survey, foreign):
    regio = RegioFactory()
    regio.gemeenten.add(gemeente)
    user = UserFactory()
    MembershipFactory(user=user, gemeente=None, regio=regio, role=Role.COORDINATOR)
    client.force_login(user)
    assert client.get(reverse("surveys:survey_detail", args=[survey.pk])).status_code == 200
    assert client.get(reverse("surveys:survey_detail", args=[foreign["survey"].pk])).status_code == 404


def test_list_query_count_does_not_grow(client, policy_officer, gemeente, django_assert_max_num_queries):
    client.force_login(policy_officer)
    SurveyFactory.create_batch(2, gemeente=gemeente)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("surveys:survey_list"))
    SurveyFactory.create_batch(20, gemeente=gemeente)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surveys:survey_list"))
    assert len(response.context["surveys"]) == 22


def test_detail_query_count_does_not_grow_with_questions(client, policy_officer, survey, django_assert_max_num_queries):
    client.force_login(policy_officer)
    url = reverse("surveys:survey_detail", args=[survey.pk])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    section = survey.sections.last()
    for index in range(15):
        question = QuestionFactory(section=section, code=f"X{index}", question_type=QuestionType.SINGLE_CHOICE)
        OptionFactory(question=question, code="a")
        OptionFactory(question=question, code="b")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_create_survey(client, policy_officer, gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("surveys:survey_create"),
        {
            "gemeente": gemeente.pk,
            "title": "Nieuwe peiling",
            "introduction": "Wat vindt u?",
            "method_kind": "peilend",
            "target_group": "ouderen",
            "opens_at": "2026-12-01T09:00",
            "closes_at": "2027-01-01T17:00",
            "is_anonymous": "on",
            "terugkoppeling_text": "Voor de zomer op de website.",
            "terugkoppeling_date": "2027-06-01",
            "retention_days": "180",
            "retention_mode": "open-teksten",
            "max_responses": "500",
        },
    )
    survey = Survey.objects.get(title="Nieuwe peiling")
    assert response.status_code == 302 and response["Location"] == reverse("surveys:survey_detail", args=[survey.pk])
    assert survey.gemeente == gemeente and survey.max_responses == 500 and survey.retention_mode == "open-teksten"
    assert survey.status == SurveyStatus.CONCEPT


def test_create_survey_bad_input_is_400_with_messages(client, policy_officer, gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("surveys:survey_create"),
        {
            "gemeente": gemeente.pk,
            "title": "",
            "opens_at": "2027-01-02T10:00",
            "closes_at": "2027-01-01T10:00",
            "retention_days": "0",
            "retention_mode": "alle-antwoorden",
            "method_kind": "peilend",
            "target_group": "inwoners",
            "max_responses": "veel",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"title", "closes_at", "retention_days", "max_responses"} <= set(form.errors)
    assert b"data-error-summary" in response.content
    assert not Survey.objects.exists()


def test_create_survey_in_another_gemeente_is_404(client, policy_officer, other_gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("surveys:survey_create"),
        {"gemeente": other_gemeente.pk, "title": "X", "method_kind": "peilend", "target_group": "inwoners"},
    )
    assert response.status_code == 404
    assert not Survey.objects.exists()


def _question_post(survey, **overrides):
    data = {
        "section": survey.sections.first().pk,
        "code": "N1",
        "text": "Hoe vaak?",
        "help_text": "",
        "is_required": "on",
        "question_type": QuestionType.SINGLE_CHOICE,
        "choice_widget": "keuzerondjes",
        "scale_kind": "benoemd",
        "options_text": "vaak | Vaak\nsoms | Soms\nanders | Anders, namelijk | anders",
        "statements_text": "",
    }
    data.update(overrides)
    return data


def test_add_question_with_options(client, policy_officer, survey):
    client.force_login(policy_officer)
    url = reverse("surveys:question_create", args=[survey.pk])
    response = client.post(url, _question_post(survey))
    question = Question.objects.get(survey=survey, code="N1")
    assert response.status_code == 302
    assert list(question.options.values_list("code", "is_other")) == [
        ("vaak", False),
        ("soms", False),
        ("anders", True),
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "B1"}, "code"),
        ({"code": "met spatie"}, "code"),
        ({"options_text": "alleen | Eén"}, "options_text"),
        ({"options_text": "a | A\na | B"}, "options_text"),
        ({"options_text": "a | A\nb | B | raar"}, "options_text"),
        ({"options_text": "a | A\nb | B | buiten-schaal"}, "options_text"),
        ({"question_type": "matrix", "options_text": "1 | Eens\n2 | Oneens"}, "statements_text"),
        ({"question_type": "kort-tekst", "max_length": "0", "options_text": ""}, "max_length"),
        ({"question_type": "kort-tekst"}, "options_text"),
        ({"question_type": "getal", "options_text": "", "min_value": "10", "max_value": "1"}, "max_value"),
        ({"question_type": "meer-keuzes", "min_choices": "3", "max_choices": "2"}, "max_choices"),
        ({"question_type": "ja-nee", "options_text": "misschien | Misschien"}, "options_text"),
        ({"question_type": "tekening"}, "question_type"),
        ({"text": ""}, "text"),
    ],
)
def test_bad_question_input_is_400_and_saves_nothing(client, policy_officer, survey, overrides, field):
    client.force_login(policy_officer)
    before = Question.objects.count()
    response = client.post(reverse("surveys:question_create", args=[survey.pk]), _question_post(survey, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Question.objects.count() == before


def test_question_in_section_of_another_survey_is_404(client, policy_officer, survey, foreign):
    client.force_login(policy_officer)
    response = client.post(
        reverse("surveys:question_create", args=[survey.pk]), _question_post(survey, section=foreign["section"].pk)
    )
    assert response.status_code == 404
    response = client.get(reverse("surveys:question_create", args=[survey.pk]) + f"?deel={foreign['section'].pk}")
    assert response.status_code == 404


def test_tampered_ids_in_urls_are_404(client, policy_officer, survey, foreign):
    client.force_login(policy_officer)
    q, s = foreign["question"], foreign["section"]
    urls = [
        reverse("surveys:question_edit", args=[survey.pk, q.pk]),
        reverse("surveys:question_delete", args=[survey.pk, q.pk]),
        reverse("surveys:section_edit", args=[survey.pk, s.pk]),
        reverse("surveys:section_delete", args=[survey.pk, s.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("surveys:question_action", args=[survey.pk, q.pk, "copy"])).status_code == 404
    assert (
        client.post(reverse("surveys:section_action", args=[survey.pk, s.pk, "move"]), {"direction": "up"}).status_code
        == 404
    )
    assert Question.objects.filter(survey=foreign["survey"]).count() == 1


def test_logic_rule_via_view_and_tampered_option_is_404(client, policy_officer, survey, foreign):
    client.force_login(policy_officer)
    b1 = survey.questions.get(code="B1")
    b3 = survey.questions.get(code="B3")
    url = reverse("surveys:question_rule_create", args=[survey.pk, b3.pk])
    ja = b1.options.get(code="ja")
    response = client.post(url, {"source_question": b1.pk, "operator": "is-een-van", "options": [foreign["option"].pk]})
    assert response.status_code == 404
    response = client.post(
        url, {"source_question": foreign["question"].pk, "operator": "is-een-van", "options": [ja.pk]}
    )
    assert response.status_code == 404
    # A later question as source is not offered, so it counts as tampering too.
    b2_as_source = QuestionFactory(section=b3.section, position=5, code="LATER", question_type="een-keuze")
    later = OptionFactory(question=b2_as_source, code="x")
    response = client.post(url, {"source_question": b2_as_source.pk, "operator": "is-een-van", "options": [later.pk]})
    assert response.status_code == 404
    response = client.post(url, {"source_question": b1.pk, "operator": "is-een-van", "options": []})
    assert response.status_code == 400
    assert not LogicRule.objects.exists()
    response = client.post(url, {"source_question": b1.pk, "operator": "is-een-van", "options": [ja.pk]})
    assert response.status_code == 302
    rule = LogicRule.objects.get()
    assert rule.target_question == b3 and list(rule.options.all()) == [ja]
    # Removing it; a rule of another survey is a 404.
    foreign_rule = LogicRule.objects.create(target_question=foreign["question"], source_question=foreign["question"])
    assert client.post(reverse("surveys:rule_delete", args=[survey.pk, foreign_rule.pk])).status_code == 404
    assert client.post(reverse("surveys:rule_delete", args=[survey.pk, rule.pk])).status_code == 302
    assert not LogicRule.objects.filter(pk=rule.pk).exists()


def test_section_logic_rule_via_view(client, policy_officer, survey):
    client.force_login(policy_officer)
    b1 = survey.questions.get(code="B1")
    second = survey.sections.get(position=1)
    url = reverse("surveys:section_rule_create", args=[survey.pk, second.pk])
    response = client.post(
        url, {"source_question": b1.pk, "operator": "is-niet-een-van", "options": [b1.options.get(code="nee").pk]}
    )
    assert response.status_code == 302
    assert LogicRule.objects.get().target_section == second


def test_reorder_buttons_work_without_js(client, policy_officer, survey):
    client.force_login(policy_officer)
    b2 = survey.questions.get(code="B2")
    response = client.post(reverse("surveys:question_action", args=[survey.pk, b2.pk, "move"]), {"direction": "up"})
    assert response.status_code == 302
    assert [q.code for q in Question.objects.filter(section=b2.section).order_by("position")] == ["B2", "B1"]
    response = client.post(reverse("surveys:question_action", args=[survey.pk, b2.pk, "move"]), {"direction": "up"})
    assert response.status_code == 400
    assert "kan niet verder die kant op" in response.content.decode()
    response = client.post(
        reverse("surveys:question_action", args=[survey.pk, b2.pk, "move"]), {"direction": "sideways"}
    )
    assert response.status_code == 400
    second = survey.sections.get(position=1)
    response = client.post(reverse("surveys:section_action", args=[survey.pk, second.pk, "move"]), {"direction": "up"})
    assert response.status_code == 302
    assert list(Section.objects.filter(survey=survey).order_by("position").values_list("pk", flat=True))[0] == second.pk


def test_copy_and_delete_through_the_views(client, policy_officer, survey):
    client.force_login(policy_officer)
    first = survey.sections.get(position=0)
    assert client.post(reverse("surveys:section_action", args=[survey.pk, first.pk, "copy"])).status_code == 302
    assert Section.objects.filter(survey=survey).count() == 3
    b2 = survey.questions.get(code="B2")
    assert client.get(reverse("surveys:question_delete", args=[survey.pk, b2.pk])).status_code == 200
    assert client.post(reverse("surveys:question_delete", args=[survey.pk, b2.pk])).status_code == 302
    assert not Question.objects.filter(pk=b2.pk).exists()


def test_locked_survey_says_so_and_refuses_structure_changes(client, policy_officer, survey):
    ResponseFactory(survey=survey)
    client.force_login(policy_officer)
    detail = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert 'role="note"' in detail
    assert "nieuwe kopie" in detail
    b1 = survey.questions.get(code="B1")
    edit_url = reverse("surveys:question_edit", args=[survey.pk, b1.pk])
    page = client.get(edit_url).content.decode()
    assert 'role="note"' in page
    # Structure change through the POST (disabled fields are ignored; the options text is checked).
    response = client.post(edit_url, _question_post(survey, code="B1", options_text="ja | Ja\nnee | Nee\nsoms | Soms"))
    assert response.status_code == 400
    assert b1.options.count() == 2
    # A typo fix in the labels and text goes through with a reason, and is kept as a revision (issue 15).
    fix = _question_post(survey, code="B1", text="Nieuwe tekst?", options_text="ja | Ja hoor\nnee | Nee")
    response = client.post(edit_url, fix)
    assert response.status_code == 400 and "Geef een reden" in response.content.decode()
    response = client.post(edit_url, {**fix, "change_reason": "Spelfout"})
    assert response.status_code == 302
    b1.refresh_from_db()
    assert b1.text == "Nieuwe tekst?" and b1.options.get(code="ja").label == "Ja hoor"
    assert QuestionRevision.objects.filter(question=b1, reason="Spelfout").count() == 2
    response = client.post(reverse("surveys:question_action", args=[survey.pk, b1.pk, "copy"]))
    assert response.status_code == 400
    assert client.get(reverse("surveys:question_create", args=[survey.pk])).status_code == 400


def test_status_open_and_close(client, policy_officer, survey):
    client.force_login(policy_officer)
    url = reverse("surveys:survey_status", args=[survey.pk])
    assert client.post(url, {"status": "concept"}).status_code == 400
    assert client.post(url, {"status": "open"}).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert client.post(url, {"status": "gesloten"}).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    response = client.post(url, {"status": "open"})
    assert response.status_code == 400
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_open_empty_survey_is_refused(client, policy_officer, gemeente):
    empty = SurveyFactory(gemeente=gemeente)
    client.force_login(policy_officer)
    response = client.post(reverse("surveys:survey_status", args=[empty.pk]), {"status": "open"})
    assert response.status_code == 400
    empty.refresh_from_db()
    assert empty.status == SurveyStatus.CONCEPT


def test_duplicate_via_view(client, policy_officer, survey):
    client.force_login(policy_officer)
    response = client.post(reverse("surveys:survey_duplicate", args=[survey.pk]))
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert response["Location"] == reverse("surveys:survey_detail", args=[copy.pk])
    assert len(survey_definition_export(survey=copy)["sections"]) == 2


def test_export_json_download_and_import_round_trip(client, policy_officer, survey, gemeente):
    client.force_login(policy_officer)
    response = client.get(reverse("surveys:survey_export_json", args=[survey.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    upload = SimpleUploadedFile("vragenlijst.json", response.content, content_type="application/json")
    response = client.post(reverse("surveys:survey_import"), {"gemeente": gemeente.pk, "file": upload})
    assert response.status_code == 302
    imported = Survey.objects.exclude(pk=survey.pk).get()
    assert survey_definition_export(survey=imported) == survey_definition_export(survey=survey)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "JSON"),
        (json.dumps({"schema": "iets/1"}).encode(), "schema"),
        (
            json.dumps(
                {
                    "schema": "participatie.survey/1",
                    "title": "X",
                    "sections": [
                        {
                            "title": "A",
                            "questions": [
                                {
                                    "code": "Q",
                                    "text": "?",
                                    "type": "een-keuze",
                                    "options": [{"code": "a", "label": "A"}, {"code": "a b", "label": "B"}],
                                }
                            ],
                        }
                    ],
                }
            ).encode(),
            "sections[0].questions[0].options[1].code",
        ),
    ],
)
def test_import_broken_file_is_400_and_creates_nothing(client, policy_officer, gemeente, content, message):
    client.force_login(policy_officer)
    upload = SimpleUploadedFile("kapot.json", content, content_type="application/json")
    response = client.post(reverse("surveys:survey_import"), {"gemeente": gemeente.pk, "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Survey.objects.exists()


def test_template_library_copy(client, policy_officer, gemeente, other_gemeente):
    client.force_login(policy_officer)
    page = client.get(reverse("surveys:template_library")).content.decode()
    assert "Ervaringenkaart cliëntondersteuning" in page
    url = reverse("surveys:template_copy", args=["ervaringenkaart"])
    assert client.post(url, {"gemeente": other_gemeente.pk}).status_code == 404
    assert (
        client.post(reverse("surveys:template_copy", args=["bestaat-niet"]), {"gemeente": gemeente.pk}).status_code
        == 404
    )
    response = client.post(url, {"gemeente": gemeente.pk})
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.gemeente == gemeente and survey.status == SurveyStatus.CONCEPT


def test_settings_update_allowed_when_locked(client, policy_officer, survey):
    ResponseFactory(survey=survey)
    client.force_login(policy_officer)
    url = reverse("surveys:survey_update", args=[survey.pk])
    data = {
        "title": "Verbeterde titel",
        "method_kind": "peilend",
        "target_group": "inwoners",
        "is_anonymous": "on",
        "retention_days": "365",
        "retention_mode": "alle-antwoorden",
    }
    assert client.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Verbeterde titel"


def test_services_called_by_views_keep_other_gemeente_untouched(client, policy_officer, foreign):
    client.force_login(policy_officer)
    before = survey_definition_export(survey=foreign["survey"])
    client.post(reverse("surveys:survey_duplicate", args=[foreign["survey"].pk]))
    client.post(reverse("surveys:survey_status", args=[foreign["survey"].pk]), {"status": "open"})
    assert survey_definition_export(survey=foreign["survey"]) == before
    assert Survey.objects.count() == 1
    services.survey_logic_check(survey=foreign["survey"])
