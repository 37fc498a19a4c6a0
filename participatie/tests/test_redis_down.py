"""Redis down (a broker outage): every save succeeds within 2 seconds, each row exists once, and the
periodic runs send each e-mail exactly once afterwards.

The saves run in a web process of their own whose REDIS_URL (broker, result backend and cache) points
at a closed port, with the production settings: see ``outage_client.py``.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from feedback.constants import DeliveryStatus
from feedback.models import Notification, Terugkoppeling
from feedback.services import notifications_send_due
from feedback.tests.factories import InbrengFactory, NamedPersonFactory
from panels.constants import MemberRole
from panels.models import AanvraagNotification, Adviesaanvraag
from panels.services import aanvraag_notifications_send_due
from panels.tests.factories import MemberFactory, OrgaanFactory
from surveys.constants import ResponseStatus
from surveys.models import Response
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import page_one_data, section_url
from surveys.tests.test_respond_onecommit import one_page_answers, one_page_survey

BASE_DIR = Path(__file__).resolve().parents[2]
CLOSED_REDIS = "redis://127.0.0.1:1/0"
SAVE_WITHIN_SECONDS = 2


def _post_with_redis_down(steps: list[dict], database_url: str) -> dict:
    env = {**os.environ, "REDIS_URL": CLOSED_REDIS, "DATABASE_URL": database_url, "DEBUG": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "participatie.tests.outage_client", json.dumps(steps)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.postgres
def test_saves_succeed_fast_with_redis_down_and_the_periodic_runs_send_once(
    transactional_db, test_database_url, gemeente, policy_officer
):
    survey = build_all_types_survey(gemeente)
    orgaan = OrgaanFactory(gemeenten=[gemeente])
    MemberFactory(orgaan=orgaan, role=MemberRole.CHAIR, email="voorzitter@example.nl")
    inbreng = InbrengFactory(gemeente=gemeente, officer=policy_officer)
    for n in range(5):
        NamedPersonFactory(inbreng=inbreng, email=f"deelnemer{n}@example.nl")
    today = timezone.localdate()
    first_section = survey.sections.order_by("position").first()
    steps = [
        {"name": "survey answers", "url": section_url(survey, first_section), "data": page_one_data(survey)},
        {
            "name": "adviesaanvraag",
            "user": policy_officer.pk,
            "url": reverse("panels:aanvraag-create", args=[orgaan.pk]),
            "data": {
                "gemeente": gemeente.pk,
                "subject": "Wmo-verordening 2027",
                "question": "Wat vindt de raad van de nieuwe verordening?",
                "policy_phase": "beleidsvoorbereiding",
                "room_for_advice": "ruim",
                "requested_on": today.isoformat(),
                "advice_deadline": (today + datetime.timedelta(days=42)).isoformat(),
            },
        },
        {
            "name": "terugkoppeling to 5",
            "user": policy_officer.pk,
            "url": reverse("feedback:terugkoppeling-create", args=[inbreng.pk]),
            "data": {
                "outcome": "overgenomen",
                "what_was_done": "De folder is herschreven in eenvoudige taal.",
                "given_on": today.isoformat(),
                "channel": "e-mail",
            },
        },
    ]

    results = _post_with_redis_down(steps, test_database_url)

    for name, result in results.items():
        assert result["status"] == 302, (name, result)
        assert result["seconds"] < SAVE_WITHIN_SECONDS, (name, result)
    # Every save is there, once; the e-mails wait as rows.
    assert Response.objects.filter(survey=survey).count() == 1
    assert Adviesaanvraag.objects.filter(orgaan=orgaan).count() == 1
    assert AanvraagNotification.objects.get().status == DeliveryStatus.PENDING
    assert Terugkoppeling.objects.filter(inbreng=inbreng).count() == 1
    assert list(Notification.objects.values_list("status", flat=True)) == [DeliveryStatus.PENDING] * 5
    assert mail.outbox == []

    # Redis is back: the periodic runs send each e-mail exactly once.
    assert aanvraag_notifications_send_due()["sent"] == 1
    assert notifications_send_due()["sent"] == 5
    assert aanvraag_notifications_send_due()["sent"] == 0
    assert notifications_send_due()["sent"] == 0
    assert len(mail.outbox) == 6
    assert mail.outbox[0].bcc == ["voorzitter@example.nl"]
    assert sorted(m.to[0] for m in mail.outbox[1:]) == [f"deelnemer{n}@example.nl" for n in range(5)]
    assert AanvraagNotification.objects.get().status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_survey_answers_are_kept_when_the_cache_does_not_answer(client, gemeente, settings, caplog):
    """The rate limiter fails open (with a log line) instead of losing the answers with a 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    survey = build_all_types_survey(gemeente)
    first_section = survey.sections.order_by("position").first()
    with caplog.at_level("WARNING", logger="surveys.ratelimit"):
        response = client.post(section_url(survey, first_section), page_one_data(survey))
    assert response.status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1
    assert "Rate limit 'submit' not checked" in caplog.text


@pytest.mark.django_db
def test_a_survey_sent_from_its_last_page_is_kept_when_the_cache_does_not_answer(client, settings, caplog):
    """ "Versturen" on the last page saves and sends with Redis unreachable: the rate limiter fails open."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    survey = one_page_survey()
    with caplog.at_level("WARNING", logger="surveys.ratelimit"):
        response = client.post(section_url(survey, survey.sections.get()), one_page_answers(survey))
    assert response.status_code == 302
    assert Response.objects.get(survey=survey).status == ResponseStatus.COMPLETE
    assert "Rate limit 'submit' not checked" in caplog.text
