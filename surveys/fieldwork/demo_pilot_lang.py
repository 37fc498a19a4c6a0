"""Demo data of the pilot round and translations: Frisian for the De Fryske Marren survey, a pilot on a draft.

Idempotent: translations are stored by their natural key; the pilot is one per survey and its example
comments are added only once.
"""

from participatie.models import User

from ..constants import PilotCommentKind, SurveyLanguageCode, SurveyStatus, TranslatedKind
from ..models import Option, PilotComment, Question, Section, Survey
from .pilot_services import pilot_save
from .translation_services import survey_language_set, survey_translations_save

FRYSKE_MARREN_TITLE = "Bekendheid van cliëntondersteuning"

# The Frisian texts of the library survey "Bekendheid van cliëntondersteuning", by question and option code.
# Written by a non-native speaker; a native speaker should review them (docs/surveys-languages.md).
FRISIAN = {
    "survey": {
        "title": "Bekendheid fan kliïntûndersteuning",
        "introduction": (
            "Wy wolle witte oft ynwenners kliïntûndersteuning kenne en wat se derfan fine. In kliïntûndersteuner "
            "helpt jo fergees as jo mei de gemeente prate oer soarch, help, wurk of jild. Der binne sa'n 12 fragen. "
            "It ynfoljen duorret sa'n 5 minuten."
        ),
        "privacy_text": (
            "Jo folje de fragelist anonym yn. Wy freegje net nei jo namme of adres. Wy brûke de antwurden allinnich "
            "om de help yn ús gemeente better te meitsjen. In jier neidat de fragelist sluten is, smite wy de "
            "antwurden fuort."
        ),
        "terugkoppeling_text": (
            "Wy sette de útkomsten op de webside en yn de krante. Dêr lêze jo ek wat wy dermei dogge."
        ),
    },
    "sections": [
        {"title": "Wa binne jo?", "intro": "Earst ien fraach oer jo. Dêrmei kieze wy de fragen dy't by jo passe."},
        {"title": "Kenne jo kliïntûndersteuning?"},
        {
            "title": "Jo ûnderfining mei de kliïntûndersteuner",
            "intro": "Dizze fragen binne foar minsken dy't help hawwe of hiene fan in kliïntûndersteuner.",
        },
        {
            "title": "Jo help fan de gemeente",
            "intro": "Dizze fragen binne foar minsken dy't help fan de gemeente hawwe, lykas húshâldlike help of "
            "begelieding.",
        },
        {"title": "Ta beslút"},
    ],
    "questions": {
        "S1": (
            "Hokker sin past it bêste by jo?",
            {
                "inwoner": "Ik wenje hjir en haw gjin help fan de gemeente",
                "gebruiker": "Ik haw help fan in kliïntûndersteuner, no of earder",
                "voorziening": "Ik haw help fan de gemeente, lykas húshâldlike help, begelieding of in scootmobyl",
            },
        ),
        "K1": ("Hawwe jo wolris heard fan kliïntûndersteuning?", {"ja": "Ja", "nee": "Nee"}),
        "K2": (
            "Wêr hawwe jo dêroer heard?",
            {
                "gemeente": "By de gemeente",
                "maatschappelijk": "By it maatskiplik wurk of it wykteam",
                "zorg": "By de húsdokter of in soarchferliener",
                "media": "Yn de krante, op ynternet of op sosjale media",
                "kennissen": "Fan famylje, buorlju of kunde",
                "anders": "Earne oars, nammentlik",
            },
        ),
        "K3": (
            "Stel dat jo help nedich hawwe fan de gemeente. Soene jo dan in kliïntûndersteuner freegje?",
            {"ja": "Ja", "misschien": "Miskien", "nee": "Nee", "weetniet": "Dat wit ik net"},
        ),
        "K4": (
            "Wannear soene jo in kliïntûndersteuner freegje?",
            {
                "zelf-niet": "As ik it sels net mear kin",
                "brieven": "As ik de brieven of regels net begryp",
                "oneens": "As ik it net iens bin mei de gemeente",
                "meteen": "Daliks as ik help oanfreegje",
                "anders": "Op in oar momint, nammentlik",
            },
        ),
        "G1": (
            "Hoe kamen jo by de kliïntûndersteuner?",
            {
                "zelf": "Ik haw it sels frege",
                "gemeente": "De gemeente wiisde my derop",
                "ander": "Immen oars wiisde my derop",
            },
        ),
        "G2": ("Wat hat de kliïntûndersteuner foar jo betsjutte?", {}),
        "G3": ("Hokker rapportsifer jouwe jo de kliïntûndersteuning?", {"weetniet": "Wit ik net"}),
        "V1": ("Hiene jo in kliïntûndersteuner doe't jo de help oanfregen?", {"ja": "Ja", "nee": "Nee"}),
        "V2": (
            "Wêrom hiene jo gjin kliïntûndersteuner?",
            {
                "onbekend": "Ik wist net dat it bestie",
                "niet-nodig": "Ik hie it net nedich",
                "familie": "Famylje of freonen holpen my",
                "gedoe": "It like my tefolle gedoch",
                "anders": "In oare reden, nammentlik",
            },
        ),
        "V3": ("Wat die de kliïntûndersteuner foar jo by de oanfraach?", {}),
        "T1": (
            "Hoe âld binne jo?",
            {
                "tot18": "Jonger as 18 jier",
                "18-39": "18 oant 40 jier",
                "40-64": "40 oant 65 jier",
                "65-79": "65 oant 80 jier",
                "80plus": "80 jier of âlder",
                "geen": "Dat sis ik leaver net",
            },
        ),
        "T2": ("Wolle jo noch wat sizze?", {}),
    },
    "help_texts": {"G3": "1 is hiel min, 10 is hiel goed."},
}


