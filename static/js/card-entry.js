/* The data-entry screen for paper cards (surveys/fieldwork): keyboard help and the card's route.
 *
 * Progressive: the page works without this script (the server applies the route and checks everything).
 * - In a list of answers, typing an answer's code chooses it (codes of more characters: type them quickly
 *   one after the other). In a "more answers" list it ticks or unticks the answer.
 * - Questions the route skips, given the answers so far, turn grey and are switched off, so Tab passes
 *   them by and their answers are not sent.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-card-entry]");
  if (!form) { return; }
  var routeData = document.getElementById("entry-route");
  var route = routeData ? JSON.parse(routeData.textContent) : { sections: [] };

  // Typing a code ------------------------------------------------------------------------------
  var buffer = "";
  var bufferGroup = null;
  var bufferTimer = null;

  function choose(group, input) {
    if (input.type === "checkbox") {
      input.checked = !input.checked;
    } else {
      input.checked = true;
    }
    input.focus();
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || (input.type !== "radio" && input.type !== "checkbox")) { return; }
    if (event.ctrlKey || event.altKey || event.metaKey || event.key.length !== 1 || event.key === " ") { return; }
    var group = input.closest("[data-code-group]");
    if (!group) { return; }
    if (group !== bufferGroup) { buffer = ""; bufferGroup = group; }
    window.clearTimeout(bufferTimer);
    buffer += event.key.toLowerCase();
    bufferTimer = window.setTimeout(function () { buffer = ""; }, 900);
    var inputs = Array.prototype.filter.call(group.querySelectorAll("input[data-code]"), function (item) {
      return !item.disabled && item.closest("[data-code-group]") === group;
    });
    var exact = inputs.filter(function (item) { return item.getAttribute("data-code").toLowerCase() === buffer; });
    if (exact.length) {
      event.preventDefault();
      choose(group, exact[0]);
      return;
    }
    var prefix = inputs.some(function (item) { return item.getAttribute("data-code").toLowerCase().indexOf(buffer) === 0; });
    if (prefix) {
      event.preventDefault();  // wait for the next character of a longer code
    } else {
      buffer = "";
    }
  });

  // The route -----------------------------------------------------------------------------------
  function chosenOptions(questionId) {
    var box = form.querySelector('[data-question="' + questionId + '"]');
    if (!box) { return []; }
    return Array.prototype.filter.call(box.querySelectorAll("input[type=radio], input[type=checkbox]"), function (item) {
      return item.checked && !item.disabled;
    }).map(function (item) { return parseInt(item.value, 10); });
  }

  function holds(rule, chosen) {
    var selected = chosen[rule.source] || [];
    var overlap = selected.some(function (id) { return rule.options.indexOf(id) !== -1; });
    return rule.in ? overlap : !overlap;
  }

  function allHold(rules, chosen) {
    return rules.every(function (rule) { return holds(rule, chosen); });
  }

  function applyRoute() {
    var chosen = {};
    route.sections.forEach(function (section) {
      var sectionShown = allHold(section.rules, chosen);
      section.questions.forEach(function (question) {
        var shown = sectionShown && allHold(question.rules, chosen);
        var box = form.querySelector('[data-question="' + question.id + '"]');
        if (!box) { return; }
        box.classList.toggle("entry-skipped", !shown);
        Array.prototype.forEach.call(box.querySelectorAll("input, textarea, select"), function (field) {
          field.disabled = !shown;
        });
        if (shown) { chosen[question.id] = chosenOptions(question.id); }
      });
    });
  }

  form.addEventListener("change", applyRoute);
  applyRoute();
  form.setAttribute("data-route-ready", "1");
})();
