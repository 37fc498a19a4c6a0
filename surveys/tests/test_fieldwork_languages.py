"""Translations (vertalingen), Frisian first: the resident's pages in the chosen language, Dutch where a text
is untranslated, the same options whatever the language in results and exports, and the JSON file."""

import copy
import gettext
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

import pytest

from surveys.constants import QuestionType, ResponseStatus, SurveyStatus, TranslatedKind
from surveys.fieldwork.translation_services import survey_language_set, survey_translations_save
from surveys.models import Option, Response, Survey, SurveyLanguage, TextTranslation
from surveys.survey_definition import (
    SCHEMA,
    SCHEMA_V1,
    SurveyDefinitionError,
    survey_definition_export,
    survey_definition_import,
)
from surveys.tests.builders import add_question, add_section
from surveys.tests.helpers import url

FY_CATALOGUE = Path(settings.BASE_DIR) / "participatie" / "locale" / "fy" / "LC_MESSAGES" / "django.po"
NL_CATALOGUE = Path(settings.BASE_DIR) / "participatie" / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _build(gemeente, status=SurveyStatus.OPEN):
    survey = Survey.objects.create(
        gemeente=gemeente,
        title="Hulp in de wijk",
        slug=f"hulp-{Survey.objects.count()}",
        status=status,
        introduction="Wij willen weten hoe het gaat.",
    )
    section = add_section(survey, "Uw hulp")
    add_question(section, "K1", QuestionType.SINGLE_CHOICE, "Krijgt u hulp?", options=[("ja", "Ja"), ("nee", "Nee")])
    add_question(section, "K2", QuestionType.SHORT_TEXT, "Wat is uw wijk?", is_required=False)
    return survey


def _frisian(survey, *, offered=True):
    question = survey.questions.get(code="K1")
    options = {option.code: option for option in question.options.all()}
    texts = {
        (TranslatedKind.SURVEY, survey.pk, "title"): "Help yn de wyk",
        (TranslatedKind.SECTION, question.section_id, "title"): "Jo help",
        (TranslatedKind.QUESTION, question.pk, "text"): "Krije jo help?",
        (TranslatedKind.OPTION, options["ja"].pk, "label"): "Ja, dat krij ik",
        (TranslatedKind.OPTION, options["nee"].pk, "label"): "Nee, dat krij ik net",
    }
    survey_translations_save(survey=survey, language="fy", texts=texts)
    survey_language_set(survey=survey, language="fy", offered=offered)
    survey.refresh_from_db()
    return survey


@pytest.fixture
def survey(gemeente):
    return _frisian(_build(gemeente))


def _page(client, survey):
    section = survey.sections.get()
    return reverse("surveys:respond_section", kwargs={"token": survey.public_token, "section_id": section.pk})


def test_a_frisian_response_reads_back_in_dutch_in_the_answer_file(client, survey, policy_officer):
    start = client.get(url(survey, "start") + "?taal=fy").content.decode()
    assert '<html lang="fy">' in start and "Help yn de wyk" in start and "Begjinne" in start
    assert 'hreflang="nl"' in start  # the way back to Dutch
    page = client.get(_page(client, survey))
    html = page.content.decode()
    assert "Krije jo help?" in html and "Ja, dat krij ik" in html and "Folgjende" in html
    # The resident pages' own texts are Frisian too: the error of a required question.
    refused = client.post(_page(client, survey), {"action": "next"})
    assert refused.status_code == 400 and "Kies in antwurd." in refused.content.decode()
    question = survey.questions.get(code="K1")
    chosen = Option.objects.get(question=question, code="nee")
    client.post(_page(client, survey), {f"q{question.pk}": str(chosen.pk), "action": "next"})
    summary = client.get(url(survey, "summary")).content.decode()
    assert "Nee, dat krij ik net" in summary
    done = client.post(url(survey, "summary"))
    assert done.status_code == 302
    assert "Tank foar it ynfoljen" in client.get(url(survey, "done")).content.decode()
    response = Response.objects.get(survey=survey)
    assert response.language == "fy" and response.status == ResponseStatus.COMPLETE
    # The answer file: the Dutch label of the same option, and the language column says fy.
    client.force_login(policy_officer)
    export = client.post(
        reverse("surveys:answer_export", args=[survey.pk]), {"file_format": "csv", "value_mode": "labels"}
    )
    text = zipfile.ZipFile(io.BytesIO(export.content)).read("antwoorden.csv").decode("utf-8").lstrip("\ufeff")
    header, row = (line.split(";") for line in text.strip().split("\r\n"))
    values = dict(zip(header, row, strict=True))
    assert values["K1"] == "Nee" and values["taal"] == "fy"