def frisian_texts(survey: Survey) -> dict:
    """The Frisian texts of the De Fryske Marren survey keyed by (kind, object id, field)."""
    texts = {(TranslatedKind.SURVEY, survey.pk, field): text for field, text in FRISIAN["survey"].items()}
    for section, fields in zip(
        Section.objects.filter(survey=survey).order_by("position", "id"), FRISIAN["sections"], strict=False
    ):
        for field, text in fields.items():
            texts[(TranslatedKind.SECTION, section.pk, field)] = text
    questions = {question.code: question for question in Question.objects.filter(survey=survey)}
    for code, (text, options) in FRISIAN["questions"].items():
        question = questions.get(code)
        if question is None:
            continue
        texts[(TranslatedKind.QUESTION, question.pk, "text")] = text
        if code in FRISIAN["help_texts"]:
            texts[(TranslatedKind.QUESTION, question.pk, "help_text")] = FRISIAN["help_texts"][code]
        for option in Option.objects.filter(question=question, code__in=options):
            texts[(TranslatedKind.OPTION, option.pk, "label")] = options[option.code]
    return texts


def seed(*, stdout) -> None:
    """Frisian for the De Fryske Marren survey; a pilot round on Middelburg's draft for a council member."""
    survey = Survey.objects.filter(gemeente__slug="de-fryske-marren", title=FRYSKE_MARREN_TITLE).first()
    if survey is not None:
        survey_translations_save(survey=survey, language=SurveyLanguageCode.FRISIAN, texts=frisian_texts(survey))
        survey_language_set(survey=survey, language=SurveyLanguageCode.FRISIAN, offered=True)
        stdout.write(f"  Vertaling in het Fries: {survey.title} ({survey.gemeente.name})")
    draft = Survey.objects.filter(gemeente__slug="middelburg", status=SurveyStatus.CONCEPT).order_by("pk").first()
    if draft is None:
        return
    officer = User.objects.filter(email="beleid@middelburg.demo").first()
    # A named tester, not the orgaan: the panels app seeds its organen after this app, and a second run
    # must change nothing. The council member sees the pilot round on the start page.
    testers = list(User.objects.filter(email="adviesraad@middelburg.demo"))
    pilot = pilot_save(survey=draft, user=officer, orgaan=None, testers=testers, open_to_link=False)
    if not PilotComment.objects.filter(pilot=pilot).exists():
        questions = list(Question.objects.filter(survey=draft).order_by("section__position", "position")[:2])
        examples = [
            (
                PilotCommentKind.SUGGESTIVE,
                "‘Ik werd snel geholpen’ stuurt naar ‘mee eens’. Vraag liever hoe lang het duurde.",
            ),
            (PilotCommentKind.TOO_DIFFICULT, "Het woord ‘zinnen’ is niet duidelijk voor iedereen."),
        ]
        for question, (kind, text) in zip(questions, examples, strict=False):
            PilotComment.objects.create(pilot=pilot, question=question, kind=kind, text=text)
    stdout.write(f"  Proefronde: {draft.title} ({draft.gemeente.name})")
