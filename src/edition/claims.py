"""Quantitative claims: what the excerpts say in numbers, and where those numbers disagree.

``data/<source>/claims.yaml`` records every quantitative statement of an
excerpt: the exact words (which must stand in the reading text of the
witness line given), a quantity from the controlled vocabulary, the place,
the date or period, the value or range and the unit as printed.
``data/units.yaml`` converts printed units to normalized ones, each factor
with its authority.

The checks on claims run in the same register of findings as the tables'
checks: a claim against the table cell that prints the same figure
(``table_cell``), within the rounding of the less precise figure; a claim
that a statement derives from others ("from 34 to 15 million, a fall of 55
per cent": ``derived``) against the arithmetic, allowing for the rounding of
every figure; and claims of the same quantity, place and date, in one source
or in several, against each other: figures or ranges that do not overlap,
even allowing for rounding, are a finding.

``data/<source>/dates.yaml`` records statements that date an event with the
names (``data/names.yaml``) it involves; a date outside the time the name
existed (an event dated before an institution was founded, a conference
dated three years before it met) is a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import anchors
from .checks import Finding, figure
from .datafiles import Located, load_source_file, load_yaml
from .tables import Table


@dataclass(frozen=True)
class Claim:
    id: str
    source: str
    excerpt: str
    line: int
    quote: str
    quantity: str
    place: str
    date: str
    low: Decimal
    high: Decimal
    unit: str
    normalized_unit: str
    factor: Decimal
    table_cell: str
    where: Located
    derived: tuple = ()  # (operation, claim IDs) where the statement derives this figure from others
    part: str = ""  # which part of the quantity, where a statement gives several ("agronomists", "total")
    printed: tuple = ()  # the figures as the data gives them, for their rounding

    @property
    def value(self) -> str:
        return figure(self.low) if self.low == self.high else f"{figure(self.low)}-{figure(self.high)}"

    @property
    def normalized(self) -> tuple[Decimal, Decimal]:
        return self.low * self.factor, self.high * self.factor

    def record(self, anchor: str) -> dict:
        low, high = self.normalized
        return {
            "id": self.id, "source": self.source, "anchor": anchor, "quantity": self.quantity, "place": self.place,
            "date": self.date, "value": self.value, "unit": self.unit,
            "normalized_value": f"{low.normalize():f}" if low == high else f"{low.normalize():f}-{high.normalize():f}",
            "normalized_unit": self.normalized_unit, "quote": self.quote, "part": self.part,
        }


def _half_unit(text: str) -> Decimal:
    """Half the last printed digit of a figure: how far rounding may have moved it."""
    digits = text.replace(",", "").strip()
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Decimal(5) / (Decimal(10) ** (decimals + 1))


def load_units(data: Path) -> dict[str, tuple[str, Decimal, str]]:
    """Printed unit -> (normalized unit, factor, authority)."""
    file = data / "units.yaml"
    if not file.exists():
        return {}
    units = {}
    for item in load_yaml(file, "units")["units"]:
        units[item["printed"]] = (item["normalized"], Decimal(str(item["factor"])), item["authority"])
    return units


def load_claims(folder: Path, source: str, quantities: dict[str, str], units: dict) -> list[Claim]:
    data = load_source_file(folder, "claims.yaml", "claims", source, required=False)
    if data is None:
        return []
    claims, seen = [], set()
    for item in data["claims"]:
        if not item["id"].startswith(f"{source}-c"):
            raise item.error("id", f"{item['id']!r} does not begin with {source}-c")
        if item["id"] in seen:
            raise item.error("id", f"claim {item['id']!r} is recorded twice")
        seen.add(item["id"])
        if item["quantity"] not in quantities:
            raise item.error("quantity", f"{item['quantity']!r} is not a quantity of data/vocabulary.yaml")
        if item["unit"] not in units:
            raise item.error("unit", f"{item['unit']!r} is not a printed unit of data/units.yaml")
        value = item["value"]
        low, high = (value, value) if not isinstance(value, list) else value
        normalized, factor, _ = units[item["unit"]]
        derived = item.get("derived")
        if derived and derived["op"] not in OPERATIONS:
            raise item.error("derived.op", f"{derived['op']!r} is not one of {', '.join(OPERATIONS)}")
        claims.append(Claim(
            item["id"], source, item["excerpt"], item["line"], item["quote"], item["quantity"], item["place"],
            str(item["date"]), Decimal(str(low)), Decimal(str(high)), item["unit"], normalized, factor,
            item.get("table_cell", ""), item.where,
            derived=(derived["op"], tuple(tuple(t) if isinstance(t, list) else t for t in derived["of"])) if derived else (),
            printed=(str(low), str(high)), part=item.get("part", ""),
        ))
    return claims


# What a statement may derive from the figures it names, in order.
OPERATIONS = {
    "percent-fall": lambda a, b: (a - b) / a * 100,
    "percent-rise": lambda a, b: (b - a) / a * 100,
    "percent-of": lambda a, b: a / b * 100,
    "difference": lambda a, b: a - b,
    "sum": lambda *xs: sum(xs),
    "ratio": lambda a, b: a / b,
    "same": lambda a: a,
}


def rounding_range(claim: Claim) -> tuple[Decimal, Decimal]:
    """The normalized range a claim's printed figure stands for, given the rounding of its last digit.

    A range the text states ("between four and five million") is taken at its word: its ends are bounds,
    not rounded figures.
    """
    if claim.low != claim.high:
        return claim.low * claim.factor, claim.high * claim.factor
    text = claim.printed[0] if claim.printed else f"{claim.low:f}"
    return (claim.low - _half_unit(text)) * claim.factor, (claim.high + _half_unit(text)) * claim.factor


def _terms_text(terms, by_id) -> str:
    def label(name):
        return by_id[name].value if name in by_id else f"cell {name}"

    def one(term):
        if isinstance(term, (list, tuple)):
            return "the sum of " + " + ".join(label(n) for n in term)
        return f"{by_id[term].value} {by_id[term].unit}" if term in by_id else f"cell {term}"
    return ", ".join(one(t) for t in terms)


def _overlap(first: tuple, second: tuple) -> bool:
    """Whether two ranges meet.  A stated range is closed; a rounded figure's range is open at its top
    (4 million stands for 3.5 up to but not including 4.5), so two round figures that merely touch,
    4 and 5 million, are two different figures, while the ranges 4-5 and 5-6 million share 5."""
    (low1, high1, closed1), (low2, high2, closed2) = first, second
    top, closed_top = (high1, closed1) if high1 <= high2 else (high2, closed2)
    bottom = max(low1, low2)
    return bottom < top or (bottom == top and closed_top)


def _interval(operation, inputs: list[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
    """The range of an operation over ranges: its values at every corner (the operations are monotone)."""
    values = []
    for corner in range(2 ** len(inputs)):
        args = [pair[(corner >> i) & 1] for i, pair in enumerate(inputs)]
        try:
            values.append(operation(*args))
        except (ZeroDivisionError, ArithmeticError):
            continue
    return min(values), max(values)


def check_quotes(claims: list[Claim], excerpts: dict) -> None:
    """Every claim quotes the reading text exactly, beginning on the witness line it names (a quote may run
    on over the next lines, as the reading text does), in an excerpt that has that line."""
    cache: dict[str, dict[int, str]] = {}
    for claim in claims:
        excerpt = excerpts.get(claim.excerpt)
        if excerpt is None:
            raise claim.where.error("excerpt", f"{claim.id}: no excerpt {claim.excerpt!r}")
        if excerpt.id not in cache:
            cache[excerpt.id] = excerpt.line_readings()
        readings = cache[excerpt.id]
        if claim.line not in readings:
            raise claim.where.error("line", f"{claim.id}: line {claim.line} is not in {claim.excerpt}")
        running = "".join(readings.get(n, "") for n in range(claim.line, claim.line + 4))
        found = re.search(r"\s+".join(map(re.escape, claim.quote.split())), running)
        if found is None or found.start() >= len(readings[claim.line]):
            raise claim.where.error("quote", f"{claim.id}: {claim.quote!r} is not in the reading of line {claim.line}")


def claim_anchor(claim: Claim, excerpts: dict) -> str:
    """The anchor of the paragraph (or note) that holds the claim's line."""
    excerpt = excerpts[claim.excerpt]
    for block in excerpt.blocks + excerpt.note_blocks:
        if block.lines[0] <= claim.line <= block.lines[-1]:
            return block.anchor
    return excerpt.id


