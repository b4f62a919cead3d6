/* The index of names' locators: mark the name itself in the paragraph or note a locator leads to.
 *
 * A locator links to <page>?name=<id>#<block>.  The name's printed forms come from
 * _static/edition-names.json (written at build time from data/names.yaml); the URL only
 * chooses which entry.  The forms are found in the block's reading text and wrapped in
 * <mark> elements made from DOM text nodes, never from HTML.  Without this script, or
 * when the forms are not found, the block is still highlighted as the link's target.
 */
(function () {
  "use strict";

  var WORD = "[\\p{L}\\p{N}_'\u2019]";  // what may not touch a form: as in the index (edition.names)

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function pattern(forms) {
    var alternatives = forms
      .slice()
      .sort(function (a, b) { return b.length - a.length; })
      .map(function (form) { return escapeRegExp(form).replace(/ +/g, "\\s+"); });
    return new RegExp("(?<!" + WORD + ")(?:" + alternatives.join("|") + ")(?!" + WORD + ")", "gu");
  }

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        // the emendation's tooltip (the witness reading and the reason) and note calls are not the text
        return node.parentElement.closest(".em-tip, .note-call, .backref, mark.name-mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var found = [];
    while (walker.nextNode()) { found.push(walker.currentNode); }
    return found;
  }

  function wrap(node, start, end) {
    // the part [start, end) of a text node becomes the text of a <mark>
    var piece = start > 0 ? node.splitText(start) : node;
    if (end - start < piece.data.length) { piece.splitText(end - start); }
    var mark = document.createElement("mark");
    mark.className = "name-mark";
    piece.parentNode.replaceChild(mark, piece);
    mark.appendChild(piece);
    return mark;
  }

  function markIn(container, regex) {
    var nodes = textNodes(container), text = "", offsets = [], matches = [], m;
    nodes.forEach(function (node) { offsets.push(text.length); text += node.data; });
    regex.lastIndex = 0;
    while ((m = regex.exec(text)) !== null) { matches.push([m.index, m.index + m[0].length]); }
    var marks = [];
    // from the last match backwards, so that splitting a node leaves the earlier offsets valid
    for (var k = matches.length - 1; k >= 0; k--) {
      for (var i = nodes.length - 1; i >= 0; i--) {
        var from = Math.max(matches[k][0], offsets[i]), to = Math.min(matches[k][1], offsets[i] + nodes[i].data.length);
        if (from < to) { marks.push(wrap(nodes[i], from - offsets[i], to - offsets[i])); }
      }
    }
    return marks;
  }

  function markName() {
    var id = new URLSearchParams(window.location.search).get("name");
    var hash = decodeURIComponent(window.location.hash.slice(1));
    var block = hash && document.getElementById(hash);
    if (!id || !block) { return; }
    var root = document.documentElement.getAttribute("data-content_root") || "";
    fetch(root + "_static/edition-names.json")
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (forms) {
        if (!Object.prototype.hasOwnProperty.call(forms, id) || !Array.isArray(forms[id]) || !forms[id].length) { return; }
        var regex = pattern(forms[id]);
        var containers = block.matches(".reading-text") ? [block] : block.querySelectorAll(".reading-text");
        var marked = [];
        containers.forEach(function (c) { marked = marked.concat(markIn(c, regex)); });
        if (marked.length) { block.classList.add("has-name-mark"); }
      })
      .catch(function () { /* the block stays highlighted as the target */ });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", markName); } else { markName(); }
  window.addEventListener("hashchange", markName);
})();
