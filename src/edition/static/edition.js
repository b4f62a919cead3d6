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

/* The Cite controls: opened, a control puts its citation's text in place (from the plain-text file its
 * "Citation" link names, which a reader without JavaScript opens instead) with a copy button. */
(function () {
  "use strict";
  function fill(control) {
    var body = control.querySelector(".cite-body");
    var plain = control.querySelector("a.cite-plain");
    if (!body || !plain || body.querySelector(".cite-text")) { return; }
    var text = document.createElement("p");
    text.className = "cite-text";
    text.textContent = "…";
    body.insertBefore(text, body.firstChild);
    fetch(plain.getAttribute("href")).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (citation) {
      text.textContent = citation.trim();
      if (!navigator.clipboard) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-copy";
      button.textContent = "Copy citation";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(text.textContent).then(function () { button.textContent = "Copied"; });
      });
      control.querySelector(".cite-files").appendChild(button);
    }).catch(function () {
      text.textContent = "The citation could not be loaded here: follow the link \u201cCitation\u201d.";
    });
  }
  document.addEventListener("toggle", function (event) {
    var control = event.target;
    if (control.matches && control.matches("details.cite") && control.open) { fill(control); }
  }, true);
})();

/* The display layers: how many emendations the reading text marks.
 *
 * "all" marks every change, "significant" (the default, and what shows without
 * JavaScript) applies routine repairs silently, "clean" marks nothing.  Which
 * emendations are routine is the editors' decision in data/vocabulary.yaml; the
 * page carries it as a class on each emendation.  The choice is remembered
 * across pages, like the view.  A mark that is not shown leaves the tab order.
 */
(function () {
  "use strict";
  var KEY = "edition-marks";
  var LEVELS = ["all", "significant", "clean"];
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(level) {
    try { window.localStorage.setItem(KEY, level); } catch (e) { /* private mode */ }
  }
  function level() {
    var chosen = root.getAttribute("data-edition-marks");
    return LEVELS.indexOf(chosen) >= 0 ? chosen : "significant";
  }
  function apply(chosen) {
    root.setAttribute("data-edition-marks", chosen);
    var buttons = document.querySelectorAll("[data-marks-switch] button[data-marks]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-marks") === chosen ? "true" : "false");
    }
    var marks = document.querySelectorAll(".reading-text .emendation > a.em");
    for (var j = 0; j < marks.length; j++) {
      var routine = marks[j].parentNode.classList.contains("em-routine");
      var shown = chosen === "all" || (chosen === "significant" && !routine);
      if (shown) { marks[j].removeAttribute("tabindex"); } else { marks[j].setAttribute("tabindex", "-1"); }
    }
  }

  var first = stored();
  root.setAttribute("data-edition-marks", LEVELS.indexOf(first) >= 0 ? first : "significant");
  document.addEventListener("DOMContentLoaded", function () {
    var groups = document.querySelectorAll("[data-marks-switch]");
    for (var i = 0; i < groups.length; i++) { groups[i].hidden = false; }
    apply(level());
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-marks-switch] button[data-marks]");
    if (!button) { return; }
    var chosen = button.getAttribute("data-marks");
    store(chosen);
    apply(chosen);
    button.focus();
  });
})();

