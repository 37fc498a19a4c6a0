"""Every URL pattern: its view declares who may use it, and another gemeente's object is a 404 for every role.

The object table (OBJECT_URLS) maps each URL name with path arguments to the kwargs of an object built
with the apps' factories; a new object URL without an entry fails ``test_every_object_url_is_in_the_table``.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.urls import path, reverse
from django.utils import timezone
from django.views import View

import pytest

from activities.tests.factories import (
    ActivityFactory,
    InsightFactory,
    InterviewFactory,
    JourneyFactory,
    StoryFactory,
    ThemeFactory,
)
from feedback.constants import SourceKind
from feedback.tests.factories import InbrengFactory
from panels.tests.factories import AdviesFactory, DocumentFactory, MeetingFactory, MemberFactory, OrgaanFactory
from participatie.checks import check_views_declare_permission, permission_problem, served_views
from participatie.constants import Role
from participatie.mixins import PUBLIC, RoleRequiredMixin, declared_permission, is_object_predicate
from participatie.tests.factories import GemeenteFactory, MembershipFactory, RegioFactory, UserFactory
from roadmap.constants import StepNumber
from roadmap.tests.factories import (
    ActionFactory,
    AttachmentFactory,
    MeedenkerFactory,
    StakeholderViewFactory,
    TrajectFactory,
)
from surveys.constants import AnswerExportFormat, AnswerExportStatus, ExportValueMode, ResponseStatus
from surveys.exports.services import private_export_path
from surveys.models import AnswerExport, EntryAssignment, PilotComment, SurveyPilot
from surveys.tests.factories import (
    InvitationCodeFactory,
    LogicRuleFactory,
    OpenSurveyFactory,
    RespondentGroupFactory,
    ResponseFactory,
    SectionFactory,
)

# The pages anyone may open without logging in. Making another page public is a decision: add it here.
PUBLIC_URLS = {
    "home",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "gemeente-public",
    "gemeente-look",
    "favicon",
    "health-live",
    "health-ready",
    "security-txt",
    "accessibility-statement",
    "privacy-statement",
    "retention-terms",
    "surveys:respond_start",
    "surveys:respond_section",
    "surveys:respond_summary",
    "surveys:respond_done",
    "surveys:respond_resume",
    "surveys:respond_resume_mail",
    "surveys:respond_resume_link",
    "surveys:summary_public",
    # The pilot round's pages: the pilot link is the secret; a pilot not open to the link checks the tester
    # itself (login, then 403 for another orgaan's member and 404 for another gemeente: test_fieldwork_pilot.py).
    "surveys:pilot_start",
    "surveys:pilot_section",
    "surveys:pilot_comment",
    "surveys:pilot_summary",
    "surveys:pilot_done",
    "surveys:fieldwork_code",
    "surveys:fieldwork_code_link",
}

# Non-public URLs whose path arguments name no object of a gemeente, with the reason.
NOT_OBJECT_URLS = {
    "surveys:template_copy": "the key of a template in the shared library; the gemeente is chosen in the form",
    "export-download": "the key of an export definition; another gemeente in the query is a 404 (test_exports.py)",
}


class World:
    """One of every object a URL can name, all of one gemeente, built with the apps' factories."""

    def __init__(self, gemeente):
        self.traject = TrajectFactory(gemeente=gemeente)
        step = {s.number: s for s in self.traject.steps.all()}
        self.step = step[StepNumber.REASON]
        self.checklist_item = self.step.checklist_items.first()
        self.action = ActionFactory(step=self.step)
        self.attachment = AttachmentFactory(step=self.step)
        self.stakeholder_view = StakeholderViewFactory(traject=self.traject)
        self.meedenker = MeedenkerFactory(traject=self.traject)
        self.rule = LogicRuleFactory(source_question__section__survey__gemeente=gemeente)
        self.question = self.rule.target_question
        self.section = self.question.section
        self.survey = self.section.survey
        self.response = ResponseFactory(survey=self.survey, status=ResponseStatus.COMPLETE, completed_at=timezone.now())
        self.answer_export = AnswerExport.objects.create(
            survey=self.survey,
            file_format=AnswerExportFormat.CSV,
            value_mode=ExportValueMode.CODES,
            status=AnswerExportStatus.DONE,
            file_name=f"walker-{self.survey.pk}.csv",
            download_name="antwoorden.csv",
        )
        self.respondent_group = RespondentGroupFactory(survey=self.survey)
        self.invitation_batch = InvitationCodeFactory(batch__survey=self.survey).batch
        path = private_export_path(self.answer_export.file_name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"nummer\n1\n")
        # Fieldwork: data entry and interviews need a survey that is not a draft.
        self.open_survey = OpenSurveyFactory(gemeente=gemeente)
        self.open_section = SectionFactory(survey=self.open_survey)
        self.entry_assignment = EntryAssignment.objects.create(survey=self.survey, user=UserFactory())
        self.pilot = SurveyPilot.objects.create(survey=self.survey)
        self.pilot_comment = PilotComment.objects.create(pilot=self.pilot, question=self.question, kind="unclear")
        self.orgaan = OrgaanFactory(gemeenten=[gemeente])
        self.member = MemberFactory(orgaan=self.orgaan)
        self.meeting = MeetingFactory(orgaan=self.orgaan)
        self.document = DocumentFactory(meeting=self.meeting)
        self.advies = AdviesFactory(
            aanvraag__orgaan=self.orgaan, document=ContentFile(b"%PDF-1.4 advies", name="advies.pdf")
        )
        self.inbreng = InbrengFactory(gemeente=gemeente, source_kind=SourceKind.SIGNAL, signal_channel="balie")
        self.activity = ActivityFactory(gemeente=gemeente)
        self.journey = JourneyFactory(gemeente=gemeente, activity=self.activity)
        self.interview = InterviewFactory(journey=self.journey)
        self.story = StoryFactory(activity=self.activity)
        self.theme = ThemeFactory(gemeente=gemeente)
        self.insight = InsightFactory(gemeente=gemeente)
        self.gemeente = gemeente