def _finding(fid: str, claim: Claim, anchor: str, kind: str, printed: str, computed: str, difference: str,
             cells: list[str], message: str) -> Finding:
    return Finding(id=fid, source=claim.source, kind=kind, table="", row=claim.place, column=claim.quantity,
                   anchor=anchor, cells=cells, printed=printed, computed=computed, difference=difference,
                   flagged_by_source=False, source_note="", message=message)


def check_claims(claims: list[Claim], tables: dict[str, Table], excerpts: dict) -> list[Finding]:
    """Claims against the table cells that print the same figure, and against each other."""
    found: list[Finding] = []
    cells = {t.cell_anchor(r, c.name): (t, r, c) for t in tables.values() for r in t.rows for c in t.value_columns}
    for claim in claims:
        if not claim.table_cell:
            continue
        if claim.table_cell not in cells:
            raise claim.where.error("table_cell", f"{claim.id}: no table cell {claim.table_cell!r}")
        table, row, col = cells[claim.table_cell]
        printed = table.value(row, col.name)
        # a figure printed with fewer decimals stands for a range: compare within its rounding
        slack = max(_half_unit(row.cells.get(col.name, "0")), _half_unit(f"{claim.high:f}"))
        if printed is None or not claim.low - slack <= printed <= claim.high + slack:
            found.append(_finding(
                anchors.claim_finding(claim.id, "table"), claim, claim_anchor(claim, excerpts), "claim-vs-table",
                claim.value, row.cells.get(col.name, ""),
                figure(claim.low - printed) if printed is not None and claim.low == claim.high else "",
                [claim.table_cell],
                f"the text says {claim.value} {claim.unit}; {table.id} prints {row.cells.get(col.name) or 'nothing'} in that cell"))
    by_id = {c.id: c for c in claims}
    for claim in claims:
        if not claim.derived:
            continue
        operation, terms = claim.derived
        names = [n for term in terms for n in (term if isinstance(term, (list, tuple)) else [term])]
        missing = [n for n in names if n not in by_id and n not in cells]
        if missing:
            raise claim.where.error("derived.of", f"{claim.id}: no claim or table cell {', '.join(missing)}")

        def one_range(name: str, exact: bool):
            """A claim's range, or a table cell's printed figure within its rounding."""
            if name in by_id:
                return by_id[name].normalized[0] if exact else rounding_range(by_id[name])
            table, row, col = cells[name]
            value, printed = table.value(row, col.name), row.cells.get(col.name, "")
            if value is None:
                raise claim.where.error("derived.of", f"{claim.id}: table cell {name} prints no figure")
            factor = claim.factor  # a cell is in the table's unit, which the claim's printed unit must match
            return value * factor if exact else ((value - _half_unit(printed)) * factor, (value + _half_unit(printed)) * factor)

        def term_range(term, exact=False):
            """A term's range; a group of terms stands for the sum of their ranges (a total the statement implies)."""
            members = term if isinstance(term, (list, tuple)) else [term]
            if exact:
                return sum(one_range(n, True) for n in members)
            ranges = [one_range(n, False) for n in members]
            return sum(r[0] for r in ranges), sum(r[1] for r in ranges)

        low, high = _interval(OPERATIONS[operation], [term_range(t) for t in terms])
        own_low, own_high = rounding_range(claim)
        if own_high < low or own_low > high:
            exact = OPERATIONS[operation](*[term_range(t, exact=True) for t in terms]) / claim.factor
            shown = figure(exact.quantize(Decimal("0.1")))
            found.append(_finding(
                anchors.claim_finding(claim.id, "arithmetic"), claim, claim_anchor(claim, excerpts), "claim-arithmetic",
                f"{claim.value} {claim.unit}", f"{shown} {claim.unit}", "",
                sorted({claim_anchor(by_id[n], excerpts) if n in by_id else n for n in names}),
                f"{claim.id}: the statement gives {claim.value} {claim.unit}; {operation} of "
                f"{_terms_text(terms, by_id)} gives {shown}, and no rounding of the figures reaches {claim.value}"))
    groups: dict[tuple, list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.quantity, claim.part, claim.place, claim.date, claim.normalized_unit), []).append(claim)
    for (quantity, _part, place, date, _unit), members in groups.items():
        pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
        for first, other in pairs:
            (low1, high1), (low2, high2) = rounding_range(first), rounding_range(other)
            if _overlap((low1, high1, first.low != first.high), (low2, high2, other.low != other.high)):
                continue  # the figures (or ranges) overlap, allowing for rounding: no disagreement
            kind = "claim-vs-claim" if other.source == first.source else "source-vs-source"
            found.append(_finding(
                anchors.claim_finding(first.id, other.id), first, claim_anchor(first, excerpts), kind,
                f"{first.value} {first.unit}", f"{other.value} {other.unit}", "",
                [claim_anchor(other, excerpts)],
                f"{quantity}, {place}, {date}: {first.id} says {first.value} {first.unit}, "
                f"{other.id} says {other.value} {other.unit}"))
    return found


