"""Hostile input in the panels app (issue 10, point 7): a line break in a subject never reaches a mail header."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from panels import services
from panels.models import Adviesaanvraag
from panels.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _aanvraag_data(gemeente, subject):
    today = timezone.localdate()
    return {
        "gemeente": gemeente.pk,
        "subject": subject,
        "question": "Wat vindt u ervan?\r\nGraag voor de zomer.",
        "policy_phase": "uitvoering",
        "room_for_advice": "ruim",
        "requested_on": today.isoformat(),
        "advice_deadline": (today + datetime.timedelta(days=30)).isoformat(),
    }


def test_aanvraag_subject_with_a_line_break_is_refused_and_nothing_saved(client, policy_officer, orgaan, gemeente):
    client.force_login(policy_officer)
    url = reverse("panels:aanvraag-create", args=[orgaan.pk])
    response = client.post(url, _aanvraag_data(gemeente, "Wmo\r\nBcc: iedereen@example.nl"))
    assert response.status_code == 400
    assert "op één regel" in response.content.decode()
    assert not Adviesaanvraag.objects.exists()
    # The question is a text area: its line break is kept.
    assert client.post(url, _aanvraag_data(gemeente, "Wmo-verordening")).status_code == 302
    assert Adviesaanvraag.objects.get().question == "Wat vindt u ervan?\r\nGraag voor de zomer."


def test_aanvraag_mail_subject_is_safe_for_an_old_subject_with_a_line_break(orgaan, make_advies):
    MemberFactory(orgaan=orgaan, role="voorzitter", email="voorzitter@example.nl")
    advies = make_advies(orgaan, subject="Wmo")
    Adviesaanvraag.objects.filter(pk=advies.aanvraag_id).update(subject="Wmo\r\nBcc: iedereen@example.nl\x1b")
    sent = services.aanvraag_notify_send(aanvraag=Adviesaanvraag.objects.get(pk=advies.aanvraag_id))
    assert sent == 1
    (message,) = mail.outbox
    assert message.subject.endswith("Wmo Bcc: iedereen@example.nl")
    assert "\n" not in message.message()["Subject"]
