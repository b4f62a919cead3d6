"""The apparatus: how the reading text differs from the witness, and why.

The reading text is never written by hand.  It is made from the witness lines
by two kinds of editorial act, both kept as data:

* **normalization rules**, declared per witness in ``data/<source>/rules.yaml``
  (page-break joins, note calls, italics, quotes, ...): each has an ID, a kind
  (one of the mechanisms below) and a one-line description;
* **emendations**, recorded stand-off in ``data/<source>/emendations.yaml``:
  ID, type, witness text, edition reading, reason, and the places (excerpt,
  witness line, occurrence on that line) where it applies.

The result is a stream of :class:`Segment` s.  Each segment pairs a piece of
the witness with what the reading text has instead, and names the rule or
emendation responsible for any difference.  Concatenating the witness sides
gives back the witness, byte for byte; concatenating the reading sides gives
the reading text.  :func:`differences` and :func:`rebuild_witness` state this
as a round trip that works on the plain reading text and the list of
differences alone, and the tests prove it for every excerpt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .datafiles import Located

# The kinds of normalization rule the engine knows.  A witness declares which
# of them apply to it (and so which IDs and descriptions readers see); a kind
# that a witness does not declare is never applied to it.
RULE_KINDS = {
    "join-lines": "lines of one block are joined with a space",
    "join-page-break": "a paragraph split by a page break is joined with a space where the excerpt declares it",
    "word-splits": "a line ending without a space in a letter or hyphen ends inside a divided word: joined without a space",
    "page-starts": "a line beginning with a space begins a printed page: the space is dropped and the page marked",
    "running-heads": "a running head (a line matching the rule's pattern) is dropped and its page number shown",
    "declared-note-calls": "note calls printed as plain digits, declared place by place, link to the endnote",
    "superscript-note-calls": "Unicode superscript numbers are note calls that link to the endnote",
    "html-sup-note-calls": "note calls written <sup>N</sup> link to the note and show as superscript numbers",
    "footnote-blocks": "the footnotes of a printed page, between --- lines, are notes; the --- line is dropped",
    "markdown-headings": "the # marks before a heading are dropped; the heading stays a heading",
    "asterisk-italics": "text between asterisks is italic; the asterisks are dropped",
    "typographic-quotes": "straight double quotes become opening and closing quotation marks",
}

@dataclass(frozen=True)
class Rule:
    """A normalization rule declared for one witness."""

    id: str
    kind: str
    description: str
    anchor: str
    where: Located
    pattern: str = ""  # for running heads: a regular expression with a group for the page number


@dataclass(frozen=True)
class Place:
    """One place where an emendation applies: a line of an excerpt's witness text."""

    excerpt: str
    line: int
    occurrence: int | None
    anchor: str
    where: Located


@dataclass(frozen=True)
class Emendation:
    """An editor's correction of the witness, recorded stand-off."""

    id: str
    source: str
    type: str
    witness: str
    reading: str
    reason: str
    places: tuple[Place, ...]
    where: Located
    marks: str = "significant"  # "routine": applied silently at the reading text's default level


@dataclass(frozen=True)
class Segment:
    """A piece of the witness and what the reading text has in its place.

    ``cause`` names the rule or emendation behind any difference; ``mark``
    says what the reading does with the piece (``emendation``, ``note-call``,
    ``italic-start``, ``italic-end``, ``join``, ``quote``) and ``value``
    carries what that mark needs (the note number, the emendation's place
    anchor).
    """

    witness: str
    reading: str
    cause: str = ""
    mark: str = ""
    value: str = ""

    @property
    def plain(self) -> bool:
        """Text that no rule or emendation has touched, nor any mark claimed."""
        return not self.cause and not self.mark


@dataclass(frozen=True)
class Difference:
    """One difference between reading text and witness, at an offset of the reading text."""

    offset: int
    reading: str
    witness: str
    cause: str


def differences(segments: list[Segment]) -> list[Difference]:
    """The apparatus of a passage as differences located in its reading text."""
    found, offset = [], 0
    for seg in segments:
        if seg.witness != seg.reading:
            found.append(Difference(offset, seg.reading, seg.witness, seg.cause))
        offset += len(seg.reading)
    return found


def reading_text(segments: list[Segment]) -> str:
    return "".join(seg.reading for seg in segments)


def witness_text(segments: list[Segment]) -> str:
    return "".join(seg.witness for seg in segments)


def rebuild_witness(reading: str, diffs: list[Difference]) -> str:
    """Undo every difference in the reading text: the witness passage again."""
    out, pos = [], 0
    for diff in diffs:
        if diff.offset < pos or reading[diff.offset : diff.offset + len(diff.reading)] != diff.reading:
            raise ValueError(f"difference at reading offset {diff.offset} ({diff.cause}) does not match the reading text")
        out.append(reading[pos : diff.offset])
        out.append(diff.witness)
        pos = diff.offset + len(diff.reading)
    out.append(reading[pos:])
    return "".join(out)


