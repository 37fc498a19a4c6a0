"""Journey-map figures with the small-cell rule, quotes low points first, design changes, export."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from activities import services
from activities.models import JourneyRating
from activities.selectors import journey_map

pytestmark = pytest.mark.django_db


def _interview(journey, user, scores, quotes=None):
    """scores: {(phase index, aspect index): score or None}."""
    phases, aspects = list(journey.phases.all()), list(journey.aspects.all())
    return services.interview_record(
        journey=journey,
        user=user,
        pseudonym="",
        interviewer="Anja",
        interviewed_on="2026-03-01",
        consent=True,
        ratings={(phases[p].pk, aspects[a].pk): s for (p, a), s in scores.items()},
        quotes={phases[p].pk: text for p, text in (quotes or {}).items()},
    )


def test_journey_map_figures_with_small_cells(journey, policy_officer):
    # Phase 0 x aspect 0: five ratings (shown). Phase 1 x aspect 0: two ratings and one n.v.t. (hidden).
    for score in (2, 3, 4, 4, 5):
        _interview(journey, policy_officer, {(0, 0): score})
    _interview(journey, policy_officer, {(1, 0): 1})
    _interview(journey, policy_officer, {(1, 0): 2})
    _interview(journey, policy_officer, {(1, 0): None})
    result = journey_map(journey=journey)
    first, second = result.rows[0][1][0], result.rows[1][1][0]
    assert (first.n, first.shown_mean, first.hidden) == (5, 3.6, False)
    assert first.heat_class == "heat-4"
    assert (second.n, second.not_applicable, second.shown_mean, second.hidden) == (2, 1, None, True)
    assert second.heat_class == "heat-none"
    assert result.rows[0][1][1].n == 0 and not result.rows[0][1][1].hidden
    assert result.interviews == 8


def test_quotes_per_phase_low_points_first(journey, policy_officer):
    _interview(journey, policy_officer, {(0, 0): 5, (0, 1): 4}, {0: "Fijn geholpen"})
    _interview(journey, policy_officer, {(0, 0): 1, (0, 1): 2}, {0: "Niemand belde terug"})
    _interview(journey, policy_officer, {(0, 0): 3}, {0: "Het ging wel"})
    quotes = journey_map(journey=journey).quotes[journey.phases.first().pk]
    assert [q.text for q in quotes] == ["Niemand belde terug", "Het ging wel", "Fijn geholpen"]


def test_rating_off_the_scale_is_refused_by_the_service_and_the_database(journey, policy_officer):
    with pytest.raises(ValidationError):
        _interview(journey, policy_officer, {(0, 0): 6})
    assert not JourneyRating.objects.exists()


def test_design_change_keeps_rated_phases(journey, policy_officer):
    _interview(journey, policy_officer, {(0, 0): 4})
    names = [p.name for p in journey.phases.all()]
    with pytest.raises(ValidationError, match="Eerste contact"):
        services.journey_design_update(
            journey=journey, title="X", phases=names[1:], aspects=[a.name for a in journey.aspects.all()]
        )
    services.journey_design_update(
        journey=journey,
        title="Klantreis CO 2026",
        phases=[*reversed(names[:-1]), "Nazorg"],
        aspects=[a.name for a in journey.aspects.all()],
    )
    assert [p.name for p in journey.phases.all()] == [*reversed(names[:-1]), "Nazorg"]
    assert JourneyRating.objects.count() == 1


def test_enter_an_interview_through_the_page(client, policy_officer, journey):
    phases, aspects = list(journey.phases.all()), list(journey.aspects.all())
    client.force_login(policy_officer)
    response = client.post(
        reverse("activities:interview-create", args=[journey.pk]),
        {
            "pseudonym": "Mevrouw A",
            "interviewer": "Anja",
            "interviewed_on": "2026-03-01",
            "consent": "on",
            f"rating_{phases[0].pk}_{aspects[0].pk}": "4",
            f"rating_{phases[0].pk}_{aspects[1].pk}": "nvt",
            f"quote_{phases[0].pk}": "Ze luisterde echt.",
        },
    )
    assert response.status_code == 302
    interview = journey.interviews.get()
    assert interview.pseudonym == "Mevrouw A"
    assert sorted((r.aspect_id, r.score) for r in interview.ratings.all()) == sorted(
        [(aspects[0].pk, 4), (aspects[1].pk, None)]
    )
    assert interview.quotes.get().text == "Ze luisterde echt."


def test_journey_map_export(client, coordinator, journey, policy_officer):
    _interview(journey, policy_officer, {(0, 0): 4}, {0: "Goed"})
    client.force_login(coordinator)
    response = client.get(reverse("activities:journey-map", args=[journey.pk]) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert client.get(reverse("activities:journey-map", args=[journey.pk]) + "?format=pdf").status_code == 400
