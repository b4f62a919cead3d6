"""Witness passages and excerpts: what the edition quotes, and where it stands.

An excerpt is a verbatim line range of a witness, kept in
``data/<source>/witness/<first>-<last>.txt`` exactly as the witness has it,
with the SHA-256 of those bytes in ``data/<source>/excerpts.yaml``.  Its
endnotes are further verbatim line ranges of the same witness.

This module turns such a passage into *blocks* (headings, paragraphs, tables,
notes), each a list of apparatus segments, so that the reading view, the
diplomatic view, the JSON export and the round-trip test all come from the
same data.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import anchors
from .apparatus import (SUPERSCRIPTS, Emendation, Place, RuleBook, Segment, declared_note_calls, emend_line,
                        from_superscript, page_start, reading_text, witness_text)
from .datafiles import EditionError, Located


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def witness_lines(text: str) -> list[str]:
    """Lines split on ``\\n`` only, each keeping its terminator (never on other Unicode breaks)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


@dataclass(frozen=True)
class Passage:
    """A verbatim line range of a witness, as stored in the project."""

    source: str
    first: int
    last: int
    text: str
    sha256: str
    file: Path
    where: Located

    @property
    def lines(self) -> list[str]:
        return witness_lines(self.text)

    @property
    def numbered(self) -> list[tuple[int, str]]:
        """``(witness line number, line without its newline)`` for every line."""
        return [(self.first + i, line.rstrip("\n")) for i, line in enumerate(self.lines)]


def load_passage(source: str, folder: Path, holder) -> Passage:
    """Read the stored passage that a data entry (with ``lines`` and ``sha256``) names, and prove it."""
    (first, last), digest, where = holder["lines"], holder["sha256"], holder.at("lines")
    if last < first:
        raise where.error("lines", f"line range {first}-{last} ends before it starts")
    file = folder / f"{first:05d}-{last:05d}.txt"
    if not file.is_file():
        raise where.error("lines", f"no stored witness text for lines {first}-{last} (expected {file})")
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise EditionError(file, None, "", f"not UTF-8 ({err.reason} at byte {err.start})") from None
    count = len(witness_lines(text))
    if count != last - first + 1:
        raise where.error("lines", f"{file.name} holds {count} lines, not the {last - first + 1} of lines {first}-{last}")
    actual = sha256(data)
    if actual != digest:
        raise holder.error("sha256", f"{file.name} has SHA-256 {actual}, the data says {digest}")
    return Passage(source, first, last, text, digest, file, where)


@dataclass
class Block:
    """A unit of the reading text: heading, paragraph, table or note.

    ``lines`` are the witness lines it is made of; ``continues`` names the
    block whose paragraph it carries on after an intervening table (a page
    break the print filled with a table).
    """

    kind: str
    anchor: str
    lines: list[int]
    segments: list[Segment]
    continues: str = ""
    number: str = ""  # for notes: the note's number

    @property
    def reading(self) -> str:
        return reading_text(self.segments)

    @property
    def witness(self) -> str:
        return witness_text(self.segments)


