"""The reach overview, computed by hand on a small data set across activities, surveys and panels."""

import datetime

from django.utils import timezone

import pytest

from activities.selectors import reach_overview, reach_overviews
from activities.tests.factories import ActivityFactory, PopulationFigureFactory, ReachFactory
from panels.tests.factories import MemberFactory, OrgaanFactory
from participatie.tests.factories import GemeenteFactory, RegioFactory
from surveys.constants import MethodKind, ResponseStatus
from surveys.tests.factories import OpenSurveyFactory, ResponseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY - datetime.timedelta(days=60), TODAY


def _csv_sheets(response) -> dict[str, str]:
    """The CSV files of a zipped multi-sheet export, by name."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def _complete(survey, n, *, days_ago=10):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    for _ in range(n):
        ResponseFactory(survey=survey, status=ResponseStatus.COMPLETE, completed_at=at)


@pytest.fixture
def data(gemeente, other_gemeente):
    regio = RegioFactory()
    regio.gemeenten.add(gemeente, GemeenteFactory())
    a1 = ActivityFactory(gemeente=gemeente, kind="verdiepend", starts_on=TODAY - datetime.timedelta(days=20))
    ReachFactory(activity=a1, target_group="ouderen", planned=10, reached=8)
    ReachFactory(activity=a1, target_group="jongeren", planned=6, reached=0)
    a2 = ActivityFactory(
        gemeente=None, regio=regio, kind="structureel", method="dialoogtafel", starts_on=TODAY - datetime.timedelta(5)
    )
    ReachFactory(activity=a2, target_group="ouderen", planned=None, reached=4)
    ReachFactory(activity=a2, target_group="mantelzorgers", planned=None, reached=6)
    old = ActivityFactory(gemeente=gemeente, starts_on=TODAY - datetime.timedelta(days=400))
    ReachFactory(activity=old, target_group="ouderen", reached=100)
    elsewhere = ActivityFactory(gemeente=other_gemeente, starts_on=TODAY - datetime.timedelta(days=3))
    ReachFactory(activity=elsewhere, target_group="ouderen", reached=50)

    survey = OpenSurveyFactory(gemeente=gemeente, target_group="mantelzorgers", method_kind=MethodKind.POLLING)
    _complete(survey, 7)
    _complete(survey, 1, days_ago=200)  # before the period
    ResponseFactory(survey=survey)  # still in progress: not counted
    _complete(OpenSurveyFactory(gemeente=other_gemeente, target_group="mantelzorgers"), 9)

    orgaan = OrgaanFactory(gemeenten=[gemeente])
    for _ in range(3):
        MemberFactory(orgaan=orgaan, target_groups=["ouderen"])
    MemberFactory(orgaan=orgaan, target_groups=["ouderen", "lvb"])
    MemberFactory(orgaan=orgaan, target_groups=["jongeren"], term_end=TODAY - datetime.timedelta(days=1))
    return {"regio": regio}


def test_reach_overview_by_hand(gemeente, data):
    overview = reach_overview(gemeente=gemeente, start=START, end=END)
    lines = {line.target_group: line for line in overview.lines}

    ouderen = lines["ouderen"]
    assert (ouderen.via_activities, ouderen.respondents, ouderen.members, ouderen.total) == (12, 0, 4, 16)
    assert ouderen.occasions == 3  # two activities and one council
    assert ouderen.kinds == {"verdiepend", "structureel"}
    assert ouderen.planned == 10

    mantelzorgers = lines["mantelzorgers"]
    assert (mantelzorgers.via_activities, mantelzorgers.respondents, mantelzorgers.members) == (6, 7, 0)
    assert mantelzorgers.occasions == 2 and mantelzorgers.kinds == {"structureel", "peilend"}

    jongeren = lines["jongeren"]
    assert jongeren.total == 0 and jongeren.planned == 6
    not_reached = [line.target_group for line in overview.not_reached]
    assert "jongeren" in not_reached and "ouderen" not in not_reached and "inwoners" not in not_reached
    assert [line.target_group for line in overview.planned_not_reached] == ["jongeren"]

    assert overview.activity_count == 2  # the old one and the other gemeente's are left out
    assert overview.organen == 1
    assert [(s.title, s.respondents) for s in overview.survey_lines] == [(overview.survey_lines[0].title, 7)]


def test_small_counts_are_hidden_with_a_second_cell(gemeente, data):
    lines = {line.target_group: line for line in reach_overview(gemeente=gemeente, start=START, end=END).lines}
    lvb = lines["lvb"]  # one council member: too few to show
    assert lvb.total == 1 and lvb.shown_total is None
    assert lvb.shown.count(None) >= 2  # the row total is on the page, so a second cell goes too
    # ouderen: 4 council members are too few; 12 goes too, or 16 - 0 - 12 would give the 4 away
    assert lines["ouderen"].shown == [None, 0, None] and lines["ouderen"].shown_total == 16
    # mantelzorgers: 6, 7 and 0 are all shown (0 singles nobody out)
    assert lines["mantelzorgers"].shown == [6, 7, 0]


def test_representation_score_by_hand(gemeente, data):
    PopulationFigureFactory(gemeente=gemeente, target_group="ouderen", count=1600)
    PopulationFigureFactory(gemeente=gemeente, target_group="mantelzorgers", count=650)
    overview = reach_overview(gemeente=gemeente, start=START, end=END)
    lines = {line.target_group: line for line in overview.lines}
    # rates: ouderen 16 / 1600 = 0.01, mantelzorgers 13 / 650 = 0.02
    assert overview.score == pytest.approx(0.5)
    assert overview.lowest.target_group == "ouderen" and overview.highest.target_group == "mantelzorgers"
    assert lines["ouderen"].share_participants == pytest.approx(16 / 29)
    assert lines["ouderen"].share_population == pytest.approx(1600 / 2250)
    assert lines["ouderen"].under_represented and not lines["mantelzorgers"].under_represented


def test_no_score_where_a_group_is_under_the_small_cell_threshold(gemeente, data):
    PopulationFigureFactory(gemeente=gemeente, target_group="ouderen", count=1600)
    PopulationFigureFactory(gemeente=gemeente, target_group="mantelzorgers", count=650)
    PopulationFigureFactory(gemeente=gemeente, target_group="lvb", count=100)  # only 1 participant
    overview = reach_overview(gemeente=gemeente, start=START, end=END)
    assert overview.score is None and overview.score_reason == "small-cells"
    assert all(line.share_participants is None for line in overview.lines)


def test_threshold_comes_from_the_gemeente(gemeente, data):
    gemeente.small_cell_threshold = 10
    gemeente.save()
    lines = {line.target_group: line for line in reach_overview(gemeente=gemeente, start=START, end=END).lines}
    assert lines["mantelzorgers"].shown_total == 13
    assert lines["mantelzorgers"].shown.count(None) >= 2  # 6 and 7 are now too few


def test_regional_activity_counts_for_every_gemeente_of_the_regio(gemeente, data):
    neighbour = data["regio"].gemeenten.exclude(pk=gemeente.pk).get()
    overviews = reach_overviews(gemeenten=[gemeente, neighbour], start=START, end=END)
    neighbour_lines = {line.target_group: line for line in overviews[neighbour.pk].lines}
    assert neighbour_lines["mantelzorgers"].via_activities == 6
    assert neighbour_lines["ouderen"].via_activities == 4
    assert overviews[neighbour.pk].activity_count == 1


def test_reach_overview_page_and_export(client, coordinator, gemeente, data):
    client.force_login(coordinator)
    url = f"/activiteiten/bereik/?gemeente={gemeente.slug}&start={START:%Y-%m-%d}&end={END:%Y-%m-%d}"
    page = client.get(url).content.decode()
    assert "Jongeren" in page and "Niet bereikt" in page
    assert "te weinig" in page
    response = client.get(url + "&format=csv")
    assert response.status_code == 200
    body = _csv_sheets(response)["Bereik.csv"]
    assert "Ouderen;" in body and ";16;" in body


def test_coordinator_overview_and_export(client, gemeente, other_gemeente, data):
    from participatie.constants import Role
    from participatie.tests.factories import MembershipFactory, UserFactory

    user = UserFactory()
    MembershipFactory(user=user, gemeente=gemeente, role=Role.COORDINATOR)
    MembershipFactory(user=user, gemeente=other_gemeente, role=Role.COORDINATOR)
    client.force_login(user)
    page = client.get("/activiteiten/bereik/alle-gemeenten/").content.decode()
    assert gemeente.name in page and other_gemeente.name in page
    response = client.get(f"/activiteiten/bereik/alle-gemeenten/?start={START:%Y-%m-%d}&end={END:%Y-%m-%d}&format=csv")
    body = _csv_sheets(response)["Bereik.csv"]
    assert response.status_code == 200 and gemeente.name in body and other_gemeente.name in body


def test_bad_period_is_a_dutch_400(client, coordinator, gemeente):
    client.force_login(coordinator)
    response = client.get(f"/activiteiten/bereik/?gemeente={gemeente.slug}&start=2026-05-01&end=2026-01-01")
    assert response.status_code == 400
    assert "De einddatum kan niet voor de begindatum liggen." in response.content.decode()
    assert client.get(f"/activiteiten/bereik/?gemeente={gemeente.slug}&start=gisteren").status_code == 400


def test_survey_respondents_count_per_respondent_group(client, policy_officer, gemeente):
    from activities import services
    from surveys.models import RespondentGroup

    survey = OpenSurveyFactory(gemeente=gemeente, target_group="inwoners")
    youth = RespondentGroup.objects.create(survey=survey, name="Jongerenwerk", position=1)
    desk = RespondentGroup.objects.create(survey=survey, name="Balie", position=2)
    at = timezone.now() - datetime.timedelta(days=3)
    for _ in range(6):
        ResponseFactory(survey=survey, respondent_group=youth, status=ResponseStatus.COMPLETE, completed_at=at)
    for _ in range(2):  # pilot responses never count
        ResponseFactory(
            survey=survey, respondent_group=youth, status=ResponseStatus.COMPLETE, completed_at=at, is_pilot=True
        )
    for _ in range(8):
        ResponseFactory(survey=survey, respondent_group=desk, status=ResponseStatus.COMPLETE, completed_at=at)
    for _ in range(3):
        ResponseFactory(survey=survey, status=ResponseStatus.COMPLETE, completed_at=at)

    before = {line.target_group: line for line in reach_overview(gemeente=gemeente, start=START, end=END).lines}
    assert before["inwoners"].respondents == 17 and before["jongeren"].respondents == 0

    client.force_login(policy_officer)
    url = f"/activiteiten/vragenlijsten/{survey.pk}/groepen/"
    assert client.post(url, {f"group_{youth.pk}": "jongeren", f"group_{desk.pk}": ""}).status_code == 302
    overview = reach_overview(gemeente=gemeente, start=START, end=END)
    lines = {line.target_group: line for line in overview.lines}
    assert lines["jongeren"].respondents == 6 and lines["inwoners"].respondents == 11
    by_group = {line.group: line.respondents for line in overview.survey_lines}
    assert by_group == {"": 3, "Balie": 8, "Jongerenwerk": 6}
    hidden = {line.group: line.shown for line in overview.survey_lines}
    assert hidden[""] is None  # 3 is too few; a second group goes with it, since the survey's total shows
    assert list(hidden.values()).count(None) == 2

    services.respondent_group_links_save(survey=survey, mapping={youth.pk: ""})
    assert reach_overview(gemeente=gemeente, start=START, end=END).lines[0] is not None
    assert {
        line.group: line.target_group for line in reach_overview(gemeente=gemeente, start=START, end=END).survey_lines
    }["Jongerenwerk"] == "inwoners"


def test_respondent_groups_of_another_gemeentes_survey_are_404(client, policy_officer, other_gemeente):
    survey = OpenSurveyFactory(gemeente=other_gemeente)
    client.force_login(policy_officer)
    assert client.get(f"/activiteiten/vragenlijsten/{survey.pk}/groepen/").status_code == 404


def test_a_respondent_group_mapped_to_an_unknown_target_group_is_a_dutch_form_error(client, policy_officer, gemeente):
    from surveys.models import RespondentGroup

    survey = OpenSurveyFactory(gemeente=gemeente)
    group = RespondentGroup.objects.create(survey=survey, name="Balie")
    client.force_login(policy_officer)
    response = client.post(f"/activiteiten/vragenlijsten/{survey.pk}/groepen/", {f"group_{group.pk}": "marsmannetjes"})
    assert response.status_code == 400
    assert "Kies alleen uit de opties die er staan." in response.content.decode()
