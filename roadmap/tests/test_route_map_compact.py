"""The trajecten list's route maps, formatted once per step in Python, give the same markup as the template."""

import datetime
import re

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

import pytest

from roadmap.constants import StepStatus
from roadmap.models import Step
from roadmap.selectors import traject_list_with_progress
from roadmap.views import route_maps_compact

from .factories import ActionFactory, TrajectFactory

pytestmark = pytest.mark.django_db


def _normalised(html: str) -> str:
    """The template's line breaks and indentation between tags carry no meaning; everything else counts."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_compact_route_map_is_the_templates_markup(staff_user, language):
    plain = TrajectFactory(title="Gewoon")
    busy = TrajectFactory(title='Samen <beter> & "dichterbij"')
    Step.objects.filter(traject=busy, number__lte=2).update(status=StepStatus.DONE)
    Step.objects.filter(traject=busy, number=3).update(status=StepStatus.SKIPPED, skip_reason="Al gedaan")
    Step.objects.filter(traject=busy, number=4).update(status=StepStatus.IN_PROGRESS)
    overdue_step = busy.steps.get(number=4)
    ActionFactory(step=overdue_step, due_date=datetime.date(2020, 1, 1))
    ActionFactory(step=busy.steps.get(number=5), due_date=datetime.date(2020, 1, 1))
    ActionFactory(step=busy.steps.get(number=5), due_date=datetime.date(2020, 1, 2))
    with translation.override(language):
        trajecten = list(traject_list_with_progress(user=staff_user).filter(pk__in=[plain.pk, busy.pk]))
        prepared = route_maps_compact(trajecten)
        for traject, html in zip(trajecten, prepared, strict=True):
            expected = render_to_string(
                "roadmap/includes/route_map.html",
                {"traject": traject, "steps": traject.steps.all(), "compact": True, "current": None},
            )
            assert _normalised(html) == _normalised(expected)
    busy_html = _normalised(prepared[[t.pk for t in trajecten].index(busy.pk)])
    assert "&lt;beter&gt; &amp; &quot;dichterbij&quot;" in busy_html
    assert busy_html.count("status-overdue") == 2 and "&#10003;" in busy_html and "&#8631;" in busy_html


def test_the_trajecten_list_shows_each_route_map(client, policy_officer, gemeente):
    traject = TrajectFactory(gemeente=gemeente)
    client.force_login(policy_officer)
    response = client.get(reverse("roadmap:traject-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'aria-labelledby="route-map-title-{traject.pk}"' in html
    assert html.count('class="route-step route-step--niet-gestart"') == 6
    assert reverse("roadmap:step-detail", args=[traject.pk, 6]) in html
