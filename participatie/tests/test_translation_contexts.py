"""One English word with two meanings gets a gettext context, so each meaning has its own Dutch word."""

from django.urls import reverse
from django.utils import translation

from feedback.constants import DeliveryStatus
from panels.constants import AdviesStatus
from surveys.constants import SurveyStatus
from surveys.tests.factories import OpenSurveyFactory


def test_sent_email_and_sent_advies_read_differently_in_dutch():
    with translation.override("nl"):
        assert str(DeliveryStatus.SENT.label) == "Verzonden"
        assert str(AdviesStatus.SENT.label) == "Uitgebracht"


def test_a_closed_survey_is_gesloten_and_a_closed_advies_afgerond():
    with translation.override("nl"):
        assert str(SurveyStatus.CLOSED.label) == "Gesloten"
        assert str(AdviesStatus.CLOSED.label) == "Afgerond"


def test_survey_list_counts_sent_answers_with_the_word_the_survey_page_uses(client, policy_officer, gemeente):
    OpenSurveyFactory(gemeente=gemeente)
    client.force_login(policy_officer)

    html = client.get(reverse("surveys:survey_list")).content.decode()

    assert ">Verstuurd</th>" in html
    assert "Uitgebracht" not in html
