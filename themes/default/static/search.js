// Search on a static copy of the site. A static host ignores the query
// string, so /search?q=… arrives as the empty search page; when the page
// was rendered for another query than the one in the address bar, this
// answers it in the browser from the language's search index (titles,
// decks, authors, types). On the live site the server has already
// answered, and this does nothing. Builds elements, never parses HTML.
(function () {
  "use strict";
  var MAX_SHOWN = 100;

  // The same folding as the server's analysis: case, accents and Arabic
  // short vowels, tatweel, alef forms and alef maqsura.
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0649/g, "\u064a")
      .toLowerCase();
  }

  function card(entry) {
    var item = document.createElement("li");
    item.className = "result card";
    item.lang = entry.l;
    item.dir = "auto";
    if (entry.y) {
      var type = document.createElement("p");
      type.className = "card__type";
      type.textContent = entry.y;
      item.appendChild(type);
    }
    var title = document.createElement("h2");
    title.className = "card__title";
    var link = document.createElement("a");
    link.href = entry.u;
    link.textContent = entry.t;
    title.appendChild(link);
    item.appendChild(title);
    if (entry.d) {
      var deck = document.createElement("p");
      deck.className = "result__snippet";
      deck.textContent = entry.d;
      item.appendChild(deck);
    }
    var meta = [entry.p, (entry.a || []).join(", ")].filter(Boolean).join(" · ");
    if (meta) {
      var line = document.createElement("p");
      line.className = "card__meta";
      line.textContent = meta;
      item.appendChild(line);
    }
    return item;
  }

  function run(box, query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    fetch(box.getAttribute("data-static-index"))
      .then(function (response) { return response.json(); })
      .then(function (entries) {
        var hits = entries.filter(function (entry) {
          var text = fold([entry.t, entry.d, (entry.a || []).join(" "), entry.y].join(" "));
          return words.every(function (word) { return text.indexOf(word) !== -1; });
        });
        box.textContent = "";
        var status = document.createElement("p");
        status.className = "listing__count";
        status.setAttribute("role", "status");
        status.textContent = "\u201c" + query + "\u201d: " + hits.length;
        box.appendChild(status);
        var list = document.createElement("ol");
        list.className = "results__list";
        hits.slice(0, MAX_SHOWN).forEach(function (entry) { list.appendChild(card(entry)); });
        box.appendChild(list);
      })
      .catch(function () { /* the page stays as the host served it */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-static-index]");
    if (!box) return;
    var query = new URLSearchParams(window.location.search).get("q") || "";
    if (!query.trim() || box.getAttribute("data-query") === query) return;
    var input = document.querySelector("input[name=q]");
    if (input) input.value = query;
    run(box, query);
  });
})();
