// Search suggestions as an ARIA combobox (WAI-ARIA APG "list autocomplete"), for every
// <input data-suggest="go|fill">: "go" opens the chosen result's page, "fill" puts its code in
// the input (the Case Builder's code boxes; diagnoses are left out). Events are delegated, so
// inputs that htmx swaps in work too. Without JavaScript the inputs are plain form fields.
(function () {
  "use strict";
  var timer = null, serial = 0;

  function listFor(input) {
    var list = document.getElementById(input.id + "-list");
    if (!list) {
      list = document.createElement("ul");
      list.id = input.id + "-list";
      list.className = "suggestions";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "Suggestions");
      list.hidden = true;
      input.insertAdjacentElement("afterend", list);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-controls", list.id);
    }
    input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    return list;
  }

  function close(input) {
    var list = document.getElementById(input.id + "-list");
    if (list) { list.hidden = true; list.innerHTML = ""; }
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function show(input, results) {
    var list = listFor(input);
    list.innerHTML = "";
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = input.id + "-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.url = r.url;
      li.dataset.code = r.code;
      var code = document.createElement("span");
      code.className = "code";
      code.textContent = r.code;
      li.appendChild(code);
      li.appendChild(document.createTextNode(" " + r.descriptor + (r.kind === "icd10" ? " (ICD-10-CM)" : "")));
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
  }

  function fetchFor(input) {
    var q = input.value.trim(), mine = ++serial, fill = input.dataset.suggest === "fill";
    if (q.length < 2) { close(input); return; }
    fetch("/api/search?limit=" + (fill ? 12 : 8) + "&q=" + encodeURIComponent(q))
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (mine !== serial || document.activeElement !== input) return;
        var results = (data.results || []).filter(function (r) { return !fill || r.kind !== "icd10"; });
        show(input, results.slice(0, 8));
      }, function () { close(input); });
  }

  function options(input) {
    var list = document.getElementById(input.id + "-list");
    return list && !list.hidden ? Array.prototype.slice.call(list.children) : [];
  }

  function move(input, step) {
    var items = options(input);
    if (!items.length) return;
    var current = items.findIndex(function (li) { return li.getAttribute("aria-selected") === "true"; });
    var next = (current + step + items.length) % items.length;
    items.forEach(function (li, i) { li.setAttribute("aria-selected", i === next ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[next].id);
    items[next].scrollIntoView({ block: "nearest" });
  }

  function choose(input, li) {
    if (input.dataset.suggest === "fill") {
      input.value = li.dataset.code;
      close(input);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      window.location = li.dataset.url;
    }
  }

  document.addEventListener("input", function (e) {
    var input = e.target;
    if (!input.dataset || !input.dataset.suggest || !e.isTrusted) return;
    clearTimeout(timer);
    timer = setTimeout(function () { fetchFor(input); }, 80);
  });

  document.addEventListener("keydown", function (e) {
    var input = e.target;
    if (!input.dataset || !input.dataset.suggest) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!options(input).length) return;
      e.preventDefault();
      move(input, e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter") {
      var active = input.getAttribute("aria-activedescendant");
      if (active && options(input).length) {
        e.preventDefault();
        choose(input, document.getElementById(active));
      }
    } else if (e.key === "Escape" && options(input).length) {
      e.preventDefault();  // a search input would clear itself: the first Escape only closes the list
      close(input);
    }
  });

  document.addEventListener("mousedown", function (e) {
    var li = e.target.closest && e.target.closest("ul.suggestions li");
    if (!li) return;
    e.preventDefault();  // keep the focus in the input
    choose(document.getElementById(li.parentNode.id.replace(/-list$/, "")), li);
  });

  document.addEventListener("focusout", function (e) {
    var input = e.target;
    if (input.dataset && input.dataset.suggest) setTimeout(function () { close(input); }, 150);
  });
})();