@dataclass
class Excerpt:
    """An excerpt with its endnotes, as blocks of apparatus segments."""

    id: str
    source: str
    title: str
    location: dict
    body: Passage
    notes: list[Passage]
    blocks: list[Block]
    note_blocks: list[Block]
    streams: dict = field(default_factory=dict)  # passage first line -> full segment stream
    where: Located | None = None
    notes_lost: str = ""  # where the excerpt's notes do not survive in the witness, what the data says of them

    @property
    def passages(self) -> list[Passage]:
        return [self.body, *self.notes]

    def stream(self, passage: Passage) -> list[Segment]:
        return self.streams[passage.first]

    @property
    def anchors(self) -> list[str]:
        """Every public anchor this excerpt puts on its page."""
        found = [self.id]
        for block in self.blocks + self.note_blocks:
            found.append(block.anchor)
            for seg in block.segments:
                if seg.mark == "emendation":
                    found.append(seg.value)
                if seg.mark == "note-call" and block.kind != "note":
                    ref = anchors.note_call(self.source, self.note_chapter, seg.value)
                    found.append(anchors.repeated(ref, found))
                if seg.mark in ("page-head", "page-start") and seg.value and block.kind != "note":
                    found.append(anchors.page(self.source, seg.value))
        found += [anchors.witness_line(self.source, n) for b in self.blocks for n in range(b.lines[0], b.lines[-1] + 1)]
        return found

    def note_calls(self, emendations: dict[str, Emendation]) -> list[str]:
        """The note calls of the body in order: marked by a rule, or emendations of type ``note-call``
        (a call fused with a table's figure, which the table keeps as printed), by their superscript digits."""
        calls = []
        for block in self.blocks:
            for seg in block.segments:
                if seg.mark == "note-call":
                    calls.append(seg.value)
                elif seg.mark == "emendation" and emendations[seg.cause].type == "note-call":
                    calls += [from_superscript(m) for m in re.findall(f"[{SUPERSCRIPTS}]+", seg.reading)]
        return calls

    def line_readings(self) -> dict[int, str]:
        """The reading text of each witness line of the excerpt and its notes (emendations applied).

        A segment that spans lines (a join) counts towards the line it starts on.
        """
        readings: dict[int, str] = {}
        for passage in self.passages:
            line, buffer = passage.first, []
            for seg in self.stream(passage):
                buffer.append(seg.reading)
                for _ in range(seg.witness.count("\n")):
                    readings[line] = "".join(buffer).rstrip("\n")
                    line, buffer = line + 1, []
            if buffer:
                readings[line] = "".join(buffer)
        return readings

    @property
    def note_chapter(self) -> str:
        return str(self.location.get("notes_chapter", ""))


_NOTE_START = re.compile(r"^(\d+)\. ")


def _chunks(numbered: list[tuple[int, str]], starts: set[int] = frozenset()) -> list[tuple[list[int], int]]:
    """Runs of non-blank lines, each with the count of blank lines before it; a line in ``starts``
    begins a run of its own even without a blank line before it."""
    chunks, current, blanks = [], [], 0
    for number, text in numbered:
        if text.strip() and number in starts and current:
            chunks.append((current, blanks))
            current, blanks = [], 0  # no blank line before it: the gap is the line break alone
        if text.strip():
            current.append(number)
        else:
            if current:
                chunks.append((current, blanks))
                current, blanks = [], 0
            blanks += 1
    if current:
        chunks.append((current, blanks))
    return chunks


def _line_segments(passage: Passage, places: dict[int, list[tuple[Emendation, Place]]], rules: RuleBook,
                   calls: dict[int, list] | None = None, pages: dict[int, str] | None = None,
                   verbatim: set[int] = frozenset()) -> dict[int, list[Segment]]:
    """Each witness line as segments: its emendations, then (outside tables) the page-start
    indent and the note calls the excerpt declares on it."""
    segs = {}
    start_rule, call_rule = rules.get("page-starts"), rules.get("declared-note-calls")
    for n, text in passage.numbered:
        line = emend_line(text, n, places.get(n, []))
        if n not in verbatim:
            if start_rule:
                line = page_start(line, start_rule, (pages or {}).get(n, ""))
            if calls and calls.get(n):
                if call_rule is None:
                    raise calls[n][0].where.error("line", "note calls are declared, but the witness declares no rule of kind 'declared-note-calls'")
                line = declared_note_calls(line, n, calls[n], call_rule)
        segs[n] = line
    return segs


def line_ends(structure) -> dict[int, str]:
    """The excerpt's corrections of the word-splits rule, by witness line."""
    return {int(k): v for k, v in structure.get("line_ends", {}).items()}


