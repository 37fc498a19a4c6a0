"""axe-core (vendored in tests_e2e/vendor/axe-core, MPL-2.0) run inside chromium pages, and its report."""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

AXE_JS = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text()
# WCAG 2.0, 2.1 and 2.2, levels A and AA (what the accessibility statement claims), and axe's best practices
# (landmark names, heading order), which the audit ran too.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
BLOCKING = ("critical", "serious")
SEVERITIES = ("critical", "serious", "moderate", "minor")

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')), nodes: v.nodes.length,
  }));
}"""


def add_axe(context) -> None:
    """Make axe available on every page of a browser context (an init script is not subject to page CSP)."""
    context.add_init_script(script=AXE_JS)


def axe_violations(page) -> list[dict]:
    """The WCAG A/AA violations axe finds on the page as it is now."""
    return page.evaluate(_RUN, WCAG_TAGS)


@dataclass
class AxeReport:
    """Violations per role and page, counted by severity, written to test-artifacts/ as JSON."""

    found: list[dict] = field(default_factory=list)
    pages: Counter = field(default_factory=Counter)

    pages_checked: list[str] = field(default_factory=list)

    def add(self, *, role: str, url: str, violations: list[dict]) -> None:
        self.pages[role] += 1
        self.pages_checked.append(url)
        self.found.extend({"role": role, "url": url, **v} for v in violations)

    def blocking(self) -> list[dict]:
        return [v for v in self.found if v["impact"] in BLOCKING]

    def counts(self) -> dict[str, Counter]:
        """Per role: the number of violations (a rule on a page) of each severity."""
        per_role = {role: Counter() for role in self.pages}
        for v in self.found:
            per_role[v["role"]][v["impact"]] += 1
        return per_role

    def table(self) -> str:
        lines = [f"{'role':40} {'pages':>5} " + " ".join(f"{s:>8}" for s in SEVERITIES)]
        for role, counts in self.counts().items():
            lines.append(f"{role:40} {self.pages[role]:>5} " + " ".join(f"{counts[s]:>8}" for s in SEVERITIES))
        return "\n".join(lines)

    def details(self) -> str:
        return "\n".join(
            f"  [{v['impact']}] {v['id']} ({v['nodes']}x) {v['role']} {v['url']}: {v['help']} at {v['targets']}"
            for v in sorted(self.found, key=lambda v: (SEVERITIES.index(v["impact"] or "minor"), v["id"], v["url"]))
        )

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"pages": self.pages, "violations": self.found}, indent=1))