/* Popovers where the reader is: a note call shows its endnote, a glossary term its
 * definition, an emendation its witness reading and reason, a flagged table cell its
 * finding.  They open on hover, on keyboard focus and on the first tap (the second tap
 * follows the link); Escape closes them; they never take or trap the focus.  The
 * popover is placed right after its trigger in the page, so that Tab reaches the link
 * inside it next, and drawn over the page (never clipped by a table's frame).
 * Everything shown is copied from the page itself (with its ids removed) or set as text.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var TRIGGERS = ".reading-text a.em, .witness-table a.em, a.finding-flag, .note-call a[data-note], a.gloss";
  var popover = null, owner = null, closeTimer = null, lastPointer = "mouse";

  root.classList.add("edition-popovers");

  function withoutIds(node) {
    var clone = node.cloneNode(true);
    if (clone.removeAttribute) { clone.removeAttribute("id"); }
    var inner = clone.querySelectorAll ? clone.querySelectorAll("[id]") : [];
    for (var i = 0; i < inner.length; i++) { inner[i].removeAttribute("id"); }
    return clone;
  }
  function textElement(tag, className, text) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = text;
    return element;
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.className = "popover-link";
    a.textContent = text;
    return a;
  }

  function content(trigger) {
    var body = document.createElement("span");
    body.className = "popover-body";
    if (trigger.matches(".note-call a[data-note]")) {
      var note = document.getElementById(trigger.getAttribute("data-note"));
      if (!note) { return null; }
      body.appendChild(textElement("span", "popover-title", "Note " + trigger.textContent));
      var text = note.querySelector(".reading-text");
      if (text) {
        var copy = withoutIds(text);
        var drop = copy.querySelectorAll(".em-tip, .backref, details.cite");
        for (var i = 0; i < drop.length; i++) { drop[i].remove(); }
        var shown = document.createElement("span");
        shown.className = "popover-text";
        while (copy.firstChild) { shown.appendChild(copy.firstChild); }
        body.appendChild(shown);
      }
      body.appendChild(link(trigger.getAttribute("href"), "Go to the note"));
      return body;
    }
    if (trigger.matches("a.gloss")) {
      body.appendChild(textElement("span", "popover-title", trigger.textContent));
      body.appendChild(textElement("span", "popover-text", trigger.getAttribute("data-definition") || ""));
      body.appendChild(link(trigger.getAttribute("href"), "In the glossary"));
      return body;
    }
    var tip = document.getElementById(trigger.getAttribute("aria-describedby") || "");
    if (!tip) { return null; }
    var details = withoutIds(tip);
    details.classList.remove("em-tip");
    details.classList.add("popover-text");
    details.removeAttribute("role");
    body.appendChild(details);
    body.appendChild(link(trigger.getAttribute("href"),
      trigger.matches("a.finding-flag") ? "In the register of findings" : "In the apparatus"));
    return body;
  }

  function place() {
    if (!popover || !owner) { return; }
    var r = owner.getBoundingClientRect();
    var width = Math.min(352, window.innerWidth - 16);
    popover.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    popover.style.left = left + "px";
    var below = r.bottom + 6;
    var height = popover.offsetHeight;
    popover.style.top = (below + height > window.innerHeight && r.top - height - 6 > 0 ? r.top - height - 6 : below) + "px";
  }

  function close() {
    clearTimeout(closeTimer);
    if (popover) { popover.remove(); }
    if (owner) { owner.removeAttribute("aria-expanded"); }
    popover = null;
    owner = null;
  }
  function open(trigger) {
    clearTimeout(closeTimer);
    if (owner === trigger) { return; }
    close();
    var body = content(trigger);
    if (!body) { return; }
    popover = document.createElement("span");
    popover.className = "edition-popover";
    popover.setAttribute("role", "note");
    popover.appendChild(body);
    popover.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    popover.addEventListener("mouseleave", later);
    owner = trigger;
    owner.setAttribute("aria-expanded", "true");
    trigger.insertAdjacentElement("afterend", popover);
    place();
  }
  function later() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(close, 300);
  }
  function triggerOf(target) {
    if (!target || !target.closest || target.closest(".edition-popover")) { return null; }
    return target.closest(TRIGGERS);
  }

  var shownBeforeTap = false;
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    shownBeforeTap = owner !== null && owner === triggerOf(event.target);
  }, true);
  document.addEventListener("mouseover", function (event) {
    if (lastPointer !== "mouse") { return; }
    var trigger = triggerOf(event.target);
    if (trigger) { open(trigger); }
  });
  document.addEventListener("mouseout", function (event) {
    if (lastPointer !== "mouse") { return; }
    var trigger = triggerOf(event.target);
    if (trigger && trigger === owner && !(event.relatedTarget && popover && popover.contains(event.relatedTarget))) { later(); }
  });
  document.addEventListener("focusin", function (event) {
    var trigger = triggerOf(event.target);
    if (trigger) { open(trigger); return; }
    if (popover && popover.contains(event.target)) { clearTimeout(closeTimer); return; }
    close();
  });
  document.addEventListener("click", function (event) {
    var trigger = triggerOf(event.target);
    if (trigger && lastPointer !== "mouse" && !(shownBeforeTap && owner === trigger)) {
      event.preventDefault();  /* the first tap shows; the second follows the link */
      open(trigger);
      return;
    }
    if (popover && !popover.contains(event.target) && !trigger) { close(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !popover) { return; }
    var back = owner;
    var inside = popover.contains(document.activeElement);
    close();
    if (inside && back) { back.focus(); }
  });
  window.addEventListener("scroll", place, true);
  window.addEventListener("resize", place);
})();

/* Wide tables: a cue that more columns follow, while they do. */
(function () {
  "use strict";
  function update(frame) {
    var more = frame.scrollWidth - frame.clientWidth - frame.scrollLeft > 2;
    frame.classList.toggle("scrolls-right", more);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var frames = document.querySelectorAll(".table-scroll");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.scrollWidth <= frame.clientWidth + 2) { continue; }
      var cue = document.createElement("p");
      cue.className = "table-more";
      cue.setAttribute("aria-hidden", "true");
      cue.textContent = "More columns to the right: scroll the table \u2192";
      frame.insertAdjacentElement("afterend", cue);
      update(frame);
      frame.addEventListener("scroll", update.bind(null, frame), { passive: true });
    }
    window.addEventListener("resize", function () {
      for (var j = 0; j < frames.length; j++) { update(frames[j]); }
    });
  });
})();
