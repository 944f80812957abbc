/* Progressive enhancement for the questionnaire; every page works without it.
   - focus the error summary (or the stale notice) after a failed submit;
   - filter a picker's options as the user types;
   - show a conditional question only while the answer it depends on fits.
   Switching language keeps what was typed without any script: on a step the
   language switcher's buttons send the form (see base.html). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setupPicker(input) {
    var select = document.getElementById(input.getAttribute("data-filters"));
    if (!select) { return; }
    var all = Array.prototype.slice.call(select.querySelectorAll("option"));
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      all.forEach(function (option) {
        var keep = !option.value || option.selected || !wanted ||
          fold(option.textContent).indexOf(wanted) !== -1 || fold(option.value).indexOf(wanted) !== -1;
        option.hidden = !keep;
        option.disabled = !keep;
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  }

  function setupReveal(block) {
    var name = block.getAttribute("data-reveal-name");
    var values = block.getAttribute("data-reveal-values").split(" ");
    var radios = document.querySelectorAll('input[name="' + name + '"]');
    function update() {
      var chosen = document.querySelector('input[name="' + name + '"]:checked');
      block.hidden = !(chosen && values.indexOf(chosen.value) !== -1);
    }
    Array.prototype.forEach.call(radios, function (radio) { radio.addEventListener("change", update); });
    update();
  }

  function setupExclusive(form) {
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) { return; }
      var group = form.querySelectorAll('input[type="checkbox"][name="' + box.name + '"]');
      Array.prototype.forEach.call(group, function (other) {
        if (other !== box && (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive"))) {
          other.checked = false;
        }
      });
    });
  }

  ready(function () {
    var focus = document.querySelector("[data-focus]");
    if (focus) { focus.focus(); }
    var form = document.getElementById("step-form");
    if (form) { setupExclusive(form); }
    Array.prototype.forEach.call(document.querySelectorAll("[data-filters]"), setupPicker);
    Array.prototype.forEach.call(document.querySelectorAll("[data-reveal-name]"), setupReveal);
  });
})();
