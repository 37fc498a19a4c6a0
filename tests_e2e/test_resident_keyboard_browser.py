"""Every resident page by keyboard and at 320 px (WCAG 2.1.1, 2.4.3, 2.4.7, 1.4.10), over the demo data.

Per page: Tab from the top until the focus leaves the page. Each stop must show a focus indicator and come
after the previous one in the page; the skip link is the first stop and no "Inloggen" button comes before
the content. At 320 px wide nothing may push the page sideways.
"""

import pytest

SIDEWAYS_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
MAX_TABS = 120
_FOCUS_STEP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {left: true};
  const prev = window.__kbPrev; window.__kbPrev = el;
  if (prev === el || (prev && el.classList.contains('skip-link'))) return {left: true};  // back at the top
  const s = getComputedStyle(el);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
  const inOrder = !prev || !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  return {left: false, visible, inOrder, text: (el.innerText || el.value || el.name || el.tagName).trim().slice(0, 40),
          what: el.outerHTML.slice(0, 100)};
}"""


@pytest.fixture(scope="module")
def resident_paths(demo_server):
    """The public pages and every page of each open survey, as a resident reaches them (read before the test
    opens a transaction, so SQLite does not lock the tables for the live server)."""
    from django.urls import reverse

    from participatie.selectors import gemeente_list_public
    from surveys.constants import SurveyStatus
    from surveys.models import Survey

    paths = ["/", "/toegankelijkheid/", "/privacy/"]
    paths += [reverse("gemeente-public", kwargs={"slug": g.slug}) for g in gemeente_list_public()[:3]]
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN).prefetch_related("sections"):
        token = survey.public_token
        paths.append(reverse("surveys:respond_start", kwargs={"token": token}))
        paths += [
            reverse("surveys:respond_section", kwargs={"token": token, "section_id": section.pk})
            for section in survey.sections.all()
        ]
    return paths


def keyboard_problems(page) -> list[str]:
    """Tab through the page from the top; what is wrong with focus visibility or order."""
    problems, stops = [], []
    page.evaluate("() => { window.__kbPrev = null; document.activeElement && document.activeElement.blur(); }")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        step = page.evaluate(_FOCUS_STEP)
        if step["left"]:
            break
        stops.append(step["text"])
        if not step["visible"]:
            problems.append(f"no visible focus on {step['what']}")
        if not step["inOrder"]:
            problems.append(f"focus jumps back to {step['what']}")
    if not stops or stops[0] not in ("Direct naar de inhoud", "Naar de inhoud"):
        problems.append(f"the first stop is not the skip link but {stops[:1]}")
    if "Inloggen" in stops[:3]:
        problems.append("an 'Inloggen' button comes before the content")
    return problems


@pytest.mark.browser
@pytest.mark.django_db  # the demo data is committed once per module by demo_server
def test_every_resident_page_works_by_keyboard_and_fits_320_px(demo_server, resident_paths, chromium):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 320, "height": 640})
    page = context.new_page()
    failures, checked = [], 0
    try:
        for path in resident_paths:
            response = page.goto(demo_server.url + path)
            assert response.ok, f"{path} gave {response.status}"
            sideways = page.evaluate(SIDEWAYS_JS)
            if sideways > 0:
                failures.append(f"{path}: {sideways} px sideways scroll at 320 px")
            failures += [f"{page.url}: {problem}" for problem in keyboard_problems(page)]
            checked += 1
    finally:
        context.close()
    assert checked >= 10
    assert not failures, "\n".join(failures)
