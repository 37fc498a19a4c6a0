"""axe-core over the portal in chromium: every kind of page the crawler reaches, for an anonymous visitor
and each demo role, and every form in its error state.

The crawler of participatie/tests/test_pages.py follows every internal link; here the browser follows the
same links but opens one page per URL pattern (view) and role: a second traject page has the same template.
Each form that has a required field is then sent empty: it must not leave that to the browser
(``novalidate``), must come back with the portal's error summary in focus, and is checked by axe again.

Every page and form error state must also load without a Content-Security-Policy violation (tests_e2e/csp.py:
the page's ``securitypolicyviolation`` events and chromium's console). Serious and critical violations fail the test; moderate and minor ones are printed (pytest -s, or the
report in test-artifacts/axe-report.json) and listed in docs/accessibility.md.
"""

import time
from collections import Counter
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

import pytest

from participatie.tests.test_pages import _links
from tests_e2e.axe import AxeReport, add_axe, axe_violations
from tests_e2e.conftest import ARTIFACTS, login
from tests_e2e.csp import CspWatch, add_csp_listener

ROLES = [
    None,  # anonymous
    "beleid@middelburg.demo",
    "coordinator@middelburg.demo",
    "adviesraad@middelburg.demo",
    "coordinator@voorbeeldgemeenten.demo",
    "admin@demo",
]
# The Django admin is not reached by the crawler (it skips /beheer/); these are its pages officers use.
ADMIN_PAGES = ["/beheer/", "/beheer/panels/meeting/", "/beheer/panels/meeting/add/"]
PAGES_PER_VIEW = 1
MAX_PAGES_PER_ROLE = 120
# A form is checked in its error state when it has a field the person must fill in.
_REQUIRED_FORMS = """() => [...document.querySelectorAll('main form[method=post i]')].map((form, index) => ({
  index, novalidate: form.noValidate,
  required: form.querySelectorAll('[required]:not([type=hidden]), [aria-required=true]').length,
})).filter(f => f.required > 0)"""
_EMPTY = """(index) => {
  const form = [...document.querySelectorAll('main form[method=post i]')][index];
  for (const el of form.querySelectorAll('input, textarea, select')) {
    if (['hidden', 'submit', 'button', 'radio'].includes(el.type)) continue;
    if (el.type === 'checkbox') { el.checked = false; continue; }
    if (el.tagName === 'SELECT') { if ([...el.options].some(o => o.value === '')) el.value = ''; continue; }
    el.value = '';
  }
  // Only a form with a required field left empty has an error state (a select without an empty choice keeps
  // its value): anything else would be a valid submission that changes the demo data.
  const empty = [...form.querySelectorAll('[required]:not([type=hidden]), [aria-required=true]')].some(el =>
    (el.type === 'radio' || el.type === 'checkbox')
      ? !form.querySelector(`input[name="${el.name}"]:checked`) : !el.value);
  return empty;
}"""
_SEND = """(index) => {
  const form = [...document.querySelectorAll('main form[method=post i]')][index];
  const button = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  button ? button.click() : form.submit();
}"""
# The Django admin reports errors in its own note at the top of the form.
_ADMIN_ERRORS = ".errornote"
_SUMMARY_FOCUSED = "() => document.activeElement && document.activeElement.matches('[data-error-summary]')"


def _view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _open(page, url: str) -> bool:
    """Open a page; False for downloads (exports, calendar files) and non-HTML answers."""
    try:
        response = page.goto(url, wait_until="load")
    except Exception as error:  # Playwright: a download starts instead of a page
        if "Download is starting" in str(error):
            return False
        raise
    assert response is not None and response.status < 500, f"{url} gave {response and response.status}"
    return response.ok and (response.headers.get("content-type", "").startswith("text/html"))


def _check_csp(csp: CspWatch | None, where: str, problems: list) -> None:
    if csp is not None:
        csp.page.wait_for_timeout(50)  # the page's violation events are queued as tasks
        problems.extend(f"{where}: Content-Security-Policy violation: {text}" for text in csp.take())


def _axe(page, csp: CspWatch | None) -> list[dict]:
    """axe's violations. axe itself puts a <style> into some pages (the admin's date widgets), which the policy
    refuses: the portal's violations are taken before axe runs, and axe's own are dropped."""
    violations = axe_violations(page)
    if csp is not None:
        page.wait_for_timeout(50)
        csp.take()
    return violations