def _step(world, number=StepNumber.REASON):
    return {"pk": world.traject.pk, "number": number}


# URL name -> the kwargs naming an object of the world's gemeente.
OBJECT_URLS = {
    # roadmap
    "roadmap:traject-detail": lambda w: {"pk": w.traject.pk},
    "roadmap:traject-update": lambda w: {"pk": w.traject.pk},
    "roadmap:traject-export": lambda w: {"pk": w.traject.pk},
    "roadmap:step-detail": _step,
    "roadmap:step-update": _step,
    "roadmap:checklist-add": _step,
    "roadmap:checklist-state": lambda w: {**_step(w), "item": w.checklist_item.pk},
    "roadmap:checklist-remove": lambda w: {**_step(w), "item": w.checklist_item.pk},
    "roadmap:action-add": _step,
    "roadmap:action-done": lambda w: {**_step(w), "action": w.action.pk},
    "roadmap:action-remove": lambda w: {**_step(w), "action": w.action.pk},
    "roadmap:attachment-add": _step,
    "roadmap:attachment-download": lambda w: {**_step(w), "attachment": w.attachment.pk},
    "roadmap:attachment-remove": lambda w: {**_step(w), "attachment": w.attachment.pk},
    "roadmap:view-add": _step,
    "roadmap:view-remove": lambda w: {**_step(w), "view": w.stakeholder_view.pk},
    "roadmap:meedenker-add": lambda w: _step(w, StepNumber.PARTICIPANTS),
    "roadmap:meedenker-remove": lambda w: {**_step(w, StepNumber.PARTICIPANTS), "meedenker": w.meedenker.pk},
    "roadmap:decision-add": lambda w: _step(w, StepNumber.DECISIONS),
    "roadmap:model-update": lambda w: _step(w, StepNumber.MODEL),
    # surveys: the builder and the preview
    "surveys:survey_detail": lambda w: {"pk": w.survey.pk},
    "surveys:survey_update": lambda w: {"pk": w.survey.pk},
    "surveys:survey_status": lambda w: {"pk": w.survey.pk},
    "surveys:survey_duplicate": lambda w: {"pk": w.survey.pk},
    "surveys:survey_delete": lambda w: {"pk": w.survey.pk},
    "surveys:survey_export_json": lambda w: {"pk": w.survey.pk},
    "surveys:section_create": lambda w: {"pk": w.survey.pk},
    "surveys:section_edit": lambda w: {"pk": w.survey.pk, "section_id": w.section.pk},
    "surveys:section_delete": lambda w: {"pk": w.survey.pk, "section_id": w.section.pk},
    "surveys:section_rule_create": lambda w: {"pk": w.survey.pk, "section_id": w.section.pk},
    "surveys:section_action": lambda w: {"pk": w.survey.pk, "section_id": w.section.pk, "action": "move"},
    "surveys:question_create": lambda w: {"pk": w.survey.pk},
    "surveys:question_edit": lambda w: {"pk": w.survey.pk, "question_id": w.question.pk},
    "surveys:question_delete": lambda w: {"pk": w.survey.pk, "question_id": w.question.pk},
    "surveys:question_rule_create": lambda w: {"pk": w.survey.pk, "question_id": w.question.pk},
    "surveys:question_action": lambda w: {"pk": w.survey.pk, "question_id": w.question.pk, "action": "move"},
    "surveys:rule_delete": lambda w: {"pk": w.survey.pk, "rule_id": w.rule.pk},
    "surveys:preview_start": lambda w: {"pk": w.survey.pk},
    "surveys:preview_section": lambda w: {"pk": w.survey.pk, "section_id": w.section.pk},
    "surveys:preview_summary": lambda w: {"pk": w.survey.pk},
    "surveys:preview_done": lambda w: {"pk": w.survey.pk},
    # surveys: results
    "surveys:results": lambda w: {"pk": w.survey.pk},
    "surveys:results_texts": lambda w: {"pk": w.survey.pk, "question_id": w.question.pk},
    "surveys:results_responses": lambda w: {"pk": w.survey.pk},
    "surveys:results_response": lambda w: {"pk": w.survey.pk, "response_id": w.response.pk},
    "surveys:results_response_clean": lambda w: {
        "pk": w.survey.pk,
        "response_id": w.response.pk,
        "action": "terugzetten",
    },
    "surveys:summary_edit": lambda w: {"pk": w.survey.pk},
    "surveys:results_tables_export": lambda w: {"pk": w.survey.pk},
    "surveys:answer_export": lambda w: {"pk": w.survey.pk},
    "surveys:answer_export_status": lambda w: {"pk": w.survey.pk, "export_id": w.answer_export.pk},
    "surveys:answer_export_file": lambda w: {"pk": w.survey.pk, "export_id": w.answer_export.pk},
    # surveys: fieldwork (data entry, paper version, street interviews)
    "surveys:fieldwork_entry": lambda w: {"pk": w.open_survey.pk},
    "surveys:fieldwork_paper": lambda w: {"pk": w.survey.pk},
    "surveys:fieldwork_access": lambda w: {"pk": w.survey.pk},
    "surveys:fieldwork_access_revoke": lambda w: {"pk": w.survey.pk, "assignment_id": w.entry_assignment.pk},
    "surveys:interview_new": lambda w: {"pk": w.open_survey.pk},
    "surveys:interview_start": lambda w: {"pk": w.open_survey.pk},
    "surveys:interview_section": lambda w: {"pk": w.open_survey.pk, "section_id": w.open_section.pk},
    "surveys:interview_summary": lambda w: {"pk": w.open_survey.pk},
    "surveys:interview_done": lambda w: {"pk": w.open_survey.pk},
    # surveys: fieldwork (pilot round, translations)
    "surveys:pilot_manage": lambda w: {"pk": w.survey.pk},
    "surveys:pilot_comment_handle": lambda w: {"pk": w.survey.pk, "comment_id": w.pilot_comment.pk},
    "surveys:translation_list": lambda w: {"pk": w.survey.pk},
    "surveys:translation_edit": lambda w: {"pk": w.survey.pk, "language": "fy"},
    # surveys: fieldwork
    "surveys:fieldwork": lambda w: {"pk": w.survey.pk},
    "surveys:fieldwork_batch_create": lambda w: {"pk": w.survey.pk},
    "surveys:fieldwork_sample": lambda w: {"pk": w.survey.pk},
    "surveys:fieldwork_batch_codes": lambda w: {"pk": w.survey.pk, "batch_id": w.invitation_batch.pk},
    "surveys:fieldwork_batch_reminders": lambda w: {"pk": w.survey.pk, "batch_id": w.invitation_batch.pk},
    "surveys:fieldwork_batch_letters": lambda w: {"pk": w.survey.pk, "batch_id": w.invitation_batch.pk},
    "surveys:fieldwork_group_create": lambda w: {"pk": w.survey.pk},
    "surveys:fieldwork_group_update": lambda w: {"pk": w.survey.pk, "group_id": w.respondent_group.pk},
    "surveys:fieldwork_group_question": lambda w: {"pk": w.survey.pk},
    "surveys:fieldwork_group_routing": lambda w: {"pk": w.survey.pk},
    # panels
    "panels:orgaan-detail": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:orgaan-update": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:orgaan-composition": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:member-create": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:member-update": lambda w: {"orgaan_pk": w.orgaan.pk, "pk": w.member.pk},
    "panels:member-reappoint": lambda w: {"orgaan_pk": w.orgaan.pk, "pk": w.member.pk},
    "panels:member-import": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:member-export": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:meeting-create": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:aanvraag-create": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:advies-unsolicited": lambda w: {"orgaan_pk": w.orgaan.pk},
    "panels:meeting-detail": lambda w: {"pk": w.meeting.pk},
    "panels:meeting-update": lambda w: {"pk": w.meeting.pk},
    "panels:meeting-attendance": lambda w: {"pk": w.meeting.pk},
    "panels:meeting-ics": lambda w: {"pk": w.meeting.pk},
    "panels:meeting-document": lambda w: {"pk": w.meeting.pk},
    "panels:document-download": lambda w: {"pk": w.document.pk},
    "panels:advies-detail": lambda w: {"pk": w.advies.pk},
    "panels:advies-draft": lambda w: {"pk": w.advies.pk},
    "panels:advies-send": lambda w: {"pk": w.advies.pk},
    "panels:advies-withdraw": lambda w: {"pk": w.advies.pk},
    "panels:reactie-create": lambda w: {"pk": w.advies.pk},
    "panels:advies-close": lambda w: {"pk": w.advies.pk},
    "panels:advies-document": lambda w: {"pk": w.advies.pk},
    "panels:advies-file": lambda w: {"pk": w.advies.pk, "which": "advies"},
    # feedback
    "feedback:inbreng-detail": lambda w: {"pk": w.inbreng.pk},
    "feedback:inbreng-update": lambda w: {"pk": w.inbreng.pk},
    "feedback:terugkoppeling-create": lambda w: {"pk": w.inbreng.pk},
    "feedback:namedperson-create": lambda w: {"pk": w.inbreng.pk},
    "feedback:signal-convert": lambda w: {"pk": w.inbreng.pk},
    # activities
    "activities:activity-detail": lambda w: {"pk": w.activity.pk},
    "activities:activity-update": lambda w: {"pk": w.activity.pk},
    "activities:reach-update": lambda w: {"pk": w.activity.pk},
    "activities:inbreng-create": lambda w: {"pk": w.activity.pk},
    "activities:story-create": lambda w: {"pk": w.activity.pk},
    "activities:journey-create": lambda w: {"pk": w.activity.pk},
    "activities:population-update": lambda w: {"slug": w.gemeente.slug},
    "activities:respondent-groups": lambda w: {"pk": w.survey.pk},
    "activities:journey-map": lambda w: {"pk": w.journey.pk},
    "activities:journey-design": lambda w: {"pk": w.journey.pk},
    "activities:interview-create": lambda w: {"pk": w.journey.pk},
    "activities:quote-create": lambda w: {"pk": w.journey.pk, "interview_pk": w.interview.pk},
    "activities:story-detail": lambda w: {"pk": w.story.pk},
    "activities:story-update": lambda w: {"pk": w.story.pk},
    "activities:theme-update": lambda w: {"pk": w.theme.pk},
    "activities:theme-delete": lambda w: {"pk": w.theme.pk},
    "activities:insight-detail": lambda w: {"pk": w.insight.pk},
    "activities:insight-action": lambda w: {"pk": w.insight.pk},
    "activities:insight-aanvraag": lambda w: {"pk": w.insight.pk},
}


