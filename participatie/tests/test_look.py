"""A gemeente's own look: colour checked for contrast, served as design tokens, used by resident pages and e-mails."""

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

import pytest

from participatie.look import contrast_ratio, validate_primary_colour
from participatie.models import Gemeente

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),
        ("#0d6efd", "#ffffff", 4.5),
    ],
)
def test_contrast_ratio_follows_wcag_relative_luminance(first, second, expected):
    assert round(contrast_ratio(first, second), 2) == expected


@pytest.mark.parametrize("colour", ["#154273", "#0d6efd", "#767676", "#000000"])
def test_dark_enough_colours_are_accepted(colour):
    validate_primary_colour(colour)


@pytest.mark.parametrize(("colour", "ratio"), [("#777777", "4,48"), ("#ffbf47", "1,64"), ("#ffffff", "1,00")])
def test_a_colour_white_text_cannot_be_read_on_is_refused_in_dutch(colour, ratio):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_primary_colour(colour)
    message = refused.value.messages[0]
    assert f"Witte tekst op {colour} heeft een contrast van {ratio}:1" in message
    assert "Kies een donkerder kleur." in message


@pytest.mark.parametrize("colour", ["blue", "#12345", "#1234567", "154273", "#gggggg"])
def test_a_colour_that_is_no_hex_code_is_refused(colour):
    with translation.override("nl"), pytest.raises(ValidationError, match="bijvoorbeeld #154273"):
        validate_primary_colour(colour)


def test_staff_set_the_colour_in_the_admin_and_a_low_contrast_one_is_refused(client, staff_user, gemeente):
    client.force_login(staff_user)
    url = reverse("admin:participatie_gemeente_change", args=[gemeente.pk])
    # Every field as the change form shows it, so the test keeps working when the model gains one.
    data = {key: value for key, value in model_to_dict(gemeente, exclude=["id", "logo"]).items() if value is not None}

    refused = client.post(url, {**data, "primary_colour": "#ffbf47"})
    assert refused.status_code == 200
    assert "Kies een donkerder kleur." in refused.content.decode()
    assert Gemeente.objects.get(pk=gemeente.pk).primary_colour == ""

    accepted = client.post(url, {**data, "primary_colour": "#7a1d6b"})
    assert accepted.status_code == 302
    assert Gemeente.objects.get(pk=gemeente.pk).primary_colour == "#7a1d6b"


def test_the_look_stylesheet_carries_the_colour_as_design_tokens_and_may_be_cached(client, gemeente):
    gemeente.primary_colour = "#7A1D6B"
    gemeente.save()

    response = client.get(reverse("gemeente-look", args=[gemeente.slug]))

    css = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert "--nl-brand-primary: #7a1d6b;" in css
    assert "--utrecht-button-primary-action-background-color: #7a1d6b;" in css
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert client.get(reverse("gemeente-look", args=["bestaat-niet"])).status_code == 404


def test_without_a_colour_the_portal_colour_is_used(client, gemeente):
    css = client.get(reverse("gemeente-look", args=[gemeente.slug])).content.decode()
    assert "--nl-brand-primary: #154273;" in css


def test_public_and_survey_pages_use_the_look_without_inline_style(client, gemeente):
    from surveys.tests.factories import OpenSurveyFactory

    survey = OpenSurveyFactory(gemeente=gemeente, is_public=True)
    gemeente.primary_colour = "#7a1d6b"
    gemeente.save()
    look_url = reverse("gemeente-look", args=[gemeente.slug])

    public = client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()
    start = client.get(reverse("surveys:respond_start", args=[survey.public_token])).content.decode()

    for html in (public, start):
        assert f'href="{look_url}?v=' in html
        assert "gemeente-look.css" in html
        assert 'style="' not in html
    # A new colour gives a new stylesheet address, so no browser keeps the old one.
    gemeente.primary_colour = "#154273"
    gemeente.save()
    again = client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()
    old_version = public.split(f"{look_url}?v=")[1][:10]
    assert f"{look_url}?v={old_version}" not in again


def test_emails_to_residents_carry_the_gemeentes_name_colour_and_logo(gemeente, settings):
    from django.template.loader import render_to_string

    settings.SITE_URL = "https://participatie.example.nl"
    gemeente.primary_colour = "#7a1d6b"
    gemeente.logo.name = "gemeenten/logos/middelburg.png"
    html = render_to_string("emails/_gemeente_header.html", {"gemeente": gemeente})

    assert "border-top: 8px solid #7a1d6b" in html
    assert 'src="https://participatie.example.nl/media/gemeenten/logos/middelburg.png"' in html
    assert "Gemeente Middelburg" in html


def test_every_page_has_a_favicon_and_a_print_stylesheet(client):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert 'href="/static/css/print.css" media="print"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.ico"