@dataclass(frozen=True)
class DatedStatement:
    """A statement of an excerpt that dates an event involving named people, places or institutions."""

    id: str
    source: str
    excerpt: str
    line: int
    quote: str
    date: str  # ISO date, year-month or year, or a period start/end
    names: tuple[str, ...]
    where: Located


def load_dates(folder: Path, source: str) -> list[DatedStatement]:
    data = load_source_file(folder, "dates.yaml", "dates", source, required=False)
    if data is None:
        return []
    found, seen = [], set()
    for item in data["dates"]:
        if not item["id"].startswith(f"{source}-d") or item["id"] in seen:
            raise item.error("id", f"{item['id']!r} is recorded twice or does not begin with {source}-d")
        seen.add(item["id"])
        found.append(DatedStatement(item["id"], source, item["excerpt"], item["line"], item["quote"], str(item["date"]),
                                    tuple(item["names"]), item.where))
    return found


def _span(date: str) -> tuple[str, str]:
    """The first and last day a date, a partial date or a period start/end stands for, as ISO strings."""
    start, _, end = date.partition("/")
    end = end or start

    def widen(text: str, last: bool) -> str:
        parts = text.split("-")
        if len(parts) == 1:
            parts += ["12" if last else "01"]
        if len(parts) == 2:
            parts += ["31" if last else "01"]
        return "-".join(parts)

    return widen(start, False), widen(end, True)


