"""The resident's way through a survey: pages, storage per type, summary, sending, closing."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from surveys.constants import ResponseStatus, SurveyStatus
from surveys.models import Answer, Response
from surveys.services import survey_close
from surveys.tests.builders import build_all_types_survey
from surveys.tests.helpers import field, option, page_one_data, page_two_data, question, section_url, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(gemeente):
    return build_all_types_survey(
        gemeente,
        terugkoppeling_text="In juni leest u op de website wat we met de antwoorden doen.",
        terugkoppeling_date=date(2026, 6, 30),
        introduction="Wij willen weten hoe u de ondersteuning ervaart.",
    )


def sections(survey):
    return list(survey.sections.order_by("position"))


def test_start_page_shows_gemeente_intro_and_start(client, survey):
    response = client.get(url(survey, "start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Middelburg" in html
    assert "Wij willen weten hoe u de ondersteuning ervaart." in html
    assert section_url(survey, sections(survey)[0]) in html
    assert html.count("<h1") == 1
    assert not Response.objects.exists(), "looking at a survey stores nothing"


def test_concept_survey_is_not_public(client, gemeente):
    survey = build_all_types_survey(gemeente, status=SurveyStatus.CONCEPT)
    assert client.get(url(survey, "start")).status_code == 404


def test_section_page_renders_every_type_accessibly(client, survey):
    one, two, _three = sections(survey)
    html = client.get(section_url(survey, one)).content.decode()
    assert "Stap 1 van 2" in html  # page three is hidden until "gebruik" is answered with yes
    assert f'<label class="form-label question-label" for="id_{field(survey, "naam")}">' in html
    assert "(niet verplicht)" in html
    assert 'inputmode="numeric"' in html
    assert "<legend" in html and 'type="radio"' in html
    assert f'id="id_{field(survey, "wie")}_other"' in html
    html = client.get(section_url(survey, two)).content.decode()
    assert 'type="checkbox"' in html
    assert "matrix-statement" in html and html.count("<fieldset") >= 6  # matrix: outer + one per statement
    assert "Ik werd goed geholpen." in html and "Weet niet" in html
    # The last visible page also asks whether someone helped (it offers sending): those radios apart.
    assert html.count('type="radio"') - html.count('name="assisted_by"') == (6 + 10 + 2 * 6)


def test_full_flow_stores_each_type_and_sends(client, survey, mailoutbox):
    one, two, three = sections(survey)
    response = client.post(section_url(survey, one), page_one_data(survey))
    assert response.status_code == 302
    assert response["Location"] == section_url(survey, two)
    response = client.post(section_url(survey, two), page_two_data(survey))
    assert response["Location"] == section_url(survey, three)
    html = client.get(section_url(survey, three)).content.decode()
    assert "Stap 3 van 3" in html
    assert "<select" in html
    response = client.post(
        section_url(survey, three),
        {field(survey, "ondersteuner"): option(survey, "ondersteuner", "goed"), "action": "next"},
    )
    assert response["Location"] == url(survey, "summary")

    stored = Response.objects.get()
    answers = {(a.question.code, a.statement.code if a.statement else None): a for a in Answer.objects.all()}
    assert answers[("naam", None)].text_value == "Jan"
    assert answers[("leeftijd", None)].number_value == Decimal("67")
    assert answers[("geboren", None)].date_value == date(1958, 3, 15)
    assert answers[("gebruik", None)].option.code == "ja"
    assert answers[("wie", None)].option.code == "anders"
    assert answers[("wie", None)].text_value == "Mijn buurvrouw"
    assert sorted(a.option.code for a in Answer.objects.filter(question__code="kanalen")) == ["balie", "web"]
    assert answers[("tevreden", None)].option.is_off_scale
    assert answers[("cijfer", None)].option.score == 8
    assert answers[("stellingen", "s1")].option.code == "2"
    assert answers[("stellingen", "s2")].option.code == "wn"
    assert answers[("toelichting", None)].text_value == "Prima geholpen.\nDank!"
    assert stored.status == ResponseStatus.IN_PROGRESS

    summary = client.get(url(survey, "summary")).content.decode()
    assert "Mijn buurvrouw" in summary and "Website" in summary and "15-3-1958" in summary
    assert summary.count("Wijzigen") == 3
    assert "Niet beantwoord" not in summary

    response = client.post(url(survey, "summary"), {})
    assert response["Location"] == url(survey, "done")
    stored.refresh_from_db()
    assert stored.status == ResponseStatus.COMPLETE and stored.completed_at is not None
    done = client.get(url(survey, "done")).content.decode()
    assert "In juni leest u op de website" in done
    assert "30 juni 2026" in done


def test_required_answers_missing_gives_400_with_dutch_messages(client, survey):
    one = sections(survey)[0]
    response = client.post(section_url(survey, one), {"action": "next"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Beantwoord deze vraag." in html
    assert "Kies een antwoord." in html
    assert "data-error-summary" in html and "autofocus" in html
    assert f'href="#id_{field(survey, "leeftijd")}"' in html
    assert f'href="#id_{field(survey, "gebruik")}_0"' in html
    assert 'aria-invalid="true"' in html
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("naam", "x" * 21, "Gebruik maximaal 20 tekens; u gebruikte er 21."),
        ("leeftijd", "121", "Vul een getal in van 0 tot en met 120."),
        ("leeftijd", "-1", "Vul een getal in van 0 tot en met 120."),
        ("leeftijd", "veertig", "Vul een heel getal in, bijvoorbeeld 12."),
        ("leeftijd", "40,5", "Vul een heel getal in, zonder komma."),
        ("geboren", "31-2-1958", "Vul een datum in als dag-maand-jaar, bijvoorbeeld 15-3-2024."),
        ("geboren", "gisteren", "Vul een datum in als dag-maand-jaar, bijvoorbeeld 15-3-2024."),
        ("gebruik", "abc", "Kies een van de antwoorden uit de lijst."),
    ],
)
def test_field_validation_messages(client, survey, code, value, message):
    one = sections(survey)[0]
    response = client.post(section_url(survey, one), page_one_data(survey, **{field(survey, code): value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_other_text_required_when_other_chosen(client, survey):
    one = sections(survey)[0]
    data = page_one_data(survey)
    data[field(survey, "wie") + "_other"] = ""
    response = client.post(section_url(survey, one), data)
    assert response.status_code == 400
    assert "Vul in wat u bedoelt met" in response.content.decode()


def test_option_of_another_question_or_survey_is_refused(client, survey, gemeente):
    one = sections(survey)[0]
    other_question_option = option(survey, "wie", "zelf")
    response = client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): other_question_option})
    )
    assert response.status_code == 400
    assert "Kies een van de antwoorden uit de lijst." in response.content.decode()
    other_survey = build_all_types_survey(gemeente)
    foreign = option(other_survey, "gebruik", "ja")
    response = client.post(section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): foreign}))
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_section_of_another_survey_is_404(client, survey, gemeente):
    other = build_all_types_survey(gemeente)
    assert client.get(section_url(survey, other.sections.first())).status_code == 404


def test_too_many_choices(client, survey):
    one, two, _ = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    codes = ["web", "balie", "telefoon"]
    data = page_two_data(survey, **{field(survey, "kanalen"): [option(survey, "kanalen", c) for c in codes]})
    response = client.post(section_url(survey, two), data)
    assert response.status_code == 400
    assert "Kies maximaal 2 antwoorden." in response.content.decode()
    assert not Answer.objects.filter(question__section=two).exists()


def test_matrix_statements_required_each(client, survey):
    one, two, _ = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    response = client.post(section_url(survey, two), page_two_data(survey, **{field(survey, "stellingen", "s2"): None}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies een antwoord bij deze zin." in html  # residents read "zin", not "stelling"
    assert f'href="#id_{field(survey, "stellingen", "s2")}_0"' in html


def test_long_text_limit_counts_line_breaks_once(client, survey):
    one, two, _ = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    text = ("a" * 24 + "\r\n") * 2  # 50 characters as the person sees them
    assert (
        client.post(section_url(survey, two), page_two_data(survey, **{field(survey, "toelichting"): text})).status_code
        == 302
    )
    too_long = text + "b"
    response = client.post(section_url(survey, two), page_two_data(survey, **{field(survey, "toelichting"): too_long}))
    assert response.status_code == 400
    assert "Gebruik maximaal 50 tekens; u gebruikte er 51." in response.content.decode()


def test_decimal_numbers_accept_a_comma(client, gemeente):
    from surveys.constants import QuestionType
    from surveys.tests.builders import add_question, add_section

    survey = build_all_types_survey(gemeente)
    extra = add_section(survey, "Extra", position=10)
    add_question(extra, "uren", QuestionType.NUMBER, "Hoeveel uur?", allow_decimals=True, min_value=0, max_value=24)
    client.post(section_url(survey, survey.sections.get(position=0)), page_one_data(survey))
    response = client.post(section_url(survey, extra), {field(survey, "uren"): "3,5", "action": "next"})
    assert response.status_code == 302
    assert Answer.objects.get(question__code="uren").number_value == Decimal("3.5")
    assert "3,5" in client.get(section_url(survey, extra)).content.decode()


def test_previous_keeps_answers_without_validation(client, survey):
    one, two, _ = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    # Half a page, one bad value: going back keeps the valid answers and shows no error.
    data = {
        field(survey, "kanalen"): [option(survey, "kanalen", "web")],
        field(survey, "cijfer"): "999999",
        "action": "previous",
    }
    response = client.post(section_url(survey, two), data)
    assert response.status_code == 302
    assert response["Location"] == section_url(survey, one)
    assert Answer.objects.filter(question__code="kanalen").count() == 1
    assert not Answer.objects.filter(question__code="cijfer").exists()
    html = client.get(section_url(survey, one)).content.decode()
    assert 'value="Jan"' in html and 'value="67"' in html and 'value="15-3-1958"' in html
    html = client.get(section_url(survey, two)).content.decode()
    assert f'value="{option(survey, "kanalen", "web")}" checked' in html


def test_hidden_section_answers_removed_when_earlier_answer_changes(client, survey):
    one, two, three = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    client.post(section_url(survey, two), page_two_data(survey))
    client.post(
        section_url(survey, three),
        {field(survey, "ondersteuner"): option(survey, "ondersteuner", "goed"), "action": "next"},
    )
    assert Answer.objects.filter(question__code="ondersteuner").exists()
    # Change "gebruik" to no: page three is now hidden, and its answer goes.
    response = client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    assert response.status_code == 302
    assert not Answer.objects.filter(question__code="ondersteuner").exists()
    response = client.post(section_url(survey, two), page_two_data(survey))
    assert response["Location"] == url(survey, "summary")
    assert client.get(section_url(survey, three))["Location"] == url(survey, "summary")
    assert "Uw ondersteuner" not in client.get(url(survey, "summary")).content.decode()
    client.post(url(survey, "summary"))
    assert Response.objects.get().status == ResponseStatus.COMPLETE


def test_hidden_question_answers_are_not_stored(client, gemeente):
    from surveys.constants import QuestionType
    from surveys.tests.builders import add_question, add_rule

    survey = build_all_types_survey(gemeente)
    one = survey.sections.get(position=0)
    follow_up = add_question(one, "hoelang", QuestionType.NUMBER, "Hoe lang al?")
    add_rule(question(survey, "gebruik"), ["ja"], question=follow_up)
    # Answer "no" but send a value for the hidden follow-up: it is ignored, even though it is invalid.
    data = page_one_data(
        survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee"), field(survey, "hoelang"): "abc"}
    )
    response = client.post(section_url(survey, one), data)
    assert response.status_code == 302
    assert not Answer.objects.filter(question=follow_up).exists()


def test_question_appearing_on_same_page_keeps_respondent_there(client, gemeente):
    from surveys.constants import QuestionType
    from surveys.tests.builders import add_question, add_rule

    survey = build_all_types_survey(gemeente)
    one = survey.sections.get(position=0)
    follow_up = add_question(one, "hoelang", QuestionType.NUMBER, "Hoe lang al?")
    add_rule(question(survey, "gebruik"), ["ja"], question=follow_up)
    assert "Hoe lang al?" not in client.get(section_url(survey, one)).content.decode()
    response = client.post(section_url(survey, one), page_one_data(survey))
    assert response.status_code == 302 and response["Location"] == f"{section_url(survey, one)}?nieuw={follow_up.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "Hoe lang al?" in html and "een extra vraag op deze pagina" in html
    # The new question is marked in words (portal.js moves the focus to its field).
    revealed = html.split("data-revealed-question", 1)[1]
    assert revealed.index("Nieuwe vraag") < revealed.index("Hoe lang al?")
    assert html.count("data-revealed-question") == 1


def test_first_step_has_no_previous_button_and_later_steps_do(client, survey):
    one, two, _three = sections(survey)
    assert 'value="previous"' not in client.get(section_url(survey, one)).content.decode()
    client.post(section_url(survey, one), page_one_data(survey))
    assert 'value="previous"' in client.get(section_url(survey, two)).content.decode()


def test_resident_pages_have_no_login_button_and_link_the_statements(client, survey):
    html = client.get(url(survey, "start")).content.decode()
    assert 'href="/accounts/login/"' not in html
    assert 'href="/toegankelijkheid/"' in html and 'href="/privacy/"' in html
    assert "e-mailadres" in html.split('id="privacy-title"', 1)[1]


def test_start_page_offers_the_gemeentes_helpline_only_when_it_has_one(client, survey):
    assert "Wilt u hulp bij het invullen?" not in client.get(url(survey, "start")).content.decode()
    survey.gemeente.helpline_phone = "0118 - 67 50 00"
    survey.gemeente.save()
    assert "Wilt u hulp bij het invullen? Bel 0118 - 67 50 00." in client.get(url(survey, "start")).content.decode()


def test_send_checks_required_answers_of_every_page(client, survey):
    one, two, _ = sections(survey)
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    response = client.post(url(survey, "summary"))
    assert response.status_code == 302
    assert response["Location"].startswith(section_url(survey, two))
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS


def test_double_click_on_send_stores_one_response(client, survey):
    one, two, _ = sections(survey)
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    client.post(section_url(survey, two), page_two_data(survey))
    first = client.post(url(survey, "summary"))
    second = client.post(url(survey, "summary"))
    assert first["Location"] == second["Location"] == url(survey, "done")
    assert Response.objects.count() == 1
    assert Response.objects.get().status == ResponseStatus.COMPLETE
    assert Answer.objects.count() == 12


def test_survey_closing_while_on_last_page_keeps_answers_as_incomplete(client, survey):
    one, two, _ = sections(survey)
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    client.post(section_url(survey, two), page_two_data(survey))
    survey_close(survey=survey)
    response = client.post(url(survey, "summary"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "gesloten terwijl u" in html
    stored = Response.objects.get()
    assert stored.status == ResponseStatus.INCOMPLETE
    assert stored.answers.count() == 12


def test_survey_passing_its_closing_moment_on_last_page(client, survey):
    one, two, _ = sections(survey)
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    client.post(section_url(survey, two), page_two_data(survey))
    type(survey).objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    response = client.post(url(survey, "summary"))
    assert response.status_code == 409
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert Response.objects.get().status == ResponseStatus.INCOMPLETE


def test_closed_and_not_yet_open_surveys_show_a_friendly_page(client, survey):
    survey_close(survey=survey)
    response = client.get(url(survey, "start"))
    assert response.status_code == 200
    assert "Deze vragenlijst is gesloten" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main")[1]
    survey.status = SurveyStatus.OPEN
    survey.closed_at = None
    survey.opens_at = timezone.now() + timedelta(days=3)
    survey.save()
    response = client.get(section_url(survey, survey.sections.first()))
    assert response.status_code == 200
    assert "Deze vragenlijst is nog niet open" in response.content.decode()
    response = client.post(section_url(survey, survey.sections.first()), page_one_data(survey))
    assert response.status_code == 409
    assert not Response.objects.exists()


def test_response_cap(client, survey):
    survey.max_responses = 1
    survey.save()
    one = sections(survey)[0]
    assert client.post(section_url(survey, one), page_one_data(survey)).status_code == 302
    client.logout()
    other = type(client)()
    response = other.post(section_url(survey, one), page_one_data(survey))
    assert response.status_code == 409
    assert "Deze vragenlijst is vol" in response.content.decode()
    assert "Deze vragenlijst is vol" in other.get(url(survey, "start")).content.decode()
    assert Response.objects.count() == 1


def test_resume_with_code_on_another_device(client, survey, mailoutbox):
    one, two, _ = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    stored = Response.objects.get()
    html = client.get(section_url(survey, two)).content.decode()
    shown = "-".join(stored.resume_code[i : i + 4] for i in range(0, 12, 4))
    assert shown in html
    other = type(client)()
    response = other.post(url(survey, "resume"), {"code": shown.lower()})
    assert response.status_code == 302 and response["Location"] == section_url(survey, two)
    assert 'value="Jan"' in other.get(section_url(survey, one)).content.decode()
    # A resume link works the same way.
    third = type(client)()
    assert third.get(url(survey, "resume_link", code=stored.resume_code))["Location"] == section_url(survey, two)


def test_wrong_resume_code(client, survey):
    response = client.post(url(survey, "resume"), {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 404
    assert "We kunnen geen antwoorden vinden met deze code" in response.content.decode()
    response = client.post(url(survey, "resume"), {"code": "kort"})
    assert response.status_code == 400
    assert "Dit is geen geldige code" in response.content.decode()


def test_resume_link_by_email_does_not_store_the_address(
    client, survey, mailoutbox, django_capture_on_commit_callbacks
):
    one, two, _ = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(survey, "resume_mail"), {"email": "inwoner@example.nl"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["inwoner@example.nl"]
    assert Response.objects.get().resume_code in message.body
    assert message.alternatives
    from surveys.models import TerugkoppelingEmail

    assert not TerugkoppelingEmail.objects.exists()
    response = client.post(url(survey, "resume_mail"), {"email": "geen-adres"})
    assert response.status_code == 400
    assert "Vul een e-mailadres in zoals naam@voorbeeld.nl." in response.content.decode()


def test_terugkoppeling_email_opt_in_is_kept_apart(client, survey):
    one, two, _ = sections(survey)
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    client.post(section_url(survey, two), page_two_data(survey))
    client.post(url(survey, "summary"))
    response = client.post(url(survey, "done"), {"email": "geen-adres"})
    assert response.status_code == 400
    response = client.post(url(survey, "done"), {"email": "Inwoner@Example.nl"})
    assert response.status_code == 302
    from surveys.models import TerugkoppelingEmail

    kept = TerugkoppelingEmail.objects.get()
    assert kept.email == "inwoner@example.nl" and kept.survey == survey
    assert {f.name for f in TerugkoppelingEmail._meta.get_fields()} == {"id", "survey", "email", "created_on"}
    assert "We sturen u een bericht" in client.get(url(survey, "done")).content.decode()
    # Twice the same address: kept once.
    client.post(url(survey, "done"), {"email": "inwoner@example.nl"})
    assert TerugkoppelingEmail.objects.count() == 1


def test_done_page_without_sending_redirects_to_start(client, survey):
    assert client.get(url(survey, "done"))["Location"] == url(survey, "start")


@pytest.mark.django_db(transaction=True)
def test_option_removed_while_respondent_was_on_the_page(client, gemeente):
    """A stale in-memory structure never ends in a 500: the respondent gets a clear 409 page."""
    from surveys.models import Option

    survey = build_all_types_survey(gemeente)
    one = survey.sections.get(position=0)
    client.get(section_url(survey, one))  # the structure is now in memory
    data = page_one_data(survey)
    Option.objects.filter(
        question__survey=survey, question__code="wie", code="anders"
    ).delete()  # without survey_structure_changed
    response = client.post(section_url(survey, one), data)
    assert response.status_code == 409
    assert "De vragenlijst is net aangepast" in response.content.decode()
    assert not Answer.objects.exists()
    # The next try uses the fresh structure.
    data[field(survey, "wie")] = option(survey, "wie", "zelf")
    response = client.post(section_url(survey, one), data)
    assert response.status_code == 302


def test_gemeente_logo_and_name_on_every_page(client, survey, gemeente):
    gemeente.logo = "gemeenten/logos/middelburg.png"
    gemeente.save()
    for path in (url(survey, "start"), section_url(survey, sections(survey)[0]), url(survey, "summary")):
        html = client.get(path).content.decode()
        assert 'src="/media/gemeenten/logos/middelburg.png"' in html
        assert "Gemeente Middelburg" in html


def test_change_from_summary_returns_to_summary(client, survey):
    one, two, _ = sections(survey)
    client.post(
        section_url(survey, one), page_one_data(survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee")})
    )
    client.post(section_url(survey, two), page_two_data(survey))
    html = client.get(section_url(survey, one) + "?terug=overzicht").content.decode()
    assert 'name="return" value="summary"' in html and "Bewaren en terug naar het overzicht" in html
    data = page_one_data(
        survey, **{field(survey, "gebruik"): option(survey, "gebruik", "nee"), field(survey, "naam"): "Piet"}
    )
    response = client.post(section_url(survey, one), {**data, "return": "summary"})
    assert response["Location"] == url(survey, "summary")
    assert "Piet" in client.get(url(survey, "summary")).content.decode()


def test_start_page_offers_to_continue_where_you_left_off(client, survey):
    one, two, _ = sections(survey)
    client.post(section_url(survey, one), page_one_data(survey))
    html = client.get(url(survey, "start")).content.decode()
    assert "Verder waar u gebleven was" in html
    assert section_url(survey, two) in html
