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

  /* As the server's search_words.py: folded (no case, accents, ligatures),
     words without their plural ending nor a final e, without one-letter and
     stop words. */
  var STOP = " an and of for the to in with from de del la las los el en y con para por pour des du le les et au aux sur ";
  function fold(text) {
    return text.toLowerCase().replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae").replace(/\u00df/g, "ss")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function stem(word) {
    if (word.length > 4 && /(eaux|eux|oux)$/.test(word)) { word = word.slice(0, -1); }
    else if (word.length > 3 && /s$/.test(word) && !/ss$/.test(word)) { word = word.slice(0, -1); }
    if (word.length > 3 && /e$/.test(word)) { word = word.slice(0, -1); }
    if (word.length > 3 && /y$/.test(word)) { word = word.slice(0, -1) + "i"; }
    return word;
  }
  function terms(text) {
    return (fold(text).match(/[\p{L}\p{N}]+/gu) || []).filter(function (word) {
      return word.length > 1 && STOP.indexOf(" " + word + " ") === -1;
    }).map(stem);
  }

  /* As the server's filter (questions.py `_matches`): each word typed is in
     the option's text, its value or its keywords (sent already read as
     terms); typed digits find the sector their code starts with (5415 → 54). */
  function matches(option, wanted, keywords) {
    var value = option.value;
    var text = terms(option.textContent).join(" ") + " " + value + " " + (keywords[option.value] || "");
    return wanted.every(function (term) { return text.indexOf(term) !== -1; }) ||
      (wanted.length === 1 && /^\d+$/.test(wanted[0]) && /^\d+$/.test(value) && wanted[0].indexOf(value) === 0);
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
      var wanted = terms(input.value);
      var count = 0;
      all.forEach(function (option) {
        var found = Boolean(wanted.length && option.value && matches(option, wanted, keywords));
        if (found) { count += 1; }
        var shown = !wanted.length || !option.value || option.selected || option.value === keep || found;
        option.hidden = !shown;
        option.disabled = !shown;
      });
      if (!status) { return; }
      // Said once typing pauses, not at every key.
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = wanted.length ? countText(status, count) : ""; }, 400);
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
    var live = document.querySelector("[data-live]");
    if (live) { live.value = "1"; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-filters]"), setupPicker);
    Array.prototype.forEach.call(document.querySelectorAll("[data-reveal-name]"), setupReveal);
  });
})();
