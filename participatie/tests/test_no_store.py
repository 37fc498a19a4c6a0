"""Cache-Control: no-store wherever personal data or answers may be shown, over every URL pattern."""

from django.urls import reverse

import pytest

from participatie.checks import served_views
from participatie.tests.test_url_permissions import OBJECT_URLS, World
from surveys.constants import RESUME_CODE_ALPHABET, RESUME_CODE_LENGTH

# Pages with arguments that name no object of a gemeente (public pages, keys), named for the world.
PUBLIC_ARGUMENTS = {
    "gemeente-public": lambda w: {"slug": w.gemeente.slug},
    "gemeente-look": lambda w: {"slug": w.gemeente.slug},
    "surveys:respond_start": lambda w: {"token": w.survey.public_token},
    "surveys:respond_section": lambda w: {"token": w.survey.public_token, "section_id": w.section.pk},
    "surveys:respond_summary": lambda w: {"token": w.survey.public_token},
    "surveys:respond_done": lambda w: {"token": w.survey.public_token},
    "surveys:respond_resume": lambda w: {"token": w.survey.public_token},
    "surveys:respond_resume_mail": lambda w: {"token": w.survey.public_token},
    "surveys:respond_resume_link": lambda w: {
        "token": w.survey.public_token,
        "code": RESUME_CODE_ALPHABET[0] * RESUME_CODE_LENGTH,
    },
    "surveys:fieldwork_code": lambda w: {"token": w.survey.public_token},
    "surveys:fieldwork_code_link": lambda w: {"token": w.survey.public_token, "code": "ABCDE-FGHJK"},
    "export-download": lambda w: {"key": "x"},
    "surveys:summary_public": lambda w: {"token": w.survey.public_token},
    "surveys:pilot_start": lambda w: {"token": w.pilot.token},
    "surveys:pilot_section": lambda w: {"token": w.pilot.token, "section_id": w.section.pk},
    "surveys:pilot_comment": lambda w: {"token": w.pilot.token, "section_id": w.section.pk},
    "surveys:pilot_summary": lambda w: {"token": w.pilot.token},
    "surveys:pilot_done": lambda w: {"token": w.pilot.token},
    "surveys:template_copy": lambda w: {"key": "x"},
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "set-password"},
}
# Views that show the same to everyone and may be cached (no_store = False on the class).
CACHEABLE = {"gemeente-look"}


@pytest.fixture
def world(db, gemeente, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return World(gemeente)


def _crawl(world):
    """(name, url) of every served view of the portal (the admin is asked for its index only)."""
    urls = [("admin:index", reverse("admin:index"))]
    for served in served_views():
        if served.namespace.split(":")[0] == "admin" or served.view_class is None:
            continue
        arguments = OBJECT_URLS.get(served.name) or PUBLIC_ARGUMENTS.get(served.name)
        if served.converters and arguments is None:
            raise AssertionError(f"{served.name}: add its arguments to the crawl")
        urls.append((served.name, reverse(served.name, kwargs=arguments(world) if arguments else None)))
    return urls


def test_every_page_and_download_for_a_logged_in_user_is_no_store(client, world, staff_user):
    client.force_login(staff_user)
    crawled = _crawl(world)
    assert len(crawled) > 80
    missing = {}
    for name, url in crawled:
        response = client.get(url)
        if name not in CACHEABLE and "no-store" not in response.get("Cache-Control", ""):
            missing[name] = (response.status_code, response.get("Cache-Control"))
    assert missing == {}


def test_the_residents_own_answer_pages_are_no_store_without_login(client, world):
    for name, arguments in PUBLIC_ARGUMENTS.items():
        if name.startswith("surveys:respond_"):
            response = client.get(reverse(name, kwargs=arguments(world)))
            assert "no-store" in response.get("Cache-Control", ""), name


def test_public_pages_without_personal_data_stay_cacheable(client, world):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")
    look = client.get(reverse("gemeente-look", kwargs={"slug": world.gemeente.slug}))
    assert "max-age=86400" in look["Cache-Control"] and "no-store" not in look["Cache-Control"]


def test_the_look_stays_cacheable_for_a_logged_in_user(client, world, staff_user):
    client.force_login(staff_user)
    look = client.get(reverse("gemeente-look", kwargs={"slug": world.gemeente.slug}))
    assert "no-store" not in look["Cache-Control"]
