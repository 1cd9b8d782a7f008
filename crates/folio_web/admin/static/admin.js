// Folio admin: small progressive enhancements. Every form works without it.
(function () {
  "use strict";

  // Live preview: post the editor's form (with its CSRF token) to
  // /admin/preview and show the public page in a sandboxed frame.
  var form = document.getElementById("article-form");
  var frame = document.getElementById("live-preview");
  if (form && frame && window.fetch) {
    var timer = null;
    var inFlight = null;
    var refresh = function () {
      if (inFlight) inFlight.abort();
      inFlight = new AbortController();
      var body = new URLSearchParams(new FormData(form));
      fetch(frame.dataset.source, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        signal: inFlight.signal,
        headers: { "Content-Type": "application/x-www-form-urlencoded" }
      }).then(function (response) { return response.text(); })
        .then(function (html) { frame.srcdoc = html; })
        .catch(function () { /* a newer preview replaced this one */ });
    };
    var schedule = function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 500);
    };
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    refresh();
  }

  // Slug availability as one types.
  var slug = document.querySelector("[data-slug-check]");
  var status = document.getElementById("slug-status");
  if (slug && status && window.fetch) {
    var title = document.getElementById("title");
    var language = form && form.querySelector("[name=language]");
    var id = form && form.querySelector("[name=id]");
    var check = function () {
      var params = new URLSearchParams({
        slug: slug.value,
        title: title ? title.value : "",
        language: language ? language.value : ""
      });
      if (id) params.set("id", id.value);
      fetch(slug.dataset.slugCheck + "?" + params, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          status.textContent = (slug.value ? "" : "Address: " + answer.slug + " — ") + answer.message;
        })
        .catch(function () {});
    };
    var slugTimer = null;
    var later = function () { clearTimeout(slugTimer); slugTimer = setTimeout(check, 400); };
    slug.addEventListener("input", later);
    if (title) title.addEventListener("input", later);
  }

  // Confirm destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (!window.confirm(f.dataset.confirm)) event.preventDefault();
    });
  });
})();