def _non_public_with_arguments():
    return {
        served.name
        for served in served_views()
        if served.converters
        and served.view_class is not None
        and declared_permission(served.view_class) is not PUBLIC
        and served.namespace.split(":")[0] != "admin"
    }


# Declarations -----------------------------------------------------------------------------


def test_every_url_pattern_declares_its_permission():
    served = served_views()
    assert len(served) > 80  # the walker followed every include
    problems = {view.name: permission_problem(view) for view in served}
    assert {name: problem for name, problem in problems.items() if problem} == {}
    assert check_views_declare_permission() == []


def test_object_predicates_are_only_declared_by_views_that_give_an_object():
    for served in served_views():
        view_class = served.view_class
        if view_class is None or not issubclass(view_class, RoleRequiredMixin):
            continue
        permission = declared_permission(view_class)
        if permission is PUBLIC or not is_object_predicate(permission):
            continue
        gives_object = view_class.get_permission_object is not RoleRequiredMixin.get_permission_object
        assert gives_object, f"{served.name}: an object predicate on a view without get_permission_object()"


def test_the_public_pages_are_exactly_the_listed_ones():
    public = {
        served.name
        for served in served_views()
        if served.view_class is not None and declared_permission(served.view_class) is PUBLIC
    }
    assert public == PUBLIC_URLS


