// Type-ahead for search boxes: suggests matching titles while typing.
// Progressive enhancement: without it the form submits as usual. Talks
// only to this site's /api/search; keyboard: arrows move, Escape closes.
(function () {
  "use strict";
  var DELAY_MS = 150;

  function attach(input) {
    var endpoint = input.getAttribute("data-typeahead");
    if (!endpoint) return;
    var list = document.createElement("ul");
    list.className = "typeahead";
    list.id = input.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // The ARIA 1.2 combobox: a text box that controls a list of suggestions.
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", list);
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
    }

    function show(hits) {
      list.textContent = "";
      hits.forEach(function (hit, index) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = list.id + "-" + index;
        var link = document.createElement("a");
        link.href = hit.url;
        link.textContent = hit.title;
        link.setAttribute("lang", hit.language);
        link.setAttribute("dir", "auto");
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = hits.length === 0;
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var request = ++latest;
        var url = endpoint + "?prefix=1&per_page=6&q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { hits: [] }; })
          .then(function (body) { if (request === latest) show(body.hits || []); })
          .catch(close);
      }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var links = list.querySelectorAll("a");
      if (list.hidden || !links.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); links[0].focus(); }
      if (event.key === "Escape") { close(); }
    });

    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      if (event.key === "Escape") { close(); input.focus(); }
    });

    document.addEventListener("click", function (event) {
      if (event.target !== input && !list.contains(event.target)) close();
    });
  }

  document.querySelectorAll("input[data-typeahead]").forEach(attach);
})();
