/* The reading/diplomatic switch of the edition.
 *
 * Both views are in the page; this script only chooses which one shows, for
 * the whole page at once, and remembers the choice across pages.  A link to a
 * witness line (#<source>-w<line>) opens the diplomatic view, where that line is.
 * Without JavaScript the reading view shows, and nothing is lost.
 */
(function () {
  "use strict";
  var KEY = "edition-view";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(view) {
    try { window.localStorage.setItem(KEY, view); } catch (e) { /* private mode: the page still switches */ }
  }
  function wantedByHash() {
    return /-w\d+$/.test(window.location.hash) ? "diplomatic" : null;
  }
  function apply(view) {
    root.setAttribute("data-edition-view", view);
    var buttons = document.querySelectorAll("[data-view-switch]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", view === "diplomatic" ? "true" : "false");
      buttons[i].textContent = view === "diplomatic" ? "Show reading text" : "Show diplomatic text";
    }
  }
  function current() {
    return root.getAttribute("data-edition-view") === "diplomatic" ? "diplomatic" : "reading";
  }

  apply(wantedByHash() || stored() || "reading");

  document.addEventListener("DOMContentLoaded", function () {
    apply(current());
    var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target) { target.scrollIntoView(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-view-switch]");
    if (!button) { return; }
    var view = current() === "reading" ? "diplomatic" : "reading";
    store(view);
    apply(view);
    button.focus();
  });
  window.addEventListener("hashchange", function () {
    var view = wantedByHash();
    if (view) { apply(view); }
  });
})();

/* The Cite controls: the citation is in the page (a details element); this adds a copy button. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.clipboard) { return; }
    var bodies = document.querySelectorAll("details.cite .cite-files");
    for (var i = 0; i < bodies.length; i++) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-copy";
      button.textContent = "Copy citation";
      button.addEventListener("click", function (event) {
        var text = event.target.closest(".cite-body").querySelector(".cite-text").textContent;
        navigator.clipboard.writeText(text).then(function () { event.target.textContent = "Copied"; });
      });
      bodies[i].appendChild(button);
    }
  });
})();