# --- emendations on one witness line -------------------------------------------------


def emend_line(text: str, line: int, places: list[tuple[Emendation, Place]]) -> list[Segment]:
    """Split one witness line into plain segments and emendation segments.

    Each place must find its witness text on the line exactly where it says:
    missing text, an ambiguous place without ``occurrence``, or two
    emendations that overlap are errors naming the emendation's file and line.
    """
    spans = []
    for em, place in places:
        starts = [m.start() for m in re.finditer(re.escape(em.witness), text)] if em.witness else []
        if not starts:
            raise place.where.error("witness", f"{em.id}: {em.witness!r} is not on witness line {line}")
        if place.occurrence is None and len(starts) > 1:
            raise place.where.error(
                "occurrence", f"{em.id}: {em.witness!r} occurs {len(starts)} times on witness line {line}; say which"
            )
        index = (place.occurrence or 1) - 1
        if index >= len(starts):
            raise place.where.error(
                "occurrence", f"{em.id}: {em.witness!r} occurs only {len(starts)} times on witness line {line}"
            )
        start = starts[index]
        spans.append((start, start + len(em.witness), em, place))
    spans.sort(key=lambda s: s[0])
    for (_, end1, em1, _), (start2, _, em2, place2) in zip(spans, spans[1:], strict=False):
        if start2 < end1:
            raise place2.where.error("witness", f"{em2.id} overlaps {em1.id} on witness line {line}")
    segments, pos = [], 0
    for start, end, em, place in spans:
        if start > pos:
            segments.append(Segment(text[pos:start], text[pos:start]))
        segments.append(Segment(em.witness, em.reading, em.id, "emendation", place.anchor))
        pos = end
    if pos < len(text) or not segments:
        segments.append(Segment(text[pos:], text[pos:]))
    return segments


# --- inline rules on the plain segments of a block -------------------------------------


def _split_plain(segments: list[Segment], pattern: re.Pattern, make) -> list[Segment]:
    """Replace every match of ``pattern`` inside plain segments by ``make(match, before)``.

    ``before`` is the reading text so far, for rules that look behind.
    """
    out: list[Segment] = []
    for seg in segments:
        if not seg.plain:
            out.append(seg)
            continue
        pos = 0
        for match in pattern.finditer(seg.witness):
            if match.start() > pos:
                piece = seg.witness[pos : match.start()]
                out.append(Segment(piece, piece))
            out.append(make(match, reading_text(out)))
            pos = match.end()
        if pos < len(seg.witness) or not seg.witness:
            piece = seg.witness[pos:]
            out.append(Segment(piece, piece))
    return out


SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def from_superscript(text: str) -> str:
    """Superscript digits as plain digits (a note call's number)."""
    return text.translate(str.maketrans(SUPERSCRIPTS, "0123456789"))

_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")


def superscript_note_calls(segments: list[Segment], rule: Rule) -> list[Segment]:
    def make(match, _before):
        number = from_superscript(match.group())
        return Segment(match.group(), match.group(), rule.id, "note-call", number)

    return _split_plain(segments, _SUPERSCRIPT_RUN, make)


_SUP_TAG = re.compile(r"<sup>(\d+)</sup>")


def html_sup_note_calls(segments: list[Segment], rule: Rule) -> list[Segment]:
    def make(match, _before):
        number = match.group(1)
        return Segment(match.group(), _superscript(number), rule.id, "note-call", number)

    return _split_plain(segments, _SUP_TAG, make)


def _superscript(number: str) -> str:
    return number.translate(str.maketrans("0123456789", SUPERSCRIPTS))