class Joiner:
    """The segment that joins a line to the next one in a paragraph or note, by the witness's rules.

    A line's trailing spaces and its line break become one space (join-lines);
    where the witness declares word-splits, a line that ends without a space in
    a letter or a hyphen ends inside a divided word and is joined without a
    space, its hyphen dropped.  ``line_ends`` (from the excerpt) overrides the
    decision line by line: ``space``, ``word``, or ``hyphen`` (a compound: the
    hyphen is kept, or restored where the digitization lost it).
    """

    KINDS = ("space", "word", "hyphen")

    def __init__(self, rules: RuleBook, line_ends: dict, where: Located, at):
        self.rules, self.line_ends, self.where, self.at = rules, line_ends, where, at
        for line, kind in line_ends.items():
            if kind not in self.KINDS:
                raise at("line_ends").error("structure.line_ends", f"line {line}: {kind!r} is not one of {', '.join(self.KINDS)}")

    def end_of(self, line: int, segments: list[Segment]) -> str:
        if line in self.line_ends:
            return self.line_ends[line]
        if self.rules.get("word-splits") is None:
            return "space"
        text = witness_text(segments)
        return "word" if text and (text[-1].isalpha() or text[-1] == "-") else "space"

    def join(self, line: int, segments: list[Segment], gap: str = "\n", page: bool = False) -> Segment:
        """The join after witness ``line`` (whose ``segments`` lose their trailing spaces or hyphen to it)."""
        end = self.end_of(line, segments)
        tail = segments[-1] if segments and segments[-1].plain else None
        cut = ""
        if tail is not None:
            body = tail.witness.rstrip(" \t")
            if end == "word" and body.endswith("-"):
                body = body[:-1]
            cut = tail.witness[len(body):]
            segments[-1] = Segment(body, body)
            if not body:
                segments.pop()
        if end == "space":
            kind = "join-page-break" if page else "join-lines"
            place = (self.at("continued"), "structure.continued") if page else (self.where, "structure")
            return Segment(cut + gap, " ", self.rules.require(kind, *place).id, "join")
        rule = self.rules.require("word-splits", self.at("line_ends"), "structure.line_ends")
        if end == "hyphen" and not cut.strip().endswith("-") and not witness_text(segments).endswith("-"):
            return Segment(cut + gap, "-", rule.id, "join")
        return Segment(cut + gap, "", rule.id, "join")


def _joined(lines: list[int], segs: dict[int, list[Segment]], separator) -> list[Segment]:
    """The segments of consecutive witness lines, with ``separator(previous line, segments so far)`` between them."""
    out: list[Segment] = []
    for i, n in enumerate(lines):
        if i:
            out.append(separator(lines[i - 1], out))
        out.extend(segs[n])
    return out


