// Search by passage: the edition's search page over the Pagefind index written at build time.
// Results point at the paragraph, note, annotation, finding or apparatus entry that matches; the
// texts come first, then notes, annotations, findings, the apparatus, the glossary and index, and
// the editorial pages, each kind by Pagefind's score.  The query and the filters live in the
// address (search.html?q=Ivanovo&work=best-sons&kind=text); every text reaches the page as text.
(() => {
  const root = document.getElementById("edition-search");
  if (!root) return;
  const KINDS = ["text", "note", "annotation", "finding", "apparatus", "index", "page"];
  const STEP = 20;
  const form = document.getElementById("edition-search-form");
  const query = document.getElementById("edition-search-q");
  const work = document.getElementById("edition-search-work");
  const kind = document.getElementById("edition-search-kind");
  const status = document.getElementById("edition-search-status");
  const list = document.getElementById("edition-search-results");
  const more = document.getElementById("edition-search-more");
  let pagefind = null;
  let ranked = [];
  let shown = 0;
  let serial = 0;
  let typing = null;

  const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
  const decode = (text) => text.replace(/&(?:lt|gt|amp|quot|#39|#x27);/g, (m) => ENTITIES[m]);

  // Pagefind's excerpt is HTML with <mark> around the words found; only the marks are kept as elements.
  function snippet(excerpt) {
    const p = document.createElement("p");
    p.className = "search-result-snippet";
    let marked = false;
    for (const part of (excerpt || "").split(/(<\/?mark>)/)) {
      if (part === "<mark>") marked = true;
      else if (part === "</mark>") marked = false;
      else if (part) {
        const text = document.createTextNode(decode(part));
        if (marked) {
          const mark = document.createElement("mark");
          mark.appendChild(text);
          p.appendChild(mark);
        } else p.appendChild(text);
      }
    }
    return p;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "search-result";
    li.dataset.kind = (data.filters && data.filters.kind && data.filters.kind[0]) || "";
    const heading = document.createElement("h2");
    heading.className = "search-result-title";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.appendChild(link);
    const where = document.createElement("p");
    where.className = "search-result-where";
    where.textContent = [data.meta.kind, data.meta.work || data.meta.page].filter(Boolean).join(" · ");
    li.append(heading, where, snippet(data.excerpt));
    return li;
  }

  async function load() {
    if (!pagefind) {
      pagefind = await import(new URL(root.dataset.pagefind, document.baseURI).href);
      await pagefind.options({ baseUrl: new URL(".", document.baseURI).pathname });
    }
    return pagefind;
  }

  function remember() {
    const params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    if (work.value) params.set("work", work.value);
    if (kind.value) params.set("kind", kind.value);
    const address = `${location.pathname}${params.toString() ? "?" + params : ""}`;
    if (address !== location.pathname + location.search) history.replaceState(null, "", address);
  }

  async function showMore(mine) {
    const next = ranked.slice(shown, shown + STEP);
    const data = await Promise.all(next.map((r) => r.data()));
    if (mine !== serial) return;
    list.append(...data.map(item));
    shown += next.length;
    more.hidden = shown >= ranked.length;
  }

  async function run() {
    const mine = ++serial;
    remember();
    const words = query.value.trim();
    list.replaceChildren();
    more.hidden = true;
    ranked = [];
    shown = 0;
    if (!words) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    const pf = await load();
    const filters = work.value ? { work: work.value } : {};
    const kinds = kind.value ? [kind.value] : KINDS;
    const groups = await Promise.all(kinds.map((k) => pf.search(words, { filters: { ...filters, kind: k } })));
    if (mine !== serial) return;
    ranked = groups.flatMap((g) => (g ? g.results : []));
    await showMore(mine);
    if (mine !== serial) return;
    const n = ranked.length;
    status.textContent = n ? `${n} ${n === 1 ? "place" : "places"} found for “${words}”` : `Nothing found for “${words}”`;
  }

  const params = new URLSearchParams(location.search);
  query.value = params.get("q") || "";
  for (const [select, name] of [[work, "work"], [kind, "kind"]]) {
    const value = params.get(name) || "";
    if ([...select.options].some((o) => o.value === value)) select.value = value;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  work.addEventListener("change", run);
  kind.addEventListener("change", run);
  query.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(run, 300);
  });
  more.addEventListener("click", () => showMore(serial));
  run();
})();