def test_every_object_url_is_in_the_table():
    assert _non_public_with_arguments() - set(NOT_OBJECT_URLS) == set(OBJECT_URLS)


def test_a_view_that_declares_nothing_is_refused_at_dispatch(rf, staff_user):
    class Undeclared(RoleRequiredMixin, View):
        def get(self, request):
            raise AssertionError("served without a permission")

    request = rf.get("/")
    request.user = staff_user
    with pytest.raises(ImproperlyConfigured):
        Undeclared.as_view()(request)


def test_an_inherited_permission_does_not_count(rf, staff_user):
    """The cause of the meeting-edit bypass: a view took its check from whatever came first in the MRO."""

    class Base(RoleRequiredMixin, View):
        permission = PUBLIC

    class Child(Base):
        pass

    request = rf.get("/")
    request.user = staff_user
    with pytest.raises(ImproperlyConfigured):
        Child.as_view()(request)


def test_a_mixin_cannot_switch_the_check_off():
    with pytest.raises(ImproperlyConfigured):

        class Shadowing(RoleRequiredMixin):
            permission = None


def test_the_system_check_names_an_undeclared_view():
    class Undeclared(RoleRequiredMixin, View):
        pass

    class Plain(View):
        pass

    class Urls:
        urlpatterns = [path("a/", Undeclared.as_view(), name="a"), path("b/", Plain.as_view(), name="b")]

    from django.urls.resolvers import RegexPattern, URLResolver

    resolver = URLResolver(RegexPattern(r"^/"), Urls)
    problems = {view.name: permission_problem(view) for view in served_views(resolver)}
    assert "declares no permission" in problems["a"]
    assert "does not use" in problems["b"]


