"""The whole edition's data, loaded once and checked as a whole.

``load_edition()`` reads the source register, and for every source folder
under ``data/`` its rules, emendations and excerpts; it builds every excerpt
and refuses the data at the first problem, naming file, line and field.  The
Sphinx build, the command line, the notebooks and the tests all start here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import anchors
from .apparatus import RULE_KINDS, Emendation, Place, Rule, RuleBook
from .checks import Finding, load_checks, load_verdicts, review, run_checks
from .claims import check_claims, check_dates, check_quotes, load_claims, load_dates, load_units
from .datafiles import EditionError, load_source_file, load_yaml, project_root
from .excerpts import Excerpt, Joiner, build_body, build_notes, line_ends, load_passage
from .pages import Pages, load_pages
from .glossary import load_glossary
from .names import Index, build_index, load_names
from .sources import Source, check_bibliography, load_sources
from .tables import Table, load_tables


@dataclass
class Edition:
    root: Path
    sources: dict[str, Source]
    rules: dict[str, RuleBook]
    emendations: dict[str, Emendation]
    excerpts: dict[str, Excerpt]
    emendation_types: dict[str, str]
    verdict_types: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    checks: dict[str, list] = field(default_factory=dict)  # by source
    verdicts: dict[str, dict] = field(default_factory=dict)  # by source: finding ID -> verdict entry
    glossary: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    quantities: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)  # by source: the printed pages recovered from its witness
    dates: list = field(default_factory=list)  # dated statements of every source
    index: Index = field(default_factory=Index)  # the index of names and where they occur
    emendation_marks: dict = field(default_factory=dict)  # emendation type -> routine or significant (display layers)

    def excerpts_of(self, source_id: str) -> list[Excerpt]:
        return [e for e in self.excerpts.values() if e.source == source_id]

    def emendations_of(self, source_id: str) -> list[Emendation]:
        return [e for e in self.emendations.values() if e.source == source_id]

    def tables_of(self, source_id: str) -> list[Table]:
        return [t for t in self.tables.values() if t.source == source_id]

    def findings(self) -> list[Finding]:
        """Every finding of every check, each with its editor's verdict.

        Raises :class:`EditionError` on a finding no editor has reviewed, and
        on a verdict whose finding no longer occurs.
        """
        found: list[Finding] = []
        on_claims = check_claims(self.claims, self.tables, self.excerpts)
        on_claims += check_dates(self.dates, {n.id: n for n in self.index.names}, self.excerpts)
        for source in self.sources:
            own = run_checks(self.tables, self.checks.get(source, [])) + [f for f in on_claims if f.source == source]
            found += review(own, self.verdicts.get(source, {}), self.root / "data" / source)
        return found


def _load_rules(folder: Path, source: str) -> RuleBook:
    book = RuleBook()
    data = load_source_file(folder, "rules.yaml", "rules", source, required=False)
    if data is None:
        return book
    seen: set[str] = set()
    for item in data["rules"]:
        if item["id"] in seen:
            raise item.error("id", f"rule {item['id']!r} is declared twice")
        if item["kind"] in book.rules:
            raise item.error("kind", f"a second rule of kind {item['kind']!r}")
        seen.add(item["id"])
        assert item["kind"] in RULE_KINDS
        if (item["kind"] == "running-heads") != ("pattern" in item):
            raise item.error("pattern", "a rule of kind running-heads needs a pattern, and only such a rule has one")
        if "pattern" in item:
            try:
                re.compile(item["pattern"])
            except re.error as err:
                raise item.error("pattern", f"not a regular expression: {err}") from None
        book.rules[item["kind"]] = Rule(item["id"], item["kind"], item["description"], anchors.rule(source, item["id"]),
                                        item.where, item.get("pattern", ""))
    return book


def _load_emendations(folder: Path, source: str, types: dict[str, str], marks: dict[str, str]) -> dict[str, Emendation]:
    data = load_source_file(folder, "emendations.yaml", "emendations", source, required=False)
    if data is None:
        return {}
    found: dict[str, Emendation] = {}
    for item in data["emendations"]:
        if not item["id"].startswith(source + "-em"):
            raise item.error("id", f"{item['id']!r} does not begin with {source}-em")
        if item["id"] in found:
            raise item.error("id", f"emendation {item['id']!r} is recorded twice")
        if item["type"] not in types:
            raise item.error("type", f"{item['type']!r} is not an emendation type of data/vocabulary.yaml ({', '.join(types)})")
        places = tuple(
            Place(p["excerpt"], p["line"], p.get("occurrence"), anchors.emendation_place(item["id"], i), p.where)
            for i, p in enumerate(item["at"])
        )
        found[item["id"]] = Emendation(
            item["id"], source, item["type"], item["witness"], item["reading"], item["reason"], places, item.where,
            item.get("marks", marks[item["type"]]),
        )
    return found


def _load_excerpts(folder: Path, source: Source, rules: RuleBook, emendations: dict[str, Emendation],
                   pages: Pages) -> dict[str, Excerpt]:
    data = load_source_file(folder, "excerpts.yaml", "excerpts", source.id, required=False)
    if data is None:
        return {}
    by_place: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for em in emendations.values():
        for place in em.places:
            by_place[place.excerpt][place.line].append((em, place))
    excerpts: dict[str, Excerpt] = {}
    for item in data["excerpts"]:
        if not item["id"].startswith(source.id + "-ex"):
            raise item.error("id", f"{item['id']!r} does not begin with {source.id}-ex")
        if item["id"] in excerpts:
            raise item.error("id", f"excerpt {item['id']!r} is declared twice")
        passages = []
        for holder in [item, *item["notes"]]:
            first, last = holder["lines"]
            if not (source.witness.first <= first and last <= source.witness.last):
                raise holder.error(
                    "lines",
                    f"{first}-{last} lies outside the witness lines of {source.id} "
                    f"({source.witness.first}-{source.witness.last} of {source.witness.file})",
                )
            passages.append(load_passage(source.id, folder / "witness", holder))
        body, notes = passages[0], passages[1:]
        places = by_place.get(item["id"], {})
        covered = {n for p in passages for n in range(p.first, p.last + 1)}
        for line, entries in places.items():
            if line not in covered:
                em, place = entries[0]
                raise place.where.error("line", f"{em.id}: witness line {line} is not in excerpt {item['id']} or its notes")
        location = dict(item["location"])
        if location.get("pages") is None and pages.entries:
            location["pages"] = pages.span(body.first, body.last)
        chapter = str(location.get("notes_chapter", ""))
        blocks, stream = build_body(item["id"], body, item["structure"], rules, places, item.at("structure"), chapter,
                                    pages=pages.starts, heads=pages.heads)
        # footnotes printed inside the body's line range belong with the notes
        note_blocks = [b for b in blocks if b.kind == "note"]
        blocks = [b for b in blocks if b.kind != "note"]
        for b in note_blocks:
            if b.continues:
                b.number = next(n.number for n in note_blocks if n.anchor == b.continues)
        streams = {body.first: stream}
        for passage, holder in zip(notes, item["notes"], strict=True):
            found, note_stream = build_notes(item["id"], passage, chapter, rules, places, holder.at("lines"),
                                             pages=pages.starts, joiner=Joiner(rules, line_ends(item["structure"]), holder.at("lines"),
                                                                               lambda _n, h=holder: h.at("lines")))
            note_blocks += found
            streams[passage.first] = note_stream
        excerpt = Excerpt(item["id"], source.id, item["title"], location, body, notes, blocks, note_blocks,
                          streams=streams, where=item.where, notes_lost=item.get("notes_lost", ""))
        _check_note_calls(excerpt, item, emendations)
        excerpts[item["id"]] = excerpt
    return excerpts


def _check_note_calls(excerpt: Excerpt, item, emendations: dict[str, Emendation]) -> None:
    """Every note call has its endnote in the excerpt, and every endnote is called.

    The calls are those of :meth:`Excerpt.note_calls` (rules' calls and note-call emendations).
    """
    calls = excerpt.note_calls(emendations)
    numbers = [b.number for b in excerpt.note_blocks if not b.continues]
    if len(set(numbers)) != len(numbers):
        raise item.error("notes", f"{excerpt.id}: an endnote number appears twice")
    if item.get("notes_lost"):
        return
    missing = [c for c in calls if c not in numbers]
    if missing:
        raise item.error("notes", f"{excerpt.id}: note calls {', '.join(missing)} have no endnote in the excerpt's notes")
    uncalled = [n for n in numbers if n not in calls]
    if uncalled:
        raise item.error("notes", f"{excerpt.id}: endnotes {', '.join(uncalled)} are not called in the excerpt")


def load_edition(root: Path | None = None) -> Edition:
    """Load and check all of ``data/``; raise :class:`EditionError` at the first problem."""
    root = Path(root) if root else project_root()
    data = root / "data"
    sources = load_sources(data)
    vocabulary = load_yaml(data / "vocabulary.yaml", "vocabulary")
    types = dict(vocabulary["emendation_types"])
    marks = _marks_levels(vocabulary, types)
    edition = Edition(root, sources, {}, {}, {}, types, dict(vocabulary["verdicts"]), glossary=load_glossary(data),
                      quantities=dict(vocabulary.get("quantities", {})), units=load_units(data), emendation_marks=marks)
    check_bibliography(sources, data / "bibliography.bib")
    for source in sources.values():
        folder = data / source.id
        edition.rules[source.id] = _load_rules(folder, source.id)
        if not folder.is_dir():
            continue
        own = _load_emendations(folder, source.id, types, marks)
        edition.emendations.update(own)
        edition.pages[source.id] = load_pages(folder, source.id)
        edition.excerpts.update(_load_excerpts(folder, source, edition.rules[source.id], own, edition.pages[source.id]))
        _check_emendations_used(own, edition.excerpts)
        tables = load_tables(folder, source.id)
        edition.tables.update(tables)
        edition.checks[source.id] = load_checks(folder, source.id, tables)
        edition.verdicts[source.id] = load_verdicts(folder, source.id, edition.verdict_types)
        edition.claims += load_claims(folder, source.id, edition.quantities, edition.units)
        edition.dates += load_dates(folder, source.id)
    check_quotes(edition.claims + edition.dates, edition.excerpts)
    edition.index = build_index(load_names(data), edition.excerpts)
    for folder in sorted(p for p in data.iterdir() if p.is_dir() and p.name not in ("schemas", "anchors")):
        if folder.name not in sources:
            raise EditionError(folder, None, "", f"folder for an unregistered source {folder.name!r} (see data/sources.yaml)")
    return edition


def _marks_levels(vocabulary, types: dict[str, str]) -> dict[str, str]:
    """Every emendation type's display level; a type without one, or a level for no type, is an error."""
    marks = vocabulary["emendation_marks"]
    for name in types:
        if name not in marks:
            raise vocabulary.error("emendation_marks", f"emendation type {name!r} has no level (routine or significant)")
    for name in marks:
        if name not in types:
            raise marks.error(name, f"{name!r} is not an emendation type of emendation_types")
    return dict(marks)


def _check_emendations_used(emendations: dict[str, Emendation], excerpts: dict[str, Excerpt]) -> None:
    for em in emendations.values():
        for place in em.places:
            if place.excerpt not in excerpts:
                raise place.where.error("excerpt", f"{em.id}: no excerpt {place.excerpt!r}")
