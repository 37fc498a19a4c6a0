"""Content-Security-Policy (django-csp): the header on every page and download, and no inline script or style.

The browser side (no violation in the console on any page of the crawl) is tests_e2e/test_axe_browser.py.
"""

import re
from pathlib import Path

from django.conf import settings

import pytest

from participatie.tests.test_no_store import _crawl, world  # noqa: F401 - the fixture is used by name

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# E-mails are read in mail programs, not under the portal's policy; they need inline styles.
NOT_SERVED = ("emails/",)
INLINE = [
    (re.compile(r"\sstyle\s*="), "a style attribute"),
    (re.compile(r"<style[\s>]", re.IGNORECASE), "a <style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE), "an event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: URL"),
]


def _directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def _assert_policy(name: str, response) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{name}: no Content-Security-Policy header"
    directives = _directives(header)
    assert directives.get("default-src") == "'self'", f"{name}: {header}"
    assert directives.get("frame-ancestors") == "'none'", f"{name}: {header}"
    assert directives.get("form-action") == "'self'", f"{name}: {header}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, f"{name}: {header}"
    assert "script-src" not in directives and "style-src" not in directives, f"{name}: scripts and styles as default"


def test_every_page_and_download_has_the_policy_for_a_logged_in_user(client, world, staff_user):  # noqa: F811
    client.force_login(staff_user)
    crawled = _crawl(world)
    assert len(crawled) > 80
    for name, url in crawled:
        _assert_policy(name, client.get(url))


def test_every_page_has_the_policy_for_an_anonymous_visitor(client, world):  # noqa: F811
    for name, url in _crawl(world):
        _assert_policy(name, client.get(url))


@pytest.mark.parametrize(
    "sample, found",
    [
        ('<span style="width: 5%">', True),
        ("<noscript><style>.a{}</style></noscript>", True),
        ("<script>alert(1)</script>", True),
        ('<button onclick="go()">', True),
        ('<script src="/static/js/portal.js"></script>', False),
        ('<rect width="5" fill="#2166ac"/>', False),
        ('<p class="font-style">', False),
    ],
)
def test_the_template_check_sees_inline_code(sample, found):
    assert any(pattern.search(sample) for pattern, _what in INLINE) is found


def test_no_template_has_inline_script_or_style():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if relative.startswith(NOT_SERVED):
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{relative}:{line}: {what}")
    assert len(list(TEMPLATES.rglob("*.html"))) > 50
    assert found == [], "\n".join(found)
