"""Content-Security-Policy violations seen by chromium: the page's ``securitypolicyviolation`` events and the
console's "Refused to …" messages, collected per page so a crawl can fail on any of them."""

# Runs before the page's own scripts (an init script is not subject to the page's policy).
_LISTENER = """(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(
      `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile || ''}:${event.lineNumber}`
      + (event.sample ? ` (${event.sample})` : ''));
  });
})();"""


class CspWatch:
    """Collects the CSP violations of one browser page: console messages plus the page's own events."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text[:300])

    def take(self) -> list[str]:
        """The violations since the last call (events of the page now open, and console messages)."""
        try:
            events = self.page.evaluate("() => (window.__cspViolations || []).splice(0)")
        except Exception:  # the page is navigating away
            events = []
        found, self.console = [*events, *self.console], []
        return found


def add_csp_listener(context) -> None:
    """Record every CSP violation on each page of a browser context in ``window.__cspViolations``."""
    context.add_init_script(script=_LISTENER)