_LEADING_SUPERSCRIPT = re.compile(r"^\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def _footnote(lines: list[int], segs: dict[int, list[Segment]], source: str, chapter: str, separator, at) -> Block:
    """A footnote printed inside the body: its leading superscript number labels it."""
    first = segs[lines[0]]
    text = first[0].witness if first and first[0].plain else ""
    match = _LEADING_SUPERSCRIPT.match(text)
    if not match:
        raise at("footnotes").error("structure.footnotes", f"line {lines[0]} does not begin with a superscript note number")
    label = match.group(0)
    number = from_superscript(match.group(1))
    rest = [Segment(text[len(label):], text[len(label):])] if text[len(label):] else []
    segments = [Segment(label, label, "", "note-label", number), *rest, *first[1:]]
    for previous, n in zip(lines, lines[1:], strict=False):
        segments += [separator(previous, segments), *segs[n]]
    block = Block("note", anchors.note(source, chapter, number), list(lines), segments)
    block.number = number
    return block


_NUMBERED = re.compile(r"^(\d+) ")


def _page_footnote(lines, segs, source, chapter, separator, rule, last_note, at) -> Block:
    """A chunk of a page's footnote block: the --- line, a numbered note, or the rest of the note before."""
    text = "".join(s.witness for s in segs[lines[0]])
    if text.strip() == "---":
        return Block("page-rule", anchors.block(source, lines[0]), list(lines),
                     [Segment(s.witness, "", rule.id, "page-rule") for s in segs[lines[0]]])
    joined = _joined(lines, segs, separator)
    match = _NUMBERED.match(text)
    if match:
        block = Block("note", anchors.note(source, chapter, match.group(1)), list(lines), joined)
        block.number = match.group(1)
        return block
    if last_note is None:
        raise at("footnote_blocks").error(
            "structure.footnote_blocks", f"line {lines[0]} goes on with a note that is not in the excerpt")
    block = Block("note", anchors.block(source, lines[0]), list(lines), joined, continues=last_note.anchor)
    return block


def build_body(
    excerpt_id: str,
    passage: Passage,
    structure: dict,
    rules: RuleBook,
    places: dict[int, list[tuple[Emendation, Place]]],
    where: Located,
    chapter: str = "",
    pages: dict[int, str] | None = None,
    heads: set[int] | None = None,
) -> tuple[list[Block], list[Segment]]:
    """The blocks of an excerpt's body, and the passage's full segment stream.

    Runs of non-blank lines are blocks: a table where ``structure.tables``
    says so (its blank lines included), a heading where ``structure.headings``
    says so, else a paragraph.  A paragraph whose first line is in
    ``structure.continued`` goes on in the next paragraph: joined to it when
    it follows at once (or with only a running head between), or marked as its
    continuation when a table or a footnote stands between them.  A run whose
    first line is in ``structure.footnotes`` is a footnote the print set at the
    foot of the page, inside the body's lines; it becomes a note block.  A
    running head (by the witness's rule) is a block of its own, or, inside a
    paragraph that runs over the page, a mark in it.  With
    ``structure.endnotes`` the body is a run of numbered endnotes.
    """
    headings = set(structure.get("headings", []))
    tables = [tuple(r) for r in structure.get("tables", [])]
    continued = set(structure.get("continued", []))
    footnotes = set(structure.get("footnotes", []))
    footnote_blocks = [tuple(r) for r in structure.get("footnote_blocks", [])]

    def at(name: str) -> Located:
        """The line of a field of ``structure`` (or of ``structure`` itself)."""
        return structure.at(name) if hasattr(structure, "at") and name in structure else where
    calls: dict[int, list] = {}
    for call in structure.get("note_calls", []):
        if not passage.first <= call["line"] <= passage.last:
            raise call.where.error("line", f"note call on line {call['line']}, outside excerpt {excerpt_id}")
        calls.setdefault(call["line"], []).append(call)
    joiner = Joiner(rules, line_ends(structure), where, at)
    if structure.get("endnotes"):
        return build_notes(excerpt_id, passage, chapter, rules, places, where, pages=pages, joiner=joiner,
                           kind="endnote", first_number=structure.get("begins_mid_note"), calls=calls)
    table_lines = {n for first, last in tables for n in range(first, last + 1)}
    heads = set(heads or ())
    segs = _line_segments(passage, places, rules, calls, {n: p for n, p in (pages or {}).items() if n not in heads},
                          verbatim=table_lines | heads)
    block_starts = set(structure.get("block_starts", []))
    chunks = _chunks(passage.numbered, block_starts)
    starts = {lines[0] for lines, _ in chunks}
    for n in sorted(block_starts):
        if not passage.first < n <= passage.last or not passage.numbered[n - passage.first][1].strip():
            raise at("block_starts").error("structure.block_starts", f"line {n} is not a non-blank line inside excerpt {excerpt_id}")
    for name, declared in (("headings", headings), ("continued", continued), ("footnotes", footnotes),
                           ("footnote_blocks", {first for first, _ in footnote_blocks})):
        for n in sorted(declared):
            if n not in starts:
                raise at(name).error(f"structure.{name}", f"line {n} does not start a block of excerpt {excerpt_id}")
    for first, last in tables:
        if first not in starts or not (passage.first <= last <= passage.last):
            raise at("tables").error("structure.tables", f"table {first}-{last} does not start and end inside excerpt {excerpt_id}")

    def table_of(line: int) -> tuple | None:
        return next((t for t in tables if t[0] <= line <= t[1]), None)

    def line_join(previous: int, so_far: list[Segment]) -> Segment:
        return joiner.join(previous, so_far)

    def verbatim_newline(_previous: int, _so_far: list[Segment]) -> Segment:
        return Segment("\n", "\n")

    blocks: list[Block] = []
    waiting: Block | None = None  # a paragraph declared continued, waiting for its next part
    head: Segment | None = None  # a running head met while a paragraph waits for its next part
    last_note: Block | None = None
    for lines, blanks in chunks:
        gap = "\n" * (blanks + 1)
        previous = blocks[-1] if blocks else None
        page = rules.running_head(witness_text(segs[lines[0]])) if len(lines) == 1 else None
        if page is None and lines[0] in heads:  # a running head the digitization garbled, named by the page data
            page = (pages or {}).get(lines[0])
        if page is not None and not table_of(lines[0]):
            _check_page(pages, lines[0], page, at)
            text = witness_text(segs[lines[0]])
            rule = rules.require("running-heads", where, "structure")
            mark = Segment(text, "", rule.id, "page-head", page)
            if waiting is not None and previous is waiting:
                waiting.segments.append(joiner.join(waiting.lines[-1], waiting.segments, gap, page=True))
                waiting.segments.append(mark)
                waiting.lines.append(lines[0])
                head = mark
            else:
                blocks.append(Block("page-head", anchors.block(passage.source, lines[0]), list(lines), [mark]))
            continue
        if any(first <= lines[0] <= last for first, last in footnote_blocks):
            rule = rules.require("footnote-blocks", at("footnote_blocks"), "structure.footnote_blocks")
            block = _page_footnote(lines, segs, passage.source, chapter, line_join, rule, last_note, at)
            if block.kind == "note":
                last_note = block if block.number else last_note
            blocks.append(block)
            continue
        table = table_of(lines[0])
        if table and previous and previous.kind == "table" and table_of(previous.lines[0]) == table:
            previous.segments += [Segment(gap, gap)] + _joined(lines, segs, verbatim_newline)
            previous.lines += lines
            continue
        if lines[0] in footnotes:
            blocks.append(_footnote(lines, segs, passage.source, chapter, line_join, at))
            continue
        kind = "table" if table else "heading" if lines[0] in headings else "paragraph"
        if kind == "paragraph" and waiting is not None and previous is waiting:
            if head is not None:  # the page's running head stands between the halves: its blank lines join nothing
                rule = rules.require("join-page-break", at("continued"), "structure.continued")
                previous.segments.append(Segment(gap, "", rule.id, "join"))
                head = None
            else:
                previous.segments.append(joiner.join(previous.lines[-1], previous.segments, gap, page=True))
            previous.segments += _joined(lines, segs, line_join)
            previous.lines += lines
            waiting = previous if lines[0] in continued else None
            continue
        block = Block(kind, anchors.block(passage.source, lines[0]), list(lines),
                      _joined(lines, segs, verbatim_newline if table else line_join))
        if kind == "paragraph" and waiting is not None:
            rules.require("join-page-break", at("continued"), "structure.continued")  # declared for a continuation, too
            block.continues, waiting = waiting.anchor, None
        if head is not None:
            raise at("continued").error("structure.continued", f"a running head at line {waiting.lines[-1] if waiting else lines[0]} "
                                        "ends a paragraph declared continued, and no paragraph follows it")
        if lines[0] in continued:
            if kind != "paragraph":
                raise at("continued").error("structure.continued", f"line {lines[0]} is a {kind}, not a paragraph")
            waiting = block
        blocks.append(block)
    if waiting is not None:
        raise at("continued").error(
            "structure.continued", f"paragraph {waiting.anchor} is declared continued, but no paragraph follows in the excerpt"
        )
    for block in blocks:
        if block.kind == "heading":
            block.segments = rules.apply_heading(block.segments)
        if block.kind not in ("table", "page-rule", "page-head"):
            block.segments = rules.apply_inline(block.segments, where)
    _check_paragraph_ends(blocks, continued, at("continued"))
    return blocks, _stream(passage, blocks)


def _check_page(pages: dict[int, str] | None, line: int, page: str, at) -> None:
    """A running head's number agrees with the page data, where that names the line."""
    if pages and line in pages and pages[line] != page:
        raise at("pages").error("pages", f"line {line} is the running head of page {page}, the page data says {pages[line]}")


def _check_paragraph_ends(blocks: list[Block], continued: set[int], where: Located) -> None:
    """A paragraph that stops mid-sentence was split by a page break: say so in the data."""
    for block in blocks:
        if block.kind != "paragraph":
            continue
        end = block.reading.rstrip()
        end = end.rstrip("⁰¹²³⁴⁵⁶⁷⁸⁹")
        if end and end[-1] not in '.?!:”"’)]' and block.lines[-1] not in continued:
            raise where.error(
                "structure.continued",
                f"paragraph {block.anchor} ends mid-sentence at line {block.lines[-1]} "
                "(...{0!r}); declare it continued or check the excerpt's range".format(end[-30:]),
            )


def _stream(passage: Passage, blocks: list[Block]) -> list[Segment]:
    """All segments of a passage in witness order: the blocks, and the blank lines around them as they are."""
    stream: list[Segment] = []
    position = passage.first  # the witness line where the next block's separator starts
    for block in blocks:
        gap = "\n" * (block.lines[0] - position) if not stream else "\n" * (block.lines[0] - position + 1)
        if gap:
            stream.append(Segment(gap, gap))
        stream.extend(block.segments)
        position = block.lines[-1] + 1
    trailing = passage.text[len(witness_text(stream)) :]
    if trailing:
        stream.append(Segment(trailing, trailing))
    return stream


def build_notes(
    excerpt_id: str,
    passage: Passage,
    chapter: str,
    rules: RuleBook,
    places: dict[int, list[tuple[Emendation, Place]]],
    where: Located,
    pages: dict[int, str] | None = None,
    joiner: Joiner | None = None,
    kind: str = "note",
    first_number: str | None = None,
    calls: dict[int, list] | None = None,
) -> tuple[list[Block], list[Segment]]:
    """The endnotes of a notes passage: a note begins with "N. " (as the line reads once emended),
    where N follows the number of the note before (by at most five: some notes may be lost); a line
    that does not is the previous note going on, after a line break or, past blank lines, a page
    break.

    ``kind="endnote"`` makes the notes the blocks of an excerpt's body (a witness that is
    all endnotes); ``first_number`` says which note the passage's first lines end, when its
    beginning is lost.
    """
    joiner = joiner or Joiner(rules, {}, where, lambda _name: where)
    segs = _line_segments(passage, places, rules, calls, pages)
    notes: list[Block] = []
    blank = 0
    for number, text in passage.numbered:
        if not text.strip():
            blank += 1
            continue
        match = _NOTE_START.match(reading_text(segs[number]).lstrip())
        if match and notes and notes[-1].number.isdigit() and not 0 < int(match.group(1)) - int(notes[-1].number) <= 5:
            match = None  # "1937. " or a page number at a line start, not the next note's number: the note goes on
        if match or (not notes and first_number):
            label = match.group(1) if match else str(first_number)
            note = Block(kind, anchors.note(passage.source, chapter, label), [number], list(segs[number]))
            note.number = label
            notes.append(note)
        elif not notes:
            raise where.error("notes", f'witness line {number} does not start with a note number ("N. ")')
        else:
            previous = notes[-1]
            previous.segments.append(joiner.join(previous.lines[-1], previous.segments, "\n" * (blank + 1), page=bool(blank)))
            previous.segments += segs[number]
            previous.lines.append(number)
        blank = 0
    for note in notes:
        note.segments = rules.apply_inline(note.segments, where)
    return notes, _stream(passage, notes)
