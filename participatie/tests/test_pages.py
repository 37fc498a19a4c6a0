"""Every page a person can reach, crawled as each kind of user over the demo data.

Checks per HTML page: it renders (no 5xx), in Dutch (`<html lang="nl">`), with exactly
one <h1>, a skip link and a <main> landmark. Then the same URLs are tried as an anonymous
visitor (non-public pages send to the login page) and as an officer of another gemeente
(another gemeente's objects are a 404).
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.test import Client

import pytest

from participatie.models import User

MAX_PAGES_PER_USER = 250
SKIP_PREFIXES = ("/beheer/", "/static/", "/media/", "/accounts/logout/")
# Pages anyone may open without logging in. Domain apps add their public prefixes here.
PUBLIC_PREFIXES = ("/accounts/", "/g/", "/surveys/v/")
PUBLIC_PATHS = {"/", "/toegankelijkheid/", "/privacy/", "/privacy/bewaartermijnen/"}
HREF = re.compile(r'href="([^"#][^"]*)"')


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(href)
    return found


def _check_html(url: str, response) -> None:
    html = response.content.decode()
    assert '<html lang="nl">' in html, f"{url}: not the Dutch base template"
    assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{url}: needs exactly one <h1>"
    assert 'class="skip-link"' in html and "<main" in html, f"{url}: skip link and <main> landmark"
    assert 'href="/toegankelijkheid/"' in html and 'href="/privacy/"' in html, f"{url}: statements in the footer"


def crawl(client: Client, start: str = "/") -> dict[str, int]:
    """Breadth-first over internal links with GET; returns url -> status code."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES_PER_USER:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        assert response.status_code < 500, f"{url} gave {response.status_code}"
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            _check_html(url, response)
            queue.extend(link for link in _links(response.content.decode()) if link not in seen)
    return seen


@pytest.fixture(scope="module")
def _demo_data(django_db_setup, django_db_blocker):
    """The demo data once for this module, rolled back at its end (the crawls only read)."""
    from django.conf import settings
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        debug, settings.DEBUG = settings.DEBUG, True
        try:
            call_command("seed_demo", verbosity=0)
        finally:
            settings.DEBUG = debug
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_data, db):
    return None


def _client_for(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_public_pages_render_for_anonymous_visitors(demo):
    pages = crawl(Client())
    assert pages["/"] == 200
    assert pages["/g/middelburg/"] == 200
    assert pages["/toegankelijkheid/"] == 200 and pages["/privacy/"] == 200
    assert Client().get("/accounts/login/").status_code == 200


@pytest.mark.parametrize(
    "email",
    [
        "beleid@middelburg.demo",
        "coordinator@middelburg.demo",
        "adviesraad@middelburg.demo",
        "coordinator@voorbeeldgemeenten.demo",
        "admin@demo",
    ],
)
def test_every_page_renders_for_each_role(demo, email):
    pages = crawl(_client_for(email))
    assert pages["/"] == 200
    assert all(status in (200, 302, 403, 404) for status in pages.values())


def test_non_public_pages_send_anonymous_visitors_to_login(demo):
    pages = crawl(_client_for("beleid@middelburg.demo"))
    pages.update(crawl(_client_for("coordinator@middelburg.demo")))
    anonymous = Client()
    checked = 0
    for url, status in pages.items():
        if status != 200 or _is_public(urlsplit(url).path):
            continue
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
        checked += 1
    assert checked >= 1


def test_another_gemeentes_objects_are_404(demo):
    own = crawl(_client_for("beleid@middelburg.demo"))
    other_client = _client_for("beleid@pekela.demo")
    other = crawl(other_client)
    # URLs that only Middelburg's officer reaches are Middelburg's objects (lists are shared).
    # Query strings (sorting, filters) of shared lists are left out; object URLs carry ids in the path.
    only_own = [
        url
        for url, status in own.items()
        if status == 200 and url not in other and "?" not in url and not _is_public(urlsplit(url).path)
    ]
    for url in only_own:
        assert other_client.get(url).status_code == 404, f"{url} must be a 404 for another gemeente"