def check_dates(statements: list[DatedStatement], names, excerpts: dict) -> list[Finding]:
    """A dated statement against the dates of every name it involves: the periods must meet."""
    found = []
    for statement in statements:
        start, end = _span(statement.date)
        for name_id in statement.names:
            name = names.get(name_id)
            if name is None:
                raise statement.where.error("names", f"{statement.id}: {name_id!r} is not in data/names.yaml")
            if not (name.start or name.end):
                raise statement.where.error("names", f"{statement.id}: data/names.yaml gives no dates for {name_id!r}")
            lived_from = _span(name.start)[0] if name.start else "0000-01-01"
            lived_to = _span(name.end)[1] if name.end else "9999-12-31"
            if end < lived_from or start > lived_to:
                anchor = claim_anchor(statement, excerpts)
                found.append(Finding(
                    id=anchors.claim_finding(statement.id, name_id), source=statement.source, kind="date-vs-name",
                    table="", row=name.name, column="date", anchor=anchor, cells=[f"name-{name_id}"],
                    printed=statement.date, computed=f"{name.start or '…'}/{name.end or '…'}", difference="",
                    flagged_by_source=False, source_note="",
                    message=f"the text dates it {statement.date}; {name.name}: {name.start or '…'} to {name.end or '…'} "
                            f"({name.authority})"))
    return found


def claim_rows(claims: list[Claim], excerpts: dict) -> list[dict]:
    return [c.record(claim_anchor(c, excerpts)) for c in claims]

