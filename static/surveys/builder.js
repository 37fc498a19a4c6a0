// Progressive enhancement of the question form: show only the settings of the chosen question type.
// Without JavaScript every fieldset stays visible and the server ignores the settings of other types.
(function () {
  var select = document.getElementById("id_question_type");
  if (!select) { return; }
  var fieldsets = document.querySelectorAll("fieldset[data-types]");
  function update() {
    for (var i = 0; i < fieldsets.length; i++) {
      var types = fieldsets[i].getAttribute("data-types").split(" ");
      fieldsets[i].hidden = types.indexOf(select.value) === -1;
    }
  }
  select.addEventListener("change", update);
  update();
})();
