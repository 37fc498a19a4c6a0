import datetime

from django.urls import reverse

import pytest

from feedback.charts import month_bar_chart, nice_ceiling
from feedback.constants import Outcome, SourceKind
from feedback.selectors import dashboard_figures

from .factories import InbrengFactory, TerugkoppelingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
D = datetime.date


@pytest.fixture
def known_set(gemeente, other_gemeente):
    """Eight inbreng with known outcomes; two outside the window or gemeente that must not count."""

    def item(kind, received, promised, answered=None, outcome=Outcome.ADOPTED, g=gemeente):
        inbreng = InbrengFactory(
            gemeente=g,
            source_kind=kind,
            signal_channel="balie" if kind == SourceKind.SIGNAL else "",
            contributor_kind="orgaan" if kind == SourceKind.ADVIES else "anonieme-groep",
            contributor_description="Adviesraad sociaal domein" if kind == SourceKind.ADVIES else "Groep",
            received_on=received,
            promised_on=promised,
        )
        if answered:
            TerugkoppelingFactory(inbreng=inbreng, given_on=answered, outcome=outcome, reasons="r")
        return inbreng

    item(SourceKind.ADVIES, D(2026, 1, 1), D(2026, 2, 1), D(2026, 1, 21))  # on time, 20 days
    item(SourceKind.ADVIES, D(2026, 2, 1), D(2026, 3, 1), D(2026, 3, 11))  # late, 38 days
    item(SourceKind.SURVEY, D(2026, 3, 1), D(2026, 4, 1), D(2026, 3, 31), Outcome.NOT_ADOPTED)  # on time, 30 days
    item(SourceKind.SURVEY, D(2026, 4, 1), D(2026, 5, 1), D(2026, 5, 11))  # late, 40 days
    item(SourceKind.SIGNAL, D(2026, 5, 1), D(2026, 6, 1))  # overdue
    item(SourceKind.SIGNAL, D(2026, 6, 1), D(2026, 6, 20))  # due soon
    item(SourceKind.MEETING, D(2026, 6, 1), D(2026, 8, 1))  # open
    pending = item(SourceKind.MEETING, D(2026, 6, 2), D(2026, 9, 1))  # open, with an interim answer
    TerugkoppelingFactory(inbreng=pending, outcome=Outcome.PENDING, given_on=D(2026, 6, 10))
    item(SourceKind.ADVIES, D(2025, 5, 1), D(2025, 6, 1))  # before the 12 months: not counted
    item(SourceKind.ADVIES, D(2026, 5, 1), D(2026, 5, 2), g=other_gemeente)  # other gemeente


def test_dashboard_figures_on_a_known_data_set(gemeente, known_set):
    figures = dashboard_figures(gemeente=gemeente, today=TODAY)
    totals = figures["totals"]
    assert figures["since"] == D(2025, 7, 1)
    assert totals["total"] == 8
    # Open work counts however long ago it came in: the 2025 advies is still overdue.
    assert (totals["open"], totals["due_soon"], totals["overdue"]) == (2, 1, 2)
    assert (totals["answered"], totals["on_time"], totals["late"]) == (4, 2, 2)
    assert totals["on_time_pct"] == 50
    assert totals["median_days"] == 34  # median of 20, 30, 38, 40
    per_source = {row["label"]: row for row in figures["per_source"]}
    assert per_source["Advies van een raad of panel"]["on_time_pct"] == 50
    assert per_source["Uitkomst van een vragenlijst"]["median_days"] == 35
    assert per_source["Signaal"]["overdue"] == 1 and per_source["Signaal"]["due_soon"] == 1
    assert per_source["Inbreng op een bijeenkomst"]["open"] == 2
    assert [(r["label"], r["total"], r["late"]) for r in figures["per_orgaan"]] == [("Adviesraad sociaal domein", 2, 1)]
    months = {m["start"]: m for m in figures["months"]}
    assert len(figures["months"]) == 12
    assert (months[D(2026, 1, 1)]["on_time"], months[D(2026, 3, 1)]["late"], months[D(2026, 5, 1)]["late"]) == (1, 1, 1)
    assert months[D(2026, 3, 1)]["on_time"] == 1


def test_dashboard_page_shows_chart_and_table(client, gemeente, coordinator, known_set, django_assert_max_num_queries):
    import time_machine

    client.force_login(coordinator)
    with (
        time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)),
        django_assert_max_num_queries(12),
    ):
        response = client.get(reverse("feedback:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'role="img"' in page and "<caption>Terugkoppeling per maand</caption>" in page
    assert "50%" in page
    assert page.count("<h1") == 1


def test_dashboard_of_another_gemeente_is_refused(client, coordinator, other_gemeente):
    client.force_login(coordinator)
    response = client.get(reverse("feedback:dashboard"), {"gemeente": other_gemeente.pk})
    assert response.status_code == 400
    response = client.get(reverse("feedback:dashboard"), {"gemeente": "abc"})
    assert response.status_code == 400


def test_chart_geometry():
    assert [nice_ceiling(n) for n in (0, 1, 2, 3, 6, 11, 49, 51)] == [1, 1, 2, 5, 10, 20, 50, 100]
    chart = month_bar_chart(
        [{"start": D(2026, 1, 1), "on_time": 2, "late": 3}, {"start": D(2026, 2, 1), "on_time": 0, "late": 0}]
    )
    first, second = chart["bars"]
    plot = chart["height"] - 40 - 16
    assert first["on_time_height"] == round(plot * 2 / 5, 1)
    assert first["late_y"] == round(chart["axis_y"] - plot, 1)
    assert second["on_time_height"] == 0 and second["late_height"] == 0


def test_home_panel_and_dashboard_count_open_input_with_one_selector(client, gemeente, policy_officer, known_set):
    import time_machine

    from feedback.selectors import inbreng_list_for_panel

    from .factories import InbrengFactory

    # One open inbreng is the policy officer's own; the rest belong to nobody in particular.
    InbrengFactory(gemeente=gemeente, officer=policy_officer, received_on=D(2026, 6, 1), promised_on=D(2026, 8, 1))
    panel = inbreng_list_for_panel(user=policy_officer, today=TODAY)
    totals = dashboard_figures(gemeente=gemeente, today=TODAY)["totals"]

    assert (panel["overdue"], panel["due_soon"], panel["open"]) == (0, 0, 1)
    assert panel["all"] == {"overdue": totals["overdue"], "due_soon": totals["due_soon"], "open": totals["open"]}
    assert panel["all"] == {"overdue": 2, "due_soon": 1, "open": 3}
    client.force_login(policy_officer)
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)):
        home = client.get(reverse("home")).content.decode()
    assert "Alle inbreng van Middelburg: 2 te laat, 1 binnen 7 dagen, 3 open." in home


@pytest.mark.parametrize("values", [[4], [1, 9], [3, 3, 8], [5, 1, 7, 7, 2, 30], [0, 0, 0, 1], list(range(11))])
def test_the_median_from_a_histogram_is_the_plain_median(values):
    import statistics
    from collections import Counter

    from feedback.selectors import _median_of_histogram

    assert _median_of_histogram(Counter(values)) == statistics.median(values)
    assert _median_of_histogram({}) is None
