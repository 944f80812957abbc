/* Progressive enhancement for the questionnaire; every page works without it.
   - focus the error summary (or the stale notice) after a failed submit;
   - filter a picker's options as the user types, saying how many match;
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

  /* As the server's filter (fields.py `_matches`): in the option's text, its
     value or its keywords; typed digits find the sector their code starts
     with (5415 → 54). */
  function matches(option, wanted, keywords) {
    var value = fold(option.value);
    return fold(option.textContent).indexOf(wanted) !== -1 || value.indexOf(wanted) !== -1 ||
      fold(keywords[option.value] || "").indexOf(wanted) !== -1 ||
      (/^\d+$/.test(wanted) && /^\d+$/.test(value) && wanted.indexOf(value) === 0);
  }

  /* "3 matches" in the status line (role="status"), worded by the server. */
  function countText(status, count) {
    if (count === 0) { return status.getAttribute("data-none"); }
    if (count === 1) { return status.getAttribute("data-one"); }
    return status.getAttribute("data-many").replace("%(num)d", String(count));
  }

  function setupPicker(input) {
    var select = document.getElementById(input.getAttribute("data-filters"));
    if (!select) { return; }
    var status = document.getElementById(input.getAttribute("data-status"));
    var keywords = JSON.parse(input.getAttribute("data-keywords") || "{}");
    var keep = input.getAttribute("data-keep");
    var all = Array.prototype.slice.call(select.querySelectorAll("option"));
    var timer = null;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var count = 0;
      all.forEach(function (option) {
        var found = Boolean(wanted && option.value && matches(option, wanted, keywords));
        if (found) { count += 1; }
        var shown = !wanted || !option.value || option.selected || option.value === keep || found;
        option.hidden = !shown;
        option.disabled = !shown;
      });
      if (!status) { return; }
      // Said once typing pauses, not at every key.
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = wanted ? countText(status, count) : ""; }, 400);
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
