"""Search by passage: one Pagefind record per citable thing, written when the book is built.

A result points at the paragraph, note, annotation, emendation, finding or
index entry that matches (its anchor), not at a whole page, and shows a
snippet of the reading text.  The records are read from the built pages,
not re-rendered from the data: the reading text is then exactly what the
reader reads (emendations applied, glossary terms, annotations as written in
the chapters, resolved references), one rule covers every page, and there is
no second rendering to drift from the first.  The citable elements carry
their anchor and a ``data-cite`` kind already; what a reader does not read
as text is left out (the cite controls, the diplomatic witness, the
emendation tooltips, line numbers, note-call digits).  Prose outside the
citable elements (a chapter's introduction, the method) is indexed by
section.  Pagefind's Python API takes each record with its URL, title and
filters (work, kind), which marking up the HTML with ``data-pagefind-*``
could not give one record per anchor.

The index is written at the end of the build into ``pagefind/`` (only the
search library, not Pagefind's own interfaces); an indexing failure fails
the build.  Pagefind lists the values of a filter, and the filters in its
metadata, in the order of a hash map, which changes from run to run; so that
the same inputs give the same book byte for byte, those lists are put in
order afterwards and the two files renamed by their new content.  The search page (``search.html``, the theme's search box leads
there) runs the edition's own interface, ``edition-search.js``.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ExtensionError

from . import state

OUTPUT = "pagefind"
# The kinds a reader can filter by, in the order results are ranked: the texts first.
KINDS = {
    "text": "text",
    "note": "note",
    "annotation": "annotation",
    "finding": "finding",
    "apparatus": "apparatus",
    "index": "glossary and index",
    "page": "editorial page",
}
# What a reader does not read as the text of a passage.
LEFT_OUT = {"cite", "diplomatic-text", "em-tip", "block-link", "note-call", "backref", "lineno", "headerlink",
            "view-switch", "excerpt-head", "cell_input", "toggle-button", "visually-hidden", "annotation-label",
            "finding-flag"}
LEFT_OUT_TAGS = {"script", "style", "button", "template", "nav"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK_TAGS = {"p", "div", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "aside", "article", "figure", "figcaption", "caption", "table", "blockquote", "pre", "br", "header"}
SPACES = re.compile(r"\s+")


@dataclass
class Record:
    anchor: str
    kind: str
    label: str = ""
    excerpt: str = ""
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return SPACES.sub(" ", "".join(self.parts)).strip()


def _kind(tag: str, attrs: dict) -> str | None:
    """The kind of record an element starts, or None."""
    classes = set((attrs.get("class") or "").split())
    cite = attrs.get("data-cite")
    if not attrs.get("id"):
        return None
    if "passage" in classes:
        return "text"
    return {"endnote": "note", "annotation": "annotation", "finding": "finding", "rule": "apparatus",
            "glossary-entry": "index", "index-entry": "index"}.get(cite) or (
        "apparatus" if cite == "emendation" and "apparatus-entry" in classes else None)


class _Page(HTMLParser):
    """The records of one built page: citable elements, and the rest of the article by section."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.records: list[Record] = []
        self.sections: dict[str, Record] = {}  # the prose of each section, outside the citable elements
        self.stack: list[tuple[str, bool, Record | None, Record | None]] = []  # tag, left out, record, section
        self.in_article = 0
        self.title: list[str] | None = None
        self.page_title = ""
        self.heading: Record | None = None  # a section whose heading is being read
        self.label: tuple[Record, list[str]] | None = None  # a passage whose "¶ 455" link is being read
        self.after_dt: Record | None = None  # a glossary or index term takes the definition that follows it
        self.excerpt = ""

    def _open(self) -> tuple[bool, Record | None, Record | None]:
        return self.stack[-1][1:] if self.stack else (False, None, None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self.title = []
        if tag in VOID:
            if tag == "br":
                self.handle_data(" ")
            return
        left_out, record, section = self._open()
        classes = set((attrs.get("class") or "").split())
        if tag == "article" and "bd-article" in classes:
            self.in_article += 1
            tag = "article bd-article"
        if attrs.get("data-cite") == "excerpt":
            self.excerpt = attrs.get("id", "")
        if record is not None and "block-link" in classes:
            self.label = (record, [])
        if classes & LEFT_OUT or tag in LEFT_OUT_TAGS:
            left_out = True
        if self.after_dt is not None and record is None:
            record = self.after_dt if tag == "dd" else None
            self.after_dt = None
        if record is None and not left_out and self.in_article:
            kind = _kind(tag, attrs)
            if kind:
                record = Record(attrs["id"], kind, excerpt=self.excerpt)
                self.records.append(record)
            elif tag == "section" and attrs.get("id"):
                section = self.sections.setdefault(attrs["id"], Record(attrs["id"], "page"))
            elif tag == "table":
                section = None  # a table without an anchor of its own lists what is indexed elsewhere
        if record is None and section is not None and tag in ("h1", "h2", "h3") and not section.label:
            self.heading = section
        if tag in BLOCK_TAGS:
            self.handle_data(" ")
        self.stack.append((tag, left_out, record, section))

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.page_title = SPACES.sub(" ", "".join(self.title)).strip()
            self.title = None
        if tag in VOID or not any(t.split()[0] == tag for t, *_ in self.stack):
            return
        if tag in BLOCK_TAGS:
            self.handle_data(" ")
        while self.stack:
            open_tag, _, record, _ = self.stack.pop()
            if open_tag == "article bd-article":
                self.in_article -= 1
                open_tag = "article"
            if open_tag in ("h1", "h2", "h3"):
                self.heading = None
            if open_tag == "a" and self.label is not None and self.label[0] is record:
                record.label = SPACES.sub(" ", "".join(self.label[1])).strip()
                self.label = None
            if open_tag == "dt" and record is not None and (not self.stack or self.stack[-1][2] is not record):
                record.label = record.text
                self.after_dt = record
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        if self.label is not None:
            self.label[1].append(data)
        left_out, record, section = self._open()
        if left_out or not self.in_article:
            return
        if self.heading is not None and data.strip():
            self.heading.label = SPACES.sub(" ", f"{self.heading.label} {data}").strip()
        if record is not None:
            record.parts.append(data)
        elif section is not None:
            section.parts.append(data)


def _surname(author: str) -> str:
    first = re.sub(r"\(.*?\)", "", author).split(" et al.")[0].strip()
    return first.split()[-1] if first else author


def _work_of(anchor: str, works: list[str]) -> str | None:
    return next((w for w in sorted(works, key=len, reverse=True) if anchor == w or anchor.startswith(w + "-")), None)


def _title(record: Record, page_title: str, work: str | None, sources: dict) -> str:
    """The line a result is named by: the work and the place in it, or the page and the section."""
    source = sources.get(work)
    in_work = f"{_surname(source.author)}, {source.short_title}" if source else page_title
    place = record.anchor[len(work) + 1:] if work else record.anchor
    excerpt = record.excerpt[len(work) + 1:] if work and record.excerpt.startswith(work + "-") else ""
    if record.kind == "text":
        return f"{in_work}, {excerpt} {record.label or place}".replace("  ", " ")
    if record.kind == "note":
        number = re.sub(r"^n", "", place)
        return f"{in_work}, note {number}"
    if record.kind == "annotation":
        block, k = place.rsplit("-a", 1)
        return f"{in_work}, annotation {k} on ¶ {block.lstrip('p')}"
    if record.kind == "finding":
        return f"{in_work}, finding {record.anchor}"
    if record.kind == "apparatus":
        what = "rule" if "-rule-" in record.anchor else "emendation"
        return f"{in_work}, {what} {record.anchor}"
    if record.kind == "index":
        return f"{page_title}: {record.label}"
    return f"{page_title}: {record.label}" if record.label and record.label != page_title else page_title


def records_of(page: Path, url: str, sources: dict) -> list[dict]:
    """The search records of one built page: URL with anchor, content, title, work and kind."""
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    page_title = re.split(r" [—-] ", parser.page_title)[0].strip()
    out = []
    for record in parser.records + list(parser.sections.values()):
        text = record.text
        if not text or (record.kind == "page" and text == record.label):  # a heading with nothing of its own
            continue
        work = _work_of(record.anchor, list(sources))
        kind = record.kind
        filters = {"kind": [kind]}
        meta = {"title": _title(record, page_title, work, sources), "kind": KINDS[kind], "page": page_title}
        if work:
            filters["work"] = [work]
            meta["work"] = sources[work].short_title
        out.append({"url": f"{url}#{record.anchor}", "content": text, "language": "en", "meta": meta, "filters": filters})
    return out


def site_records(outdir: Path, sources: dict) -> list[dict]:
    """Every record of the built site, page by page in a fixed order."""
    records = []
    for page in sorted(outdir.rglob("*.html")):
        relative = page.relative_to(outdir)
        if relative.parts[0] in ("_static", OUTPUT) or relative.name in ("search.html", "genindex.html"):
            continue
        records += records_of(page, relative.as_posix(), sources)
    return records


# Pagefind's files: gzip of "pagefind_dcd" and CBOR made of arrays, text and unsigned integers only.
SIGNATURE = b"pagefind_dcd"


def _cbor_load(data: bytes, i: int = 0):
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        n = info
    elif 24 <= info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise ValueError(f"unexpected CBOR item {data[i - 1]:#x}")
    if major == 0:
        return n, i
    if major == 3:
        return data[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_load(data, i)
            items.append(item)
        return items, i
    raise ValueError(f"unexpected CBOR major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(n)


def _cbor_dump(value) -> bytes:
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    return _cbor_head(4, len(value)) + b"".join(_cbor_dump(v) for v in value)


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    value, end = _cbor_load(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name} has data after its content")
    return value


def _write_named(folder: Path, prefix: str, digits: int, suffix: str, value) -> str:
    data = gzip.compress(SIGNATURE + _cbor_dump(value), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def _in_order(out: Path) -> None:
    """Pagefind's filter files and metadata with their lists sorted, renamed by content."""
    entry_path = out / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in sorted(entry["languages"].items()):
        meta_path = out / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = next(part for part in meta[2:] if isinstance(part, list) and all(
            isinstance(f, list) and len(f) == 2 and isinstance(f[0], str) for f in part))
        for entry_of_filter in filters:
            name, digest = entry_of_filter
            path = out / "filter" / f"{digest}.pf_filter"
            filter_name, values = _read(path)
            path.unlink()
            entry_of_filter[1] = _write_named(out / "filter", f"{language}_", 7, ".pf_filter",
                                              [filter_name, sorted(values, key=lambda v: v[0])])
        filters.sort(key=lambda f: f[0])
        meta_path.unlink()
        about["hash"] = _write_named(out, f"pagefind.{language}_", 10, ".pf_meta", meta).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


class _Pagefind:
    """Pagefind's indexing service (``pagefind --service``, the binary of the locked package), one request at a time.

    The service reads requests as base64 JSON, each followed by a comma, and answers each in the same form.
    The package's own asyncio client waits 0.1 s before it reads each answer, which made indexing the
    edition's two thousand records take over three minutes; answered at once, it takes seconds.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        executable = get_executable()
        if executable is None:
            raise ExtensionError("search: no Pagefind binary (the pagefind[bin] package of the lock)")
        self.log = tempfile.TemporaryFile()  # what the service says of itself, reported with a failure
        self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.log)
        self.message = 0
        self.pending = b""

    def send(self, payload: dict) -> dict:
        self.message += 1
        request = {"message_id": self.message, "payload": payload}
        self.process.stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
        self.process.stdin.flush()
        while b"," not in self.pending:
            chunk = self.process.stdout.read1(65536)
            if not chunk:
                raise RuntimeError(f"the service stopped (exit {self.process.wait()}) before answering "
                                   f"{payload['type']}: {self.said()}")
            self.pending += chunk
        answer, _, self.pending = self.pending.partition(b",")
        response = json.loads(base64.b64decode(answer))
        result = response.get("payload") or {}
        if result.get("type") == "Error" or response.get("message_id") != self.message:
            raise RuntimeError(f"{payload['type']}: {result.get('message') or response}")
        return result

    def said(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace").strip()[-2000:] or "nothing on its error output"

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.log.close()


def _write(records: list[dict], out: Path) -> None:
    service = _Pagefind()
    try:
        index = service.send({"type": "NewIndex", "config": {"force_language": "en"}})["index_id"]
        for record in records:
            service.send({"type": "AddRecord", "index_id": index, **record, "sort": None})
        service.send({"type": "WriteFiles", "index_id": index, "output_path": str(out)})
    finally:
        service.close()


def _build_index(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    records = site_records(outdir, state.edition(app).sources)
    if not records:
        raise ExtensionError("search: no passage of the built book could be indexed")
    out = outdir / OUTPUT
    shutil.rmtree(out, ignore_errors=True)
    try:
        _write(records, out)
    except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as err:
        raise ExtensionError(f"search: Pagefind could not write the index of {len(records)} records: {err}") from err
    if not (out / "pagefind.js").is_file():
        raise ExtensionError(f"search: Pagefind wrote no {OUTPUT}/pagefind.js")
    try:
        _in_order(out)
    except (ValueError, KeyError, StopIteration, OSError) as err:
        raise ExtensionError(f"search: the Pagefind index in {out} is not in the expected form: {err}") from err
    # Pagefind's own interfaces and its playground: the edition has its own search page.
    for unused in sorted(out.glob("pagefind-*ui.*")) + sorted(out.glob("pagefind-highlight.js")):
        unused.unlink()


def _search_page(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The search page gets the works and kinds to filter by, and the search script; no other page does."""
    if pagename != "search":
        return
    sources = state.edition(app).sources
    context["edition_works"] = [(s.id, s.short_title) for s in sources.values()]
    context["edition_kinds"] = list(KINDS.items())
    context["script_files"].append(_JavaScript("_static/edition-search.js", type="module"))


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _search_page)
    app.connect("build-finished", _build_index)