# Another gemeente's objects ---------------------------------------------------------------


@pytest.fixture
def worlds(db, gemeente, other_gemeente, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PRIVATE_EXPORT_ROOT = str(tmp_path / "private")
    return {"own": World(gemeente), "other": World(other_gemeente)}


@pytest.fixture
def regional_coordinator(gemeente):
    """A coordinator of a regio that holds ``gemeente`` and a third gemeente, not ``other_gemeente``."""
    regio = RegioFactory()
    regio.gemeenten.set([gemeente, GemeenteFactory()])
    user = UserFactory()
    MembershipFactory(user=user, gemeente=None, regio=regio, role=Role.COORDINATOR)
    return user


def _url(name, world):
    return reverse(name, kwargs=OBJECT_URLS[name](world))


@pytest.mark.parametrize("role", ["policy_officer", "coordinator", "council_member", "regional_coordinator"])
def test_another_gemeentes_object_is_a_404_for_every_role(client, worlds, role, request):
    user = request.getfixturevalue(role)
    if role == "council_member":
        MemberFactory(orgaan=worlds["own"].orgaan, user=user)  # sits on its own gemeente's council
    client.force_login(user)
    wrong = {}
    for name in sorted(OBJECT_URLS):
        url = _url(name, worlds["other"])
        for method in (client.get, client.post):
            status = method(url).status_code
            if status != 404:
                wrong[f"{method.__name__.upper()} {name}"] = status
    assert wrong == {}


def test_every_table_entry_names_a_real_object(client, worlds, staff_user):
    """The 404s above come from scoping, not from a table entry that names nothing: staff see every object."""
    client.force_login(staff_user)
    missing = [name for name in sorted(OBJECT_URLS) if client.get(_url(name, worlds["own"])).status_code == 404]
    assert missing == []


def test_the_world_is_of_one_gemeente(worlds, gemeente):
    world = worlds["own"]
    owners = {world.traject.gemeente, world.survey.gemeente, world.inbreng.gemeente, world.advies.gemeente}
    assert owners == {gemeente} and list(world.orgaan.gemeenten.all()) == [gemeente]