def _check_forms(page, url, *, role, report, forms_seen, problems, csp=None):
    """Send each required-field form on the page empty; check novalidate, the focused summary, axe and CSP."""
    sent = False
    for form in page.evaluate(_REQUIRED_FORMS):
        key = (_view_name(url), form["index"])
        if key in forms_seen:
            continue
        forms_seen.add(key)
        admin = "/beheer/" in url
        if not form["novalidate"] and not admin:
            problems.append(f"{url} form {form['index']}: no novalidate, the browser shows its own English bubble")
            continue
        if sent:  # back from the previous form's error state
            _open(page, url)
        sent = True
        if not page.evaluate(_EMPTY, form["index"]):
            continue  # nothing required left empty: no error state to check
        with page.expect_navigation():
            page.evaluate(_SEND, form["index"])
        page.wait_for_load_state("load")
        _check_csp(csp, f"{url} form {form['index']} sent empty", problems)
        if admin:
            if not page.locator(_ADMIN_ERRORS).count():
                continue  # e.g. the changelist's search form
        elif not page.locator("[data-error-summary]").count():
            problems.append(f"{url} form {form['index']}: sent empty, no error summary (now at {page.url})")
            continue
        elif not page.evaluate(_SUMMARY_FOCUSED):
            problems.append(f"{url} form {form['index']}: the error summary does not take the focus")
        path = urlsplit(url).path
        report.add(role=role, url=f"{path} (form {form['index']} sent empty)", violations=_axe(page, csp))


def crawl_with_axe(page, base_url, *, role, report, forms_seen, problems, extra=(), views_done=None, csp=None):
    """Breadth-first over internal links, one page per view, axe on each page and each form's error state.

    ``csp``: a CspWatch on ``page``; any Content-Security-Policy violation is added to ``problems``.
    ``views_done``: views checked already for another role, not opened again.
    """
    per_view: Counter = Counter(views_done or {})
    queue, seen, views_seen = ["/", *extra], set(), set()
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        view = _view_name(url) or url
        if per_view[view] >= PAGES_PER_VIEW and url != "/":
            continue
        if not _open(page, base_url + url):
            continue
        per_view[view] += 1
        views_seen.add(view)
        _check_csp(csp, f"{role} {url}", problems)
        report.add(role=role, url=url, violations=_axe(page, csp))
        links = _links(page.content())
        _check_forms(page, base_url + url, role=role, report=report, forms_seen=forms_seen, problems=problems, csp=csp)
        queue.extend(link for link in links if link not in seen)
    return views_seen


@pytest.mark.browser
@pytest.mark.django_db  # the demo data is committed once per module by demo_server
def test_axe_finds_no_serious_violation_on_any_page_or_form_error_state(demo_server, chromium):
    began = time.monotonic()
    report, forms_seen, problems, views_done = AxeReport(), set(), [], set()
    for email in ROLES:
        # At 320 px wide (400% zoom), where wide tables scroll in their box and the menu collapses.
        context = chromium.new_context(locale="nl-NL", viewport={"width": 320, "height": 800})
        add_axe(context)
        add_csp_listener(context)
        if email:
            login(context, demo_server.url, email)
        page = context.new_page()
        csp = CspWatch(page)
        try:
            # The admin sees the same templates as the officers: only its own views and the beheer pages.
            admin = email == "admin@demo"
            views_done |= crawl_with_axe(
                page, demo_server.url, role=email or "anonymous", report=report, forms_seen=forms_seen,
                problems=problems, extra=ADMIN_PAGES if admin else (),
                views_done=dict.fromkeys(views_done, PAGES_PER_VIEW) if admin else None, csp=csp,
            )  # fmt: skip
        finally:
            context.close()
    report.write(ARTIFACTS / "axe-report.json")
    forms = sum(1 for v in report.pages_checked if "sent empty" in v)
    print(
        f"\naxe-core: {len(report.pages_checked)} checks ({forms} form error states) in {time.monotonic() - began:.0f} s"
    )
    print("violations (rule x page) per role and severity (pages = checks)\n" + report.table())
    print(report.details())
    assert sum(report.pages.values()) >= 90, "the crawl reached too few pages to mean something"
    assert not problems, "\n".join(problems)
    assert not report.blocking(), "serious or critical axe violations:\n" + report.details()


@pytest.mark.browser
@pytest.mark.django_db
def test_the_csp_watch_sees_an_inline_style_and_the_header_is_sent(demo_server, chromium):
    """The crawl's CSP check can fail: an inline style put into a portal page is refused and reported."""
    context = chromium.new_context(locale="nl-NL")
    add_csp_listener(context)
    page = context.new_page()
    csp = CspWatch(page)
    try:
        response = page.goto(demo_server.url + "/", wait_until="load")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert csp.take() == []
        page.evaluate("() => { document.querySelector('main').innerHTML += '<p style=\"color: red\">x</p>'; }")
        page.wait_for_timeout(200)
        found = csp.take()
        assert found and any("style" in text for text in found), found
    finally:
        context.close()
