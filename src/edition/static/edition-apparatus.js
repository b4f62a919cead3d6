/* A source's apparatus page: its entries filtered by excerpt and by emendation type, without a reload.
   The filter is kept in the page's address (?excerpt=best-sons-ex03&type=ocr), so that a filtered list can
   be linked; an entry named in the fragment (#best-sons-em001) is always shown, and scrolled to.  Without
   this script the filter stays hidden and every entry shows. */
(function () {
  "use strict";

  function setup() {
    var form = document.querySelector("form.apparatus-filter");
    if (!form) { return; }
    var selects = { excerpt: form.elements.excerpt, type: form.elements.type };
    var status = form.querySelector(".apparatus-filter-status");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.apparatus-entry"));
    var parts = Array.prototype.slice.call(document.querySelectorAll("section.apparatus-part"));
    var entries = rows.filter(function (row) { return row.hasAttribute("data-cite"); }).length;

    function choose(select, value) {
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    }

    function targetRow() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      return target ? target.closest("tr.apparatus-entry") : null;
    }

    function apply(scroll) {
      var excerpt = selects.excerpt.value, type = selects.type.value, target = targetRow(), shown = 0;
      rows.forEach(function (row) {
        var fits = (!type || row.getAttribute("data-type") === type) &&
          (!excerpt || row.getAttribute("data-excerpts").split(" ").indexOf(excerpt) >= 0);
        row.hidden = !(fits || row === target);
        if (!row.hidden && row.hasAttribute("data-cite")) { shown += 1; }
      });
      parts.forEach(function (part) {
        var own = part.getAttribute("data-excerpt");
        var partRows = part.querySelectorAll("tr.apparatus-entry");
        if (part.getAttribute("data-part") === "rules") { part.hidden = false; return; }
        if (!partRows.length) { part.hidden = Boolean(type || (excerpt && own !== excerpt)); return; }
        part.hidden = !part.querySelector("tr.apparatus-entry:not([hidden])");
      });
      status.textContent = (excerpt || type) ? shown + " of " + entries + " entries shown." : entries + " entries.";
      if (scroll && target) { target.scrollIntoView(); }
    }

    function write() {
      var query = new URLSearchParams();
      if (selects.excerpt.value) { query.set("excerpt", selects.excerpt.value); }
      if (selects.type.value) { query.set("type", selects.type.value); }
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }

    var query = new URLSearchParams(window.location.search);
    choose(selects.excerpt, query.get("excerpt") || "");
    choose(selects.type, query.get("type") || "");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () { write(); apply(false); });
    window.addEventListener("hashchange", function () { apply(true); });
    apply(true);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); } else { setup(); }
})();
