import datetime
import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import openpyxl
import pytest

from participatie.constants import Law, Role
from participatie.tests.factories import GemeenteFactory, MembershipFactory, RegioFactory, UserFactory
from roadmap import services
from roadmap.constants import ChecklistState, StepStatus
from roadmap.models import Action, Attachment, HistoryEntry, Meedenker, Step, Traject

from .factories import ActionFactory, DecisionFactory, MeedenkerFactory, TrajectFactory

pytestmark = pytest.mark.django_db


def step_url(traject, number, name="step-detail", *args):
    return reverse(f"roadmap:{name}", args=[traject.pk, number, *args])


@pytest.fixture
def traject(gemeente):
    return TrajectFactory(gemeente=gemeente, title="Middelburg vernieuwt")


@pytest.fixture
def other_traject(other_gemeente):
    return TrajectFactory(gemeente=other_gemeente, title="Pekela vernieuwt")


def _get_urls(t):
    return [
        reverse("roadmap:traject-detail", args=[t.pk]),
        reverse("roadmap:traject-update", args=[t.pk]),
        reverse("roadmap:traject-export", args=[t.pk]),
        *[step_url(t, n) for n in range(1, 7)],
    ]


# Isolation ------------------------------------------------------------------------------


def test_another_gemeentes_traject_is_a_404_everywhere(client, policy_officer, traject, other_traject):
    client.force_login(policy_officer)
    for url in _get_urls(other_traject):
        assert client.get(url).status_code == 404, url
    step = other_traject.steps.get(number=1)
    item = step.checklist_items.first()
    action = ActionFactory(step=step)
    posts = [
        (step_url(other_traject, 1, "step-update"), {"status": StepStatus.DONE}),
        (step_url(other_traject, 1, "checklist-add"), {"text": "x"}),
        (step_url(other_traject, 1, "checklist-state", item.pk), {"state": ChecklistState.DONE}),
        (step_url(other_traject, 1, "action-done", action.pk), {"done": "1"}),
        (step_url(other_traject, 1, "action-remove", action.pk), {}),
        (step_url(other_traject, 1, "view-add"), {"group": "college", "view": "x", "recorded_on": "2026-01-01"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    item.refresh_from_db()
    assert item.state == ChecklistState.OPEN
    assert Action.objects.filter(pk=action.pk, is_done=False).exists()
    listing = client.get(reverse("roadmap:traject-list")).content.decode()
    assert "Middelburg vernieuwt" in listing and "Pekela vernieuwt" not in listing


def test_a_tampered_id_of_another_traject_in_my_own_url_is_a_404(client, policy_officer, traject, other_traject):
    client.force_login(policy_officer)
    foreign_item = other_traject.steps.get(number=1).checklist_items.first()
    foreign_action = ActionFactory(step=other_traject.steps.get(number=1))
    foreign_meedenker = MeedenkerFactory(traject=other_traject)
    assert client.post(step_url(traject, 1, "checklist-state", foreign_item.pk), {"state": "gedaan"}).status_code == 404
    assert client.post(step_url(traject, 1, "checklist-remove", foreign_item.pk)).status_code == 404
    assert client.post(step_url(traject, 1, "action-done", foreign_action.pk), {"done": "1"}).status_code == 404
    assert client.post(step_url(traject, 2, "meedenker-remove", foreign_meedenker.pk)).status_code == 404
    # An item of my own traject but of another step is not found through this step either.
    item_of_step_2 = traject.steps.get(number=2).checklist_items.first()
    assert (
        client.post(step_url(traject, 1, "checklist-state", item_of_step_2.pk), {"state": "gedaan"}).status_code == 404
    )
    foreign_item.refresh_from_db()
    assert foreign_item.state == ChecklistState.OPEN
    assert Meedenker.objects.filter(pk=foreign_meedenker.pk).exists()


def test_an_owner_from_another_gemeente_is_refused_with_a_dutch_message(
    client, policy_officer, other_policy_officer, traject
):
    client.force_login(policy_officer)
    response = client.post(
        step_url(traject, 1, "action-add"),
        {"description": "Raad spreken", "owner": other_policy_officer.pk, "due_date": "2026-06-01"},
    )
    assert response.status_code == 400
    assert "Kies een ambtenaar die in deze gemeente werkt." in response.content.decode()
    assert not Action.objects.exists()
    response = client.post(step_url(traject, 1, "step-update"), {"status": "bezig", "owner": other_policy_officer.pk})
    assert response.status_code == 400
    assert Step.objects.get(traject=traject, number=1).status == StepStatus.NOT_STARTED


def test_monitor_shows_only_the_coordinators_gemeenten(client, coordinator, traject, other_traject):
    client.force_login(coordinator)
    page = client.get(reverse("roadmap:monitor")).content.decode()
    assert "Middelburg vernieuwt" in page and "Pekela vernieuwt" not in page
    assert all(f'href="{step_url(traject, n)}"' in page for n in range(1, 7))
    assert "Aandachtspunten 0 van 6" in page and "Niet gestart" in page
    # Filtering on another gemeente is refused, not answered.
    response = client.get(reverse("roadmap:monitor"), {"gemeente": other_traject.gemeente.pk})
    assert response.status_code == 400 and "Pekela vernieuwt" not in response.content.decode()


def test_a_regional_coordinator_sees_every_gemeente_of_the_regio(client, gemeente, other_gemeente):
    third = GemeenteFactory(name="Veere")
    regio = RegioFactory()
    regio.gemeenten.add(gemeente, third)
    user = UserFactory()
    MembershipFactory(user=user, gemeente=None, regio=regio, role=Role.COORDINATOR)
    for g, title in ((gemeente, "Traject M"), (third, "Traject V"), (other_gemeente, "Traject P")):
        TrajectFactory(gemeente=g, title=title)
    client.force_login(user)
    page = client.get(reverse("roadmap:monitor")).content.decode()
    assert "Traject M" in page and "Traject V" in page and "Traject P" not in page


# Who may edit ---------------------------------------------------------------------------


def test_council_members_and_coordinators_cannot_edit(client, council_member, coordinator, traject):
    client.force_login(council_member)
    assert client.get(reverse("roadmap:traject-list")).status_code == 403
    assert client.get(step_url(traject, 1)).status_code == 403
    assert client.post(step_url(traject, 1, "step-update"), {"status": "bezig"}).status_code == 403
    client.force_login(coordinator)
    page = client.get(step_url(traject, 1))
    assert page.status_code == 200 and 'id="step-form"' not in page.content.decode()
    assert client.post(step_url(traject, 1, "step-update"), {"status": "bezig"}).status_code == 403
    assert client.post(step_url(traject, 1, "checklist-add"), {"text": "x"}).status_code == 403
    assert client.get(reverse("roadmap:traject-create")).status_code == 403
    assert Step.objects.get(traject=traject, number=1).status == StepStatus.NOT_STARTED


def test_anonymous_users_go_to_the_login_page(client, traject):
    response = client.get(step_url(traject, 1))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Forms ----------------------------------------------------------------------------------


def test_an_officer_starts_a_traject(client, policy_officer, gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("roadmap:traject-create"),
        {
            "gemeente": gemeente.pk,
            "title": "Nieuw",
            "reasons": ["wettelijke-plicht", "draagvlak"],
            "start_date": "2026-02-01",
            "responsible": policy_officer.pk,
            "laws": [Law.WMO],
            "level": "wijk",
        },
    )
    traject = Traject.objects.get(title="Nieuw")
    assert response.status_code == 302 and response["Location"] == reverse("roadmap:traject-detail", args=[traject.pk])
    assert traject.steps.count() == 6 and traject.responsible == policy_officer and traject.laws == ["wmo"]


def test_starting_in_another_gemeente_or_with_bad_input_is_refused(client, policy_officer, other_gemeente):
    client.force_login(policy_officer)
    response = client.post(
        reverse("roadmap:traject-create"),
        {
            "gemeente": other_gemeente.pk,
            "title": "",
            "reasons": ["anders"],
            "start_date": "31-31-2026",
            "laws": ["wmo"],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "U kunt in deze gemeente geen traject starten." in page
    assert "Geef het traject een titel." in page
    assert "Beschrijf de andere reden." in page
    assert "data-error-summary" in page
    assert not Traject.objects.exists()


def test_step_dates_out_of_order_give_a_message_and_save_nothing(client, policy_officer, traject):
    client.force_login(policy_officer)
    response = client.post(
        step_url(traject, 2, "step-update"),
        {"status": "bezig", "planned_start": "2026-05-01", "planned_end": "2026-04-01", "notes": "nieuw"},
    )
    assert response.status_code == 400
    assert "De einddatum kan niet voor de begindatum liggen." in response.content.decode()
    step = Step.objects.get(traject=traject, number=2)
    assert (step.status, step.notes, step.planned_start) == (StepStatus.NOT_STARTED, "", None)
    assert not HistoryEntry.objects.filter(kind="status").exists()


def test_step_update_and_checklist_buttons_work_and_are_recorded(client, policy_officer, traject):
    client.force_login(policy_officer)
    response = client.post(
        step_url(traject, 1, "step-update"),
        {"status": "bezig", "owner": policy_officer.pk, "ladder_planned": 3, "ladder_reached": 2, "notes": "Gestart"},
    )
    assert response.status_code == 302
    step = Step.objects.get(traject=traject, number=1)
    assert (step.status, step.owner, step.ladder_planned, step.notes) == ("bezig", policy_officer, 3, "Gestart")
    item = step.checklist_items.first()
    assert client.post(step_url(traject, 1, "checklist-state", item.pk), {"state": "gedaan"}).status_code == 302
    assert client.post(step_url(traject, 1, "checklist-state", item.pk), {"state": "rubbish"}).status_code == 400
    item.refresh_from_db()
    assert item.state == "gedaan" and item.changed_by == policy_officer
    kinds = set(HistoryEntry.objects.filter(traject=traject).values_list("kind", flat=True))
    assert {"status", "stap-gewijzigd", "aandachtspunt"} <= kinds


def test_step_registers_show_what_is_missing(client, policy_officer, traject):
    client.force_login(policy_officer)
    services.stakeholder_view_save(
        traject=traject,
        group="college",
        view="Meer draagvlak",
        recorded_on=datetime.date(2026, 1, 1),
        actor=policy_officer,
    )
    page = client.get(step_url(traject, 1)).content.decode()
    missing = re.search(r"Nog niet gehoord:</strong>([^<]*)<", page).group(1)
    assert "Gemeenteraad" in missing and "College" not in missing
    MeedenkerFactory(traject=traject, kind="kunstenaar", target_groups=["jongeren"])
    page = client.get(step_url(traject, 2)).content.decode()
    kinds = re.search(r"Soorten die nog ontbreken:</strong>([^<]*)<", page).group(1)
    groups = re.search(r"Doelgroepen die nog ontbreken:</strong>([^<]*)<", page).group(1)
    assert "Kunstenaar" not in kinds and "Inwoner" in kinds
    assert "Jongeren" not in groups and "Ouderen" in groups


def test_meedenker_decision_and_model_forms(client, policy_officer, traject):
    client.force_login(policy_officer)
    response = client.post(
        step_url(traject, 2, "meedenker-add"),
        {
            "name": "Sleutelfiguur",
            "kind": "sleutelfiguur",
            "target_groups": ["jongeren", "ouderen"],
            "contact_consent": "on",
        },
    )
    assert response.status_code == 302
    assert Meedenker.objects.get(traject=traject).target_groups == ["jongeren", "ouderen"]
    response = client.post(
        step_url(traject, 2, "meedenker-add"), {"name": "X", "kind": "sleutelfiguur", "target_groups": ["geen-groep"]}
    )
    assert response.status_code == 400
    # The meedenkers form is only on step 2.
    assert client.post(step_url(traject, 3, "meedenker-add"), {"name": "X", "kind": "inwoner"}).status_code == 404
    response = client.post(
        step_url(traject, 3, "decision-add"),
        {"subject": "Wmo-raad stopt", "decided_by": "raad", "decided_on": "2026-03-01", "council_name": "Wmo-raad"},
    )
    assert response.status_code == 400 and "Zeg wat er met de raad gebeurt." in response.content.decode()
    response = client.post(
        step_url(traject, 3, "decision-add"),
        {
            "subject": "Wmo-raad stopt",
            "decided_by": "raad",
            "decided_on": "2026-03-01",
            "council_name": "Wmo-raad",
            "council_fate": "stopt",
        },
    )
    assert response.status_code == 302 and traject.decisions.get().council_fate == "stopt"
    response = client.post(
        step_url(traject, 4, "model-update"),
        {
            "model_forms": ["peilend", "structureel"],
            "model_methods": ["klantreis"],
            "model_experiment_room": "Dialoogtafels",
        },
    )
    assert response.status_code == 302
    traject.refresh_from_db()
    assert traject.model_forms == ["peilend", "structureel"] and traject.model_experiment_room == "Dialoogtafels"
    page = client.get(step_url(traject, 4)).content.decode()
    assert 'id="organen"' in page  # the spot for the councils and panels of the panels app


# Uploads --------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_document_is_uploaded_and_only_served_to_those_who_may_see_it(
    client, policy_officer, other_policy_officer, traject, media
):
    client.force_login(policy_officer)
    pdf = SimpleUploadedFile("plan van aanpak.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    response = client.post(step_url(traject, 1, "attachment-add"), {"kind": "document", "title": "Plan", "file": pdf})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "plan van aanpak.pdf" and "plan" not in attachment.file.name
    download = client.get(step_url(traject, 1, "attachment-download", attachment.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(other_policy_officer)
    assert client.get(step_url(traject, 1, "attachment-download", attachment.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ....", "Dit soort bestand is niet toegestaan."),
        ("nep.pdf", b"<html>niet echt</html>", "De inhoud van het bestand past niet bij het soort bestand."),
        ("groot.pdf", b"%PDF" + b"0" * 2048, "Het bestand is te groot"),
    ],
)
def test_wrong_or_too_large_uploads_are_refused(
    client, policy_officer, traject, media, monkeypatch, name, content, message
):
    monkeypatch.setattr("roadmap.forms.ATTACHMENT_MAX_BYTES", 1024)
    client.force_login(policy_officer)
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        step_url(traject, 1, "attachment-add"), {"kind": "document", "title": "Stuk", "file": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists() and not list(media.rglob("*.*"))


def test_a_link_is_attached(client, policy_officer, traject):
    client.force_login(policy_officer)
    response = client.post(
        step_url(traject, 5, "attachment-add"), {"kind": "link", "title": "Vacature", "url": "https://example.nl/v"}
    )
    assert response.status_code == 302
    assert Attachment.objects.get().url == "https://example.nl/v"
    response = client.post(step_url(traject, 5, "attachment-add"), {"kind": "link", "title": "Leeg", "url": ""})
    assert response.status_code == 400 and Attachment.objects.count() == 1


# The route map --------------------------------------------------------------------------


def test_the_route_map_shows_status_as_text_as_well_as_graphic(client, policy_officer, traject):
    services.step_update(step=traject.steps.get(number=1), actor=policy_officer, data={"status": "afgerond"})
    services.step_update(step=traject.steps.get(number=2), actor=policy_officer, data={"status": "bezig"})
    ActionFactory(step=traject.steps.get(number=2), due_date=datetime.date(2020, 1, 1))
    client.force_login(policy_officer)
    page = client.get(reverse("roadmap:traject-detail", args=[traject.pk])).content.decode()
    route = re.search(r'<ol class="route-map">(.*?)</ol>', page, re.S).group(1)
    steps = re.findall(r"<li class=\"route-step route-step--([\w-]+)[^\"]*\">(.*?)</li>", route, re.S)
    assert [status for status, _html in steps] == ["afgerond", "bezig"] + ["niet-gestart"] * 4
    expected_text = ["Afgerond", "Bezig", "Niet gestart", "Niet gestart", "Niet gestart", "Niet gestart"]
    for (status, html), text in zip(steps, expected_text, strict=True):
        assert re.search(r'class="status-badge[^"]*">.*?' + text, html, re.S), status  # the status in words
        assert 'class="route-step__marker" aria-hidden="true"' in html  # the graphic, hidden from screen readers
        assert "<a " in html  # every step is a link, reachable by keyboard
    assert "1 te late actie" in steps[1][1]
    step_page = client.get(step_url(traject, 2)).content.decode()
    assert 'aria-current="page"' in re.search(r'<ol class="route-map">(.*?)</ol>', step_page, re.S).group(1)


def test_the_traject_page_shows_the_ladder_and_history(client, policy_officer, traject):
    services.step_update(
        step=traject.steps.get(number=1), actor=policy_officer, data={"ladder_planned": 4, "ladder_reached": 2}
    )
    client.force_login(policy_officer)
    page = client.get(reverse("roadmap:traject-detail", args=[traject.pk])).content.decode()
    assert "lager dan beoogd" in page
    assert "Traject gestart" in page


# The monitor ----------------------------------------------------------------------------


def _monitor_queries(client, user):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("roadmap:monitor"), {"sort": "-stage"})
    assert response.status_code == 200
    return len(queries)


def test_the_monitor_costs_the_same_queries_for_2_or_50_trajecten(client, staff_user):
    gemeenten = [GemeenteFactory() for _ in range(5)]
    for index in range(2):
        traject = TrajectFactory(gemeente=gemeenten[index])
        ActionFactory(step=traject.steps.get(number=1), due_date=datetime.date(2020, 1, 1))
    client.force_login(staff_user)
    with_two = _monitor_queries(client, staff_user)
    for index in range(48):
        traject = TrajectFactory(gemeente=gemeenten[index % 5])
        ActionFactory(step=traject.steps.get(number=1 + index % 6), due_date=datetime.date(2020, 1, 1))
    assert Traject.objects.count() == 50
    with_fifty = _monitor_queries(client, staff_user)
    assert with_two == with_fifty, (with_two, with_fifty)
    # 7, plus one indexed read that finds no stale overdue count (roadmap/progress.py)
    assert with_fifty <= 8, with_fifty


def test_monitor_filters_and_sorts(client, coordinator, gemeente):
    slow = TrajectFactory(gemeente=gemeente, title="Langzaam", laws=["wmo"])
    fast = TrajectFactory(gemeente=gemeente, title="Snel", laws=["jeugdwet"])
    for number in (1, 2, 3):
        Step.objects.filter(traject=fast, number=number).update(status="afgerond")
    Step.objects.filter(traject=slow, number=1).update(status="bezig")
    ActionFactory(step=slow.steps.get(number=1), due_date=datetime.date(2020, 1, 1))
    client.force_login(coordinator)

    def titles(**params):
        response = client.get(reverse("roadmap:monitor"), params)
        assert response.status_code == 200
        return [t.title for t in response.context["trajecten"]]

    assert titles(sort="-stage") == ["Snel", "Langzaam"]
    assert titles(sort="stage") == ["Langzaam", "Snel"]
    assert titles(sort="-overdue") == ["Langzaam", "Snel"]
    assert titles(step=1, status="bezig") == ["Langzaam"]
    assert titles(step=3, status="afgerond") == ["Snel"]
    assert titles(law="jeugdwet") == ["Snel"]
    assert titles(overdue="on") == ["Langzaam"]
    assert client.get(reverse("roadmap:monitor"), {"sort": "drop table"}).status_code == 400
    assert client.get(reverse("roadmap:monitor"), {"step": "9"}).status_code == 400


def test_every_sort_link_in_the_monitor_header_works(client, coordinator, traject):
    # The "overdue actions" header linked to sort=overdue, which the form refused with a 400.
    client.force_login(coordinator)
    for sort in ("", "gemeente", "stage", "overdue", "changed"):
        html = client.get(reverse("roadmap:monitor"), {"sort": sort} if sort else {}).content.decode()
        links = set(re.findall(r'<th scope="col"[^>]*><a href="\?([^"]*)"', html))
        assert len(links) == 4, links
        for query in links:
            response = client.get(reverse("roadmap:monitor") + "?" + query.replace("&amp;", "&"))
            assert response.status_code == 200, query


def test_policy_officers_have_no_monitor(client, policy_officer):
    client.force_login(policy_officer)
    assert client.get(reverse("roadmap:monitor")).status_code == 403


# Exports --------------------------------------------------------------------------------


def test_the_traject_export_opens_with_openpyxl_and_holds_the_rows(client, policy_officer, traject):
    ActionFactory(step=traject.steps.get(number=1), description='=HYPERLINK("http://evil")', owner=policy_officer)
    MeedenkerFactory(traject=traject, name="Buurtvader", target_groups=["jongeren"])
    DecisionFactory(traject=traject, subject="Eén adviesraad")
    client.force_login(policy_officer)
    response = client.get(reverse("roadmap:traject-export", args=[traject.pk]), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    assert len(sheets["Stappen"]) == 1 + 6
    assert len(sheets["Aandachtspunten"]) == 1 + ChecklistItem_count(traject)
    assert sheets["Acties"][1][1] == '\'=HYPERLINK("http://evil")'
    assert sheets["Meedenkers"][1][0] == "Buurtvader" and sheets["Meedenkers"][1][3] == "Jongeren"
    assert sheets["Besluiten"][1][1] == "Eén adviesraad"
    assert sheets["Stappen"][1][0] == "1. Aanleiding helder krijgen"
    csv = client.get(reverse("roadmap:traject-export", args=[traject.pk]), {"format": "csv"})
    with zipfile.ZipFile(io.BytesIO(csv.content)) as archive:
        assert len(archive.namelist()) == 8
    assert client.get(reverse("roadmap:traject-export", args=[traject.pk]), {"format": "pdf"}).status_code == 400


def ChecklistItem_count(traject):  # noqa: N802
    from roadmap.models import ChecklistItem

    return ChecklistItem.objects.filter(step__traject=traject).count()


def test_the_monitor_export_and_the_registered_export(client, coordinator, traject, other_traject):
    client.force_login(coordinator)
    response = client.get(reverse("roadmap:monitor-export"), {"format": "xlsx", "sort": "gemeente"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "Middelburg" and rows[1][2] == "Middelburg vernieuwt"
    assert rows[1][8].startswith("Niet gestart (0/6, 0/0)")
    response = client.get(reverse("export-download", args=["roadmap.trajecten"]), {"format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == ["Middelburg vernieuwt"]
    assert "Trajecten (monitor)" in client.get(reverse("export-list")).content.decode()


# Dashboard and navigation ---------------------------------------------------------------


def test_the_dashboard_shows_my_open_and_overdue_actions(client, policy_officer, traject):
    ActionFactory(
        step=traject.steps.get(number=1),
        owner=policy_officer,
        description="Te laat",
        due_date=datetime.date(2020, 1, 1),
    )
    ActionFactory(step=traject.steps.get(number=1), owner=policy_officer, description="Klaar", is_done=True)
    client.force_login(policy_officer)
    page = client.get(reverse("home")).content.decode()
    assert "Te laat" in page and "Klaar" not in page and "Middelburg vernieuwt" in page
    assert reverse("roadmap:traject-list") in page


def test_no_roadmap_panel_for_a_council_member(client, council_member, traject):
    client.force_login(council_member)
    page = client.get(reverse("home")).content.decode()
    assert reverse("roadmap:traject-list") not in page


def test_the_dashboard_panel_query_count_does_not_grow(client, policy_officer, gemeente):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def dashboard_queries():
        client.force_login(policy_officer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    def add_trajecten(count):
        for _ in range(count):
            t = TrajectFactory(gemeente=gemeente)
            ActionFactory(step=t.steps.get(number=2), owner=policy_officer, due_date=datetime.date(2020, 1, 1))

    add_trajecten(1)
    few = dashboard_queries()
    add_trajecten(11)
    assert dashboard_queries() == few


def test_a_wrong_step_input_does_not_show_as_the_current_state(client, policy_officer, traject):
    client.force_login(policy_officer)
    response = client.post(step_url(traject, 1, "step-update"), {"status": "overgeslagen", "skip_reason": ""})
    assert response.status_code == 400
    assert "Geef een reden om deze stap over te slaan." in response.content.decode()
    assert response.context["step"].status == StepStatus.NOT_STARTED


def test_an_officer_changes_the_traject_and_it_is_recorded(client, policy_officer, traject):
    client.force_login(policy_officer)
    data = {
        "title": "Nieuwe titel",
        "reasons": ["draagvlak"],
        "start_date": "2026-03-01",
        "responsible": policy_officer.pk,
        "laws": ["wmo", "participatiewet"],
        "level": "regio",
    }
    assert client.post(reverse("roadmap:traject-update", args=[traject.pk]), data).status_code == 302
    traject.refresh_from_db()
    assert (traject.title, traject.level, traject.laws) == ("Nieuwe titel", "regio", ["wmo", "participatiewet"])
    assert HistoryEntry.objects.filter(traject=traject, kind="traject-gewijzigd", actor=policy_officer).exists()
    response = client.post(reverse("roadmap:traject-update", args=[traject.pk]), {**data, "laws": []})
    assert response.status_code == 400 and "Kies minstens één wet." in response.content.decode()


def test_the_traject_list_and_step_page_do_not_grow_with_rows(client, policy_officer, gemeente):
    client.force_login(policy_officer)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = TrajectFactory(gemeente=gemeente)
    TrajectFactory(gemeente=gemeente)
    list_two = count(reverse("roadmap:traject-list"))
    step_small = count(step_url(first, 2))
    for _ in range(10):
        TrajectFactory(gemeente=gemeente)
    for n in range(10):
        ActionFactory(step=first.steps.get(number=2), owner=policy_officer)
        MeedenkerFactory(traject=first, target_groups=["ouderen"])
        services.checklist_item_add(step=first.steps.get(number=2), text=f"Punt {n}", actor=policy_officer)
    assert count(reverse("roadmap:traject-list")) == list_two
    assert count(step_url(first, 2)) == step_small


def test_removing_things_is_recorded_and_scoped(client, policy_officer, traject, media):
    client.force_login(policy_officer)
    view = services.stakeholder_view_save(
        traject=traject,
        group="inwoners",
        view="Meer contact",
        recorded_on=datetime.date(2026, 1, 1),
        actor=policy_officer,
    )
    meedenker = MeedenkerFactory(traject=traject, name="Kunstenaar X")
    action = ActionFactory(step=traject.steps.get(number=1), description="Bellen")
    pdf = SimpleUploadedFile("stuk.pdf", b"%PDF-1.4 test")
    attachment = services.attachment_add(
        step=traject.steps.get(number=1), actor=policy_officer, kind="document", title="Stuk", file=pdf
    )
    stored = media / attachment.file.name
    assert stored.exists()
    assert client.post(step_url(traject, 1, "view-remove", view.pk)).status_code == 302
    assert client.post(step_url(traject, 2, "meedenker-remove", meedenker.pk)).status_code == 302
    assert client.post(step_url(traject, 1, "action-remove", action.pk)).status_code == 302
    assert client.post(step_url(traject, 1, "attachment-remove", attachment.pk)).status_code == 302
    assert not Attachment.objects.exists() and not Meedenker.objects.exists() and not Action.objects.exists()
    removed = set(HistoryEntry.objects.filter(new_value="removed").values_list("subject", flat=True))
    assert removed == {"Inwoners", "Kunstenaar X", "Bellen", "Stuk"}


def test_the_monitor_shows_when_each_step_last_changed(client, coordinator, policy_officer, traject):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 3, 3, 10, 0), tick=False):
        services.step_update(step=traject.steps.get(number=1), actor=policy_officer, data={"status": "bezig"})
    client.force_login(coordinator)
    page = client.get(reverse("roadmap:monitor")).content.decode()
    assert 'gewijzigd <time datetime="2026-03-03' in page


def test_step_4_lists_the_gemeentes_organen_from_panels(client, policy_officer, traject, gemeente, other_gemeente):
    from panels.tests.factories import OrgaanFactory

    own = OrgaanFactory(name="Adviesraad Sociaal Domein Middelburg", gemeenten=[gemeente])
    OrgaanFactory(name="Wmo-raad Pekela", gemeenten=[other_gemeente])
    client.force_login(policy_officer)
    page = client.get(step_url(traject, 4)).content.decode()
    assert f'href="{own.get_absolute_url()}"' in page
    assert "Adviesraad Sociaal Domein Middelburg" in page
    assert "Wmo-raad Pekela" not in page


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_every_id_on_a_step_page_is_unique_so_each_label_reaches_its_field(client, policy_officer, traject, number):
    # The step form and the action form both have an "owner": the action's label pointed at the step's field.
    client.force_login(policy_officer)
    html = client.get(step_url(traject, number)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    assert 'for="action_owner"' in html and 'id="action_owner"' in html


def test_adviesraad_members_are_not_offered_as_owner_or_responsible_officer(
    client, policy_officer, council_member, traject
):
    client.force_login(policy_officer)
    step_page = client.get(step_url(traject, 1)).content.decode()
    edit_page = client.get(reverse("roadmap:traject-update", args=[traject.pk])).content.decode()
    create_page = client.get(reverse("roadmap:traject-create")).content.decode()

    for html in (step_page, edit_page, create_page):
        assert f'value="{policy_officer.pk}">{policy_officer}</option>' in html
        assert str(council_member) not in html
    response = client.post(step_url(traject, 1, "step-update"), {"status": "bezig", "owner": council_member.pk})
    assert response.status_code == 400
    assert "Kies een ambtenaar die in deze gemeente werkt." in response.content.decode()
    assert Step.objects.get(traject=traject, number=1).owner is None


def test_the_monitor_shows_50_a_page_and_keeps_filter_and_sort_across_pages(client, coordinator, gemeente):
    for index in range(53):
        traject = TrajectFactory(gemeente=gemeente, title=f"Traject {index:02d}", laws=["wmo"] if index % 2 else [])
        Step.objects.filter(traject=traject, number__lte=index % 6).update(status="afgerond")
    client.force_login(coordinator)
    params = {"law": "wmo", "sort": "-stage"}  # 26 trajecten with the Wmo: one page of 26
    first = client.get(reverse("roadmap:monitor"), params)
    assert len(first.context["trajecten"]) == 26 and "page=2" not in first.content.decode()
    first = client.get(reverse("roadmap:monitor"), {"sort": "-stage"})
    html = first.content.decode()
    assert len(first.context["trajecten"]) == 50 and "53 trajecten, pagina 1 van 2" in html
    next_link = re.search(r'href="\?([^"]*page=2)"', html).group(1).replace("&amp;", "&")
    assert "sort=-stage" in next_link
    second = client.get(reverse("roadmap:monitor") + "?" + next_link)
    both = [t.title for t in first.context["trajecten"]] + [t.title for t in second.context["trajecten"]]
    assert len(both) == 53 and len(set(both)) == 53
    finished = [Traject.objects.get(title=title).steps.filter(status="afgerond").count() for title in both]
    assert finished == sorted(finished, reverse=True)
    # A sort link in the header starts again at page 1 and keeps the filter.
    filtered = client.get(reverse("roadmap:monitor"), {"law": "wmo", "page": "2"}).content.decode()
    for query in re.findall(r'<th scope="col"[^>]*><a href="\?([^"]*)"', filtered):
        assert "law=wmo" in query and "page=" not in query


def test_the_monitor_pages_cost_the_same_queries_for_3_or_60_trajecten(client, staff_user):
    gemeenten = [GemeenteFactory() for _ in range(3)]

    def add(count):
        for index in range(count):
            traject = TrajectFactory(gemeente=gemeenten[index % 3])
            ActionFactory(step=traject.steps.get(number=1 + index % 6), due_date=datetime.date(2020, 1, 1))

    add(3)
    client.force_login(staff_user)
    with_three = _monitor_queries(client, staff_user)
    add(57)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("roadmap:monitor"), {"sort": "-overdue", "page": "2"}).status_code == 200
    assert len(queries) == with_three == _monitor_queries(client, staff_user)


def test_the_current_step_is_the_first_in_progress_else_the_first_not_started(staff_user, gemeente):
    from roadmap.selectors import traject_list_with_progress

    busy_later = TrajectFactory(gemeente=gemeente, title="Bezig bij 4")
    Step.objects.filter(traject=busy_later, number__in=(1, 4)).update(status="bezig")
    Step.objects.filter(traject=busy_later, number=1).update(status="afgerond")
    done = TrajectFactory(gemeente=gemeente, title="Klaar")
    Step.objects.filter(traject=done).update(status="afgerond")
    fresh = TrajectFactory(gemeente=gemeente, title="Nieuw")
    Step.objects.filter(traject=fresh, number=1).update(status="overgeslagen", skip_reason="Al gedaan")
    current = {t.title: t.current_step for t in traject_list_with_progress(user=staff_user)}
    assert current == {"Bezig bij 4": 4, "Klaar": 7, "Nieuw": 2}
