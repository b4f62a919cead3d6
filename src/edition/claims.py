"""Quantitative claims: what the excerpts say in numbers, and where those numbers disagree.

``data/<source>/claims.yaml`` records every quantitative statement of an
excerpt: the exact words (which must stand in the reading text of the
witness line given), a quantity from the controlled vocabulary, the place,
the date or period, the value or range and the unit as printed.
``data/units.yaml`` converts printed units to normalized ones, each factor
with its authority.

Two checks run on claims, in the same register of findings as the tables'
checks: a claim against the table cell that prints the same figure
(``table_cell``), within the rounding of the less precise figure; and claims
of the same quantity, place and date, in one source or in several, against
each other: figures or ranges that do not overlap are a finding.
"""

from __future__ import annotations

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
            "normalized_unit": self.normalized_unit, "quote": self.quote,
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
        claims.append(Claim(
            item["id"], source, item["excerpt"], item["line"], item["quote"], item["quantity"], item["place"],
            str(item["date"]), Decimal(str(low)), Decimal(str(high)), item["unit"], normalized, factor,
            item.get("table_cell", ""), item.where,
        ))
    return claims


def check_quotes(claims: list[Claim], excerpts: dict) -> None:
    """Every claim quotes the reading text of its line exactly, in an excerpt that has that line."""
    for claim in claims:
        excerpt = excerpts.get(claim.excerpt)
        if excerpt is None:
            raise claim.where.error("excerpt", f"{claim.id}: no excerpt {claim.excerpt!r}")
        reading = excerpt.line_readings().get(claim.line)
        if reading is None:
            raise claim.where.error("line", f"{claim.id}: line {claim.line} is not in {claim.excerpt}")
        if claim.quote not in " ".join(reading.split()):
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
    groups: dict[tuple, list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.quantity, claim.place, claim.date), []).append(claim)
    for (quantity, place, date), members in groups.items():
        pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
        for first, other in pairs:
            (low1, high1), (low2, high2) = first.normalized, other.normalized
            if max(low1, low2) <= min(high1, high2):
                continue  # the figures (or ranges) overlap: no disagreement
            kind = "claim-vs-claim" if other.source == first.source else "source-vs-source"
            found.append(_finding(
                anchors.claim_finding(first.id, other.id), first, claim_anchor(first, excerpts), kind,
                f"{first.value} {first.unit}", f"{other.value} {other.unit}", "",
                [claim_anchor(other, excerpts)],
                f"{quantity}, {place}, {date}: {first.id} says {first.value} {first.unit}, "
                f"{other.id} says {other.value} {other.unit}"))
    return found


def claim_rows(claims: list[Claim], excerpts: dict) -> list[dict]:
    return [c.record(claim_anchor(c, excerpts)) for c in claims]