def declared_note_calls(segments: list[Segment], line: int, calls: list, rule: Rule) -> list[Segment]:
    """Mark the note calls an excerpt declares on one witness line.

    Each call names its exact witness text (spaces before the digits included)
    and, where the digits are fused with a number of the text ("192918"), which
    trailing digits are the call.  A call must be found in text that no
    emendation has claimed, exactly where its ``occurrence`` says.
    """
    for call in calls:
        witness, where = call["witness"], call.where
        number = str(call.get("number") or "".join(witness.split()))
        if not number.isdigit() or not "".join(witness.split()).endswith(number):
            raise where.error("number", f"note call {witness!r} on line {line} does not end in the digits {number!r}")
        hits = [(i, m.start()) for i, seg in enumerate(segments) if seg.plain
                for m in re.finditer(re.escape(witness), seg.witness)]
        if not hits:
            raise where.error("witness", f"note call {witness!r} is not in the unemended text of witness line {line}")
        occurrence = call.get("occurrence")
        if occurrence is None and len(hits) > 1:
            raise where.error("occurrence", f"note call {witness!r} occurs {len(hits)} times on witness line {line}; say which")
        if (occurrence or 1) > len(hits):
            raise where.error("occurrence", f"note call {witness!r} occurs only {len(hits)} times on witness line {line}")
        index, start = hits[(occurrence or 1) - 1]
        seg = segments[index]
        # the call is the last len(number) digits of the witness text, with any spaces the OCR put inside it ("1 1")
        cut, digits = len(witness), 0
        while digits < len(number):
            cut -= 1
            digits += witness[cut].isdigit()
        head = witness[:cut]
        kept = head.rstrip()
        pieces = [Segment(seg.witness[:start] + kept, seg.witness[:start] + kept)] if seg.witness[:start] + kept else []
        pieces.append(Segment(witness[len(kept):], _superscript(number), rule.id, "note-call", number))
        rest = seg.witness[start + len(witness):]
        if rest:
            pieces.append(Segment(rest, rest))
        segments = segments[:index] + pieces + segments[index + 1:]
    return segments


def page_start(segments: list[Segment], rule: Rule, page: str) -> list[Segment]:
    """A line indented by the digitization begins a printed page: the indent becomes the page mark.

    The indent is the spaces that begin the line's first segment (or the whole first segment, when
    an emendation follows the indent at once).
    """
    if not segments or not segments[0].plain:
        return segments
    text = segments[0].witness
    indent = text[: len(text) - len(text.lstrip(" "))]
    if not text.strip() and len(segments) == 1:
        return segments  # a line of spaces only
    if not indent:  # the page data places a page start on a line without an indent: a mark, no change
        return [Segment("", "", rule.id, "page-start", page), *segments] if page else segments
    rest = text[len(indent):]
    return [Segment(indent, "", rule.id, "page-start", page), *([Segment(rest, rest)] if rest else []), *segments[1:]]


def asterisk_italics(segments: list[Segment], rule: Rule, where: Located) -> list[Segment]:
    opened = False

    def make(match, _before):
        nonlocal opened
        opened = not opened
        return Segment("*", "", rule.id, "italic-start" if opened else "italic-end")

    out = _split_plain(segments, re.compile(r"\*"), make)
    if opened:
        raise where.error("text", f"rule {rule.id}: an asterisk opens italics that never close in this block")
    return out


def typographic_quotes(segments: list[Segment], rule: Rule) -> list[Segment]:
    def make(match, before):
        opening = not before or before[-1].isspace() or before[-1] in "([{—–/"
        return Segment('"', "“" if opening else "”", rule.id, "quote")

    return _split_plain(segments, re.compile('"'), make)


@dataclass
class RuleBook:
    """The normalization rules one witness declares, by kind."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def get(self, kind: str) -> Rule | None:
        return self.rules.get(kind)

    def require(self, kind: str, where: Located, field_name: str) -> Rule:
        rule = self.rules.get(kind)
        if rule is None:
            raise where.error(field_name, f"needs a normalization rule of kind {kind!r}, which this witness does not declare")
        return rule

    def running_head(self, text: str) -> str | None:
        """The page number if ``text`` is a running head by the witness's rule, else None."""
        rule = self.get("running-heads")
        if rule is None:
            return None
        match = re.match(rule.pattern, text.rstrip("\n"))
        if not match:
            return None
        number = next((g for g in match.groups() if g), "")
        return number.replace(" ", "")

    def apply_heading(self, segments: list[Segment]) -> list[Segment]:
        """The markdown # marks of a heading, if the witness declares the rule."""
        rule = self.get("markdown-headings")
        if rule is None or not segments or not segments[0].plain:
            return segments
        match = re.match(r"#+ ", segments[0].witness)
        if not match:
            return segments
        rest = segments[0].witness[match.end():]
        return [Segment(match.group(), "", rule.id, "heading-mark"), Segment(rest, rest), *segments[1:]]

    def apply_inline(self, segments: list[Segment], where: Located) -> list[Segment]:
        """The inline rules, in a fixed order: note calls, italics, quotes."""
        if rule := self.get("superscript-note-calls"):
            segments = superscript_note_calls(segments, rule)
        if rule := self.get("html-sup-note-calls"):
            segments = html_sup_note_calls(segments, rule)
        if rule := self.get("asterisk-italics"):
            segments = asterisk_italics(segments, rule, where)
        if rule := self.get("typographic-quotes"):
            segments = typographic_quotes(segments, rule)
        return segments