def test_an_untranslated_text_falls_back_to_dutch(client, survey):
    client.get(url(survey, "start") + "?taal=fy")
    html = client.get(_page(client, survey)).content.decode()
    assert "Wat is uw wijk?" in html  # K2 has no Frisian text
    start = client.get(url(survey, "start")).content.decode()
    assert "Wij willen weten hoe het gaat." in start  # nor has the introduction
    # A portal text missing from the Frisian catalogue is Dutch, never English.
    with translation.override("fy"):
        assert translation.gettext("Log in") == "Inloggen"
        assert translation.gettext("Next") == "Folgjende"


def test_a_language_the_survey_does_not_offer_stays_dutch(client, gemeente):
    survey = _frisian(_build(gemeente), offered=False)
    start = client.get(url(survey, "start") + "?taal=fy").content.decode()
    assert '<html lang="nl">' in start and "Hulp in de wijk" in start and "Beginnen" in start
    assert "hreflang" not in start  # one language: no choice shown
    assert "Hulp in de wijk" in client.get(url(survey, "start") + "?taal=xx").content.decode()


def test_staff_pages_stay_dutch(client, survey, policy_officer):
    client.get(url(survey, "start") + "?taal=fy")
    client.force_login(policy_officer)
    page = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert '<html lang="nl">' in page and "Hulp in de wijk" in page and "Vertalingen" in page


def test_the_builder_shows_what_is_untranslated_and_saves_translations(client, gemeente, policy_officer):
    survey = _build(gemeente, status=SurveyStatus.CONCEPT)
    client.force_login(policy_officer)
    edit = reverse("surveys:translation_edit", args=[survey.pk, "fy"])
    page = client.get(edit).content.decode()
    # title, introduction, page title, two questions, two options: seven texts, none translated yet
    assert "7 teksten zijn nog niet vertaald" in page and page.count("nog niet vertaald</span>") == 7
    question = survey.questions.get(code="K1")
    data = {f"t_question_{question.pk}_text": "Krije jo help?", f"t_survey_{survey.pk}_title": "Help", "offered": "on"}
    assert client.post(edit, data).status_code == 302
    assert set(TextTranslation.objects.values_list("kind", "text")) == {
        ("question", "Krije jo help?"),
        ("survey", "Help"),
    }
    assert SurveyLanguage.objects.filter(survey=survey, language="fy").exists()
    assert "5 teksten zijn nog niet vertaald" in client.get(edit).content.decode()
    listing = client.get(reverse("surveys:translation_list", args=[survey.pk])).content.decode()
    assert "Fries (Frysk)" in listing
    # Emptying a field removes its translation (the Dutch text shows again).
    data[f"t_survey_{survey.pk}_title"] = ""
    client.post(edit, data)
    assert list(TextTranslation.objects.values_list("kind", flat=True)) == ["question"]
    too_long = client.post(edit, {**data, f"t_survey_{survey.pk}_title": "x" * 201})
    assert too_long.status_code == 400 and TextTranslation.objects.count() == 1
    assert client.get(reverse("surveys:translation_edit", args=[survey.pk, "xx"])).status_code == 404


def test_who_translates(client, gemeente, coordinator, council_member, other_policy_officer):
    survey = _build(gemeente, status=SurveyStatus.CONCEPT)
    edit = reverse("surveys:translation_edit", args=[survey.pk, "fy"])
    found = {}
    for name, user in {"coordinator": coordinator, "council": council_member, "other": other_policy_officer}.items():
        client.force_login(user)
        found[name] = (client.get(edit).status_code, client.post(edit, {"offered": "on"}).status_code)
    assert found == {"coordinator": (200, 403), "council": (403, 403), "other": (404, 404)}
    assert not SurveyLanguage.objects.exists()


