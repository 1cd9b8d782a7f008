// "Copy link" on an article: copies the page's address instead of
// following the link. Without this script (or without a clipboard) the
// button is a plain link to the same address, which a reader can copy.
(function () {
  "use strict";
  var link = document.querySelector(".share__copy");
  var status = document.querySelector(".share__status");
  if (!link || !status || !navigator.clipboard) return;
  link.addEventListener("click", function (event) {
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(
      function () { status.textContent = link.dataset.copied; },
      function () { status.textContent = link.dataset.failed; }
    );
  });
})();
