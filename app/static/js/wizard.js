/* Progressive enhancement for the questionnaire; every page works without it.
   - focus the error summary (or the stale notice) after a failed submit;
   - filter a picker's options as the user types;
   - show a conditional question only while the answer it depends on fits;
   - keep what was typed but not yet saved when switching language. */
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

  var DRAFT_KEY = "wizard-draft";

  function pageKey() { return location.pathname.replace(/^\/[^/]+\/[a-z]{2}\//, "/"); }

  function keepDraftOnLanguageSwitch(form) {
    var links = document.querySelectorAll(".language-switcher a");
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", function () {
        var fields = [];
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
          if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
          fields.push([el.name, el.value]);
        });
        try { sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ page: pageKey(), fields: fields })); } catch (e) { /* storage off */ }
      });
    });
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || "null"); sessionStorage.removeItem(DRAFT_KEY); } catch (e) { saved = null; }
    if (!saved || saved.page !== pageKey()) { return; }
    var names = {};
    saved.fields.forEach(function (pair) { (names[pair[0]] = names[pair[0]] || []).push(pair[1]); });
    Object.keys(names).forEach(function (name) {
      Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (el) {
        if (el.type === "radio" || el.type === "checkbox") { el.checked = names[name].indexOf(el.value) !== -1; }
        else { el.value = names[name][0]; }
      });
    });
  }

  ready(function () {
    var focus = document.querySelector("[data-focus]");
    if (focus) { focus.focus(); }
    var form = document.getElementById("step-form");
    if (form) {
      setupExclusive(form);
      keepDraftOnLanguageSwitch(form);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-filters]"), setupPicker);
    Array.prototype.forEach.call(document.querySelectorAll("[data-reveal-name]"), setupReveal);
  });
})();