def test_json_round_trip_with_translations(survey, other_gemeente):
    exported = survey_definition_export(survey=survey)
    assert exported["schema"] == SCHEMA and exported["languages"] == ["fy"]
    fy = exported["translations"]["fy"]
    assert fy["survey"] == {"title": "Help yn de wyk"} and fy["sections"] == {"0": {"title": "Jo help"}}
    assert fy["questions"]["K1"] == {
        "text": "Krije jo help?",
        "options": {"ja": "Ja, dat krij ik", "nee": "Nee, dat krij ik net"},
    }
    copied = survey_definition_import(data=json.loads(json.dumps(exported)), gemeente=other_gemeente)
    assert survey_definition_export(survey=copied) == {**exported, "title": copied.title}
    assert SurveyLanguage.objects.get(survey=copied).language == "fy"


def test_a_version_1_file_still_imports(gemeente, survey):
    old = survey_definition_export(survey=survey)
    old = {key: value for key, value in old.items() if key not in ("languages", "translations")}
    old["schema"] = SCHEMA_V1
    imported = survey_definition_import(data=copy.deepcopy(old), gemeente=gemeente)
    assert imported.questions.count() == 2 and not imported.translations.exists()
    # Version 1 knows no translations.
    with pytest.raises(SurveyDefinitionError) as error:
        survey_definition_import(data={**old, "translations": {}}, gemeente=gemeente)
    assert error.value.errors == ["translations: onbekend veld; controleer de spelling."]


def test_translations_naming_nothing_are_refused_with_their_path(gemeente, survey):
    data = survey_definition_export(survey=survey)
    data["translations"]["fy"]["questions"]["X9"] = {"text": "?"}
    data["translations"]["fy"]["questions"]["K1"]["options"]["misschien"] = "Miskien"
    data["translations"]["xx"] = {}
    data["languages"] = ["fy", "tlh"]
    with pytest.raises(SurveyDefinitionError) as error:
        survey_definition_import(data=data, gemeente=gemeente)
    assert error.value.errors == [
        "languages[1]: onbekende taal 'tlh'.",
        "translations.fy.questions.K1.options.misschien: noemt niets van deze vraag.",
        "translations.fy.questions.X9: noemt geen vraag van dit bestand.",
        "translations.xx: onbekende taal 'xx'.",
    ]


def test_the_frisian_catalogue_is_complete_and_names_only_known_texts():
    text = FY_CATALOGUE.read_text()
    assert "native speaker should review" in text
    assert "fuzzy" not in text and '\nmsgstr ""\n\n' not in text
    frisian = gettext.GNUTranslations(FY_CATALOGUE.with_suffix(".mo").open("rb"))._catalog
    dutch = gettext.GNUTranslations(NL_CATALOGUE.with_suffix(".mo").open("rb"))._catalog
    msgids = {key for key in frisian if key}  # the empty key is the header
    assert len(msgids) > 100
    assert {key for key in msgids if key not in dutch} == set()  # every Frisian text is a portal text
    assert all(frisian[key] for key in msgids)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (msgfmt) is not installed")
def test_the_frisian_catalogue_compiles():
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(FY_CATALOGUE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_demo_translation_and_pilot_are_idempotent(db):
    from io import StringIO

    from participatie.tests.factories import GemeenteFactory
    from surveys.demo import DRAFT
    from surveys.fieldwork.demo_pilot_lang import seed
    from surveys.models import PilotComment, SurveyPilot
    from surveys.template_library import survey_template_get

    fryske_marren = GemeenteFactory(slug="de-fryske-marren", name="De Fryske Marren")
    survey = survey_definition_import(
        data=survey_template_get("bekendheid-clientondersteuning").definition, gemeente=fryske_marren
    )
    survey_definition_import(data=DRAFT, gemeente=GemeenteFactory(slug="middelburg", name="Middelburg"))
    seed(stdout=StringIO())
    counts = (TextTranslation.objects.count(), SurveyLanguage.objects.count(), PilotComment.objects.count())
    seed(stdout=StringIO())
    assert (TextTranslation.objects.count(), SurveyLanguage.objects.count(), PilotComment.objects.count()) == counts
    assert counts[1:] == (1, 2) and SurveyPilot.objects.count() == 1
    # Every text of the survey has its Frisian translation (the grade points 1-10 need none).
    from surveys.languages import translatable_texts

    assert len(translatable_texts(survey=survey)) == TextTranslation.objects.filter(survey=survey).count()
    texts = survey_definition_export(survey=survey)["translations"]["fy"]
    assert len(texts["questions"]) == survey.questions.count() and texts["survey"]["title"].startswith("Bekendheid fan")
