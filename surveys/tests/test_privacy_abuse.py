"""Anonymity, retention, rate limit, honeypot."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine

from surveys.constants import HONEYPOT_FIELD, ResponseStatus, RetentionMode
from surveys.models import Answer, Response, ResponseEntry, TerugkoppelingEmail
from surveys.services import survey_answers_purge, survey_close, survey_retention_purge_due
from surveys.tasks import survey_retention_purge
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import field, option, page_one_data, page_two_data, section_url, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(gemeente, retention_days=30)


def fill_in(client, survey):
    one, two, _ = survey.sections.order_by("position")
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    client.post(section_url(survey, two), page_two_data(survey))
    client.post(url(survey, "summary"))
    return Response.objects.latest("id")


def test_anonymous_response_stores_no_address_agent_account_or_link(client, survey, policy_officer):
    client.force_login(policy_officer)  # even a logged-in visitor is not linked to the answers
    response = fill_in(client, survey)
    assert response.status == ResponseStatus.COMPLETE
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {
        "id", "survey", "resume_code", "status", "current_section", "source", "respondent_group",
        "channel", "assisted_by", "is_pilot", "language",  # how it came in, never who it is
        "created_at", "updated_at", "completed_at", "answers",
        "answers_complete_for",  # a copy of the survey's own updated_at, nothing about the person
        # Data cleaning by the gemeente: why it is left out; who did it is only in the cleaning events.
        "exclusion_kind", "exclusion_reason", "excluded_at", "cleaning_events",
        # Fieldwork: only a card or interview entered by someone names that account (never the resident).
        "entry",
        # Fieldwork: the batch of letters (its label, never the code); the claim on a code exists only while
        # the response is unfinished and is deleted on sending (docs/fieldwork.md, "Anonymity").
        "invitation_batch", "invitation_claim",
        "results_counted",  # whether the answer-count cache has added it (surveys/results/counts.py)
    }  # fmt: skip
    assert not ResponseEntry.objects.filter(response=response).exists()
    assert response.answers_complete_for in (None, survey.updated_at)
    row = Response.objects.filter(pk=response.pk).values().get()
    values = " ".join(str(value) for value in row.values())
    assert "127.0.0.1" not in values
    assert policy_officer.email not in values
    assert not any(f.related_model.__name__ == "User" for f in Response._meta.get_fields() if f.related_model)
    for answer in Answer.objects.filter(response=response).values():
        assert "127.0.0.1" not in " ".join(str(value) for value in answer.values())


def test_retention_purge_deletes_answers_and_emails_after_the_term(client, survey):
    survey.retention_mode = RetentionMode.ALL_ANSWERS  # new surveys anonymise by default (issue 15)
    survey.save()
    fill_in(client, survey)
    TerugkoppelingEmail.objects.create(survey=survey, email="inwoner@example.nl")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        survey_close(survey=survey)
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert survey_retention_purge_due() == []
        assert Answer.objects.exists() and TerugkoppelingEmail.objects.exists()
    with time_machine.travel(start + timedelta(days=30, seconds=1), tick=False):
        assert survey_retention_purge.delay().get() == [survey.pk]
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not TerugkoppelingEmail.objects.exists()
    survey.refresh_from_db()
    assert survey.purged_at is not None
    # Running again does nothing.
    with time_machine.travel(start + timedelta(days=31), tick=False):
        assert survey_retention_purge_due() == []


def test_retention_of_open_texts_only(client, survey):
    survey.retention_mode = RetentionMode.OPEN_TEXTS
    survey.save()
    response = fill_in(client, survey)
    before = Answer.objects.count()
    assert Answer.objects.filter(question__code="wie", text_value="Mijn buurvrouw").exists()
    survey_close(survey=survey)
    survey_answers_purge(survey=survey)
    assert Response.objects.filter(pk=response.pk).exists()
    assert not Answer.objects.filter(question__code__in=["naam", "toelichting"]).exists()
    assert not Answer.objects.exclude(text_value="").exists(), "the 'other, namely' text is an open text too"
    assert Answer.objects.filter(question__code="wie").exists(), "the chosen option itself stays"
    assert Answer.objects.count() == before - 2


def test_purge_command(client, survey):
    survey.retention_mode = RetentionMode.ALL_ANSWERS
    survey.save()
    fill_in(client, survey)
    survey_close(survey=survey, now=timezone.now() - timedelta(days=31))
    call_command("surveys_purge")
    assert not Answer.objects.exists()


def test_purge_command_anonymises_by_default(client, survey):
    fill_in(client, survey)
    assert survey.retention_mode == RetentionMode.ANONYMISE
    survey_close(survey=survey, now=timezone.now() - timedelta(days=400))
    call_command("surveys_purge")
    assert Answer.objects.filter(option__isnull=False).exists()  # closed answers kept
    assert not Answer.objects.exclude(text_value="").exists()
    assert not Response.objects.filter(resume_code__isnull=False).exists()


def test_open_survey_is_never_purged(client, survey):
    fill_in(client, survey)
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        assert survey_retention_purge_due() == []
    assert Answer.objects.exists()


def test_rate_limit_per_client(client, survey, settings):
    settings.SURVEYS_SUBMIT_RATE_LIMIT = 3
    one = survey.sections.order_by("position").first()
    for _ in range(3):
        assert client.post(section_url(survey, one), page_one_data(survey)).status_code == 302
    response = client.post(section_url(survey, one), page_one_data(survey))
    assert response.status_code == 429
    assert "Wacht een minuut" in response.content.decode()
    # Another client (another address) is not affected.
    other = type(client)(REMOTE_ADDR="10.0.0.8")
    assert other.post(section_url(survey, one), page_one_data(survey)).status_code == 302
    # The next time window starts afresh.
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        assert client.post(section_url(survey, one), page_one_data(survey)).status_code == 302


@pytest.mark.redis
def test_rate_limit_in_redis(client, survey, settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "surveys-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    settings.SURVEYS_SUBMIT_RATE_LIMIT = 2
    one = survey.sections.order_by("position").first()
    assert client.post(section_url(survey, one), page_one_data(survey)).status_code == 302
    assert client.post(section_url(survey, one), page_one_data(survey)).status_code == 302
    assert client.post(section_url(survey, one), page_one_data(survey)).status_code == 429
    cache.clear()


def test_honeypot_filled_stores_nothing(client, survey):
    one = survey.sections.order_by("position").first()
    response = client.post(section_url(survey, one), page_one_data(survey, **{HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 400
    assert "konden niet worden verwerkt" in response.content.decode()
    assert not Response.objects.exists()


def test_honeypot_field_is_hidden_from_people(client, survey):
    html = client.get(section_url(survey, survey.sections.order_by("position").first())).content.decode()
    assert 'class="survey-hp" aria-hidden="true"' in html
    assert f'name="{HONEYPOT_FIELD}"' in html and 'tabindex="-1"' in html


def test_resume_mail_has_its_own_low_limit(client, survey, mailoutbox, django_capture_on_commit_callbacks):
    one = survey.sections.order_by("position").first()
    client.post(section_url(survey, one), page_one_data(survey))
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(url(survey, "resume_mail"), {"email": f"a{n}@example.nl"}).status_code for n in range(6)
        ]
    assert statuses == [302] * 5 + [429]
    assert len(mailoutbox) == 5
