// Progressive enhancement only: every page works without this file.
(function () {
  // After a failed submit, move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // A question that an earlier answer revealed: focus it, so its label is announced, and mark it.
  // Focusing its first field makes a screen reader read the question's label (or legend) with it.
  var revealed = document.querySelector("[data-revealed-question]");
  if (revealed && !summary) {
    var field = revealed.querySelector("input:not([type=hidden]), textarea, select");
    if (field) { field.focus(); } else { revealed.setAttribute("tabindex", "-1"); revealed.focus(); }
  }

  // "Versturen" on a survey's last page: a second click while the first is on its way would send a second
  // response (a new respondent has no cookie yet). The button stays focusable and announced; only the repeat is
  // ignored, for a few seconds (after that a click goes through, should the first request have failed).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-submit-once")) { return; }
    var sentAt = Number(button.getAttribute("data-sent-at") || 0);
    if (Date.now() - sentAt < 8000) { event.preventDefault(); return; }
    button.setAttribute("data-sent-at", String(Date.now()));
    button.setAttribute("aria-busy", "true");
  });

  // Wide tables scroll inside a .table-responsive box. A box that scrolls gets a tab stop and a name
  // (its table's caption, else the heading above it), so keyboard users can scroll it (WCAG 2.1.1).
  var uid = 0;
  var tableWord = document.createElement("span");
  tableWord.hidden = true;
  tableWord.textContent = (document.currentScript && document.currentScript.dataset.tableLabel) || "Table";
  document.body.appendChild(tableWord);
  function idFor(el) {
    if (!el.id) { uid += 1; el.id = "scroll-label-" + uid; }
    return el.id;
  }
  function headingBefore(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) { return prev; }
        var inner = prev.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) { return inner[inner.length - 1]; }
      }
    }
    return null;
  }
  // Boxes that are a named tab stop in the markup already (the monitor) are left as they are.
  var boxes = Array.prototype.filter.call(document.querySelectorAll(".table-responsive"), function (box) {
    return !box.hasAttribute("tabindex");
  });
  function nameScrollBoxes() {
    boxes.forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (!scrolls) {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-labelledby");
        return;
      }
      var caption = box.querySelector("caption");
      var label = caption || headingBefore(box);
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      // "Tabel: <caption>", so the region's name differs from a section named by the same heading.
      if (label) { box.setAttribute("aria-labelledby", idFor(tableWord) + " " + idFor(label)); }
    });
  }
  nameScrollBoxes();
  var timer;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(nameScrollBoxes, 150); });
})();
