"""Checks and findings: where a source's numbers do not hold together, and the editors' verdicts.

The checks a table gets are declared in ``data/<source>/checks.yaml``, not
written per table in Python: one generic engine runs every kind below on any
table.  Each discrepancy becomes a :class:`Finding` whose ID is made from
what was checked where (table, kind, row or column), so it is the same on
every rebuild.  ``data/<source>/verdicts.yaml`` gives every finding an
editor's verdict and commentary; :func:`review` refuses a finding without a
verdict, and a verdict whose finding no longer occurs.

Kinds of check:

``column-sum``        each column's data rows against the printed total row
``row-sum``           the parts of each row against its total column
``percent-group``     a group of percentages in each row against 100
``weighted-total``    percentages weighted by a count column against the total row
``identity``          per row, the sum of some columns against the sum of others
``note-correction``   the table's own footnote corrections against the computation they correct
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

from . import anchors
from .datafiles import EditionError, LocatedDict, load_source_file
from .tables import Row, Table, number


@dataclass
class Finding:
    id: str
    source: str
    kind: str
    table: str
    row: str
    column: str
    anchor: str
    cells: list[str]
    printed: str
    computed: str
    difference: str
    flagged_by_source: bool
    source_note: str
    message: str
    verdict: str = ""
    commentary: str = ""

    def record(self) -> dict:
        return asdict(self)


def figure(value: Decimal) -> str:
    """A number in the printed style: group commas, no trailing zeros beyond the data's."""
    value = value.normalize() if value == value.to_integral() else value
    if value == value.to_integral():
        return f"{int(value):,}"
    return f"{value:,.{max(1, -value.as_tuple().exponent)}f}"


def _key(name: str) -> str:
    return name.replace("_", "-")


class _Context:
    def __init__(self, table: Table, spec: LocatedDict):
        self.table = table
        self.spec = spec
        self.compared: list[dict] = []  # every comparison made, within tolerance or not
        self.found: list[Finding] = []  # the comparisons that fail
        self.tolerance = Decimal(str(spec.get("tolerance", 0)))
        for name in [*spec.get("columns", []), *spec.get("parts", []), *spec.get("left", []), *spec.get("right", [])]:
            self.require_column(name)
        for group in spec.get("groups", {}).values():
            for name in group:
                self.require_column(name)
        for name in (spec.get("total"), spec.get("weight")):
            if name:
                self.require_column(name)

    def require_column(self, name: str) -> None:
        if name not in [c.name for c in self.table.columns]:
            raise self.spec.error("columns", f"{self.table.id} has no column {name!r}")

    def flag(self, row: Row, column: str) -> str:
        """The source's own note that flags this printed cell, if any: a note that
        corrects it, or a note of kind correction or flag whose marker the cell carries."""
        marker = self.table.marker(row, column)
        for note in self.table.notes:
            target = note.get("corrects") or {}
            corrects = target.get("row") == row.label and target.get("field") == column
            marked = bool(marker) and note.get("marker") == marker and note.get("kind") in ("correction", "flag")
            if corrects or marked:
                return f"{note.get('marker') or ''}{note['text']}"
        return ""

    def finding(self, kind: str, where: str, row: Row | None, column: str, printed: Decimal | None,
                computed: Decimal, cells: list[str], message: str, **override) -> None:
        """Record one comparison; one that fails beyond the tolerance is a finding."""
        table = self.table
        holds = printed is not None and abs(printed - computed) <= self.tolerance
        self.compared.append({
            "check": kind, "id": anchors.finding(table.id, kind, where), "table": table.id,
            "row": row.label if row is not None else "", "column": table.column(column).title if column else "",
            "printed": printed, "computed": computed,
            "difference": printed - computed if printed is not None else None, "holds": holds,
        })
        if holds:
            return
        anchor = table.cell_anchor(row, column) if row is not None and column else table.id
        note = self.flag(row, column) if row is not None and column else ""
        finding = Finding(
            id=anchors.finding(table.id, kind, where),
            source=table.source,
            kind=kind,
            table=table.id,
            row=row.label if row is not None else "",
            column=table.column(column).title if column else "",
            anchor=anchor,
            cells=cells,
            printed=figure(printed) if printed is not None else "",
            computed=figure(computed),
            difference=figure(printed - computed) if printed is not None else "",
            flagged_by_source=bool(note),
            source_note=note,
            message=message,
        )
        for key, value in override.items():
            setattr(finding, key, value)
        self.found.append(finding)


def _column_sum(ctx: _Context) -> None:
    table = ctx.table
    if not table.total_row:
        raise ctx.spec.error("kind", f"{table.id} has no total_row for a column-sum check")
    total = table.row(table.total_row)
    for name in ctx.spec["columns"]:
        rows = [r for r in table.data_rows if table.value(r, name) is not None]
        computed = sum((table.value(r, name) for r in rows), Decimal(0))
        ctx.finding("column-sum", _key(name), total, name, table.value(total, name), computed,
                    [table.cell_anchor(r, name) for r in rows],
                    f"the {table.column(name).title!r} column adds up to {figure(computed)}; "
                    f"the {table.total_row} row prints {total.cells.get(name) or 'nothing'}")


def _row_sum(ctx: _Context) -> None:
    table, spec = ctx.table, ctx.spec
    for row in table.rows:
        parts = [p for p in spec["parts"] if table.value(row, p) is not None]
        printed = table.value(row, spec["total"])
        if not parts and printed is None:
            continue
        computed = sum((table.value(row, p) for p in parts), Decimal(0))
        where = f"{spec['name']}-{row.key}" if spec.get("name") else row.key
        ctx.finding("row-sum", where, row, spec["total"], printed, computed,
                    [table.cell_anchor(row, p) for p in parts],
                    f"the parts of row {row.label!r} add up to {figure(computed)}; "
                    f"the {table.column(spec['total']).title!r} column prints {row.cells.get(spec['total']) or 'nothing'}")


def _percent_group(ctx: _Context) -> None:
    table = ctx.table
    for row in table.rows:
        for group, names in ctx.spec["groups"].items():
            values = [table.value(row, n) for n in names]
            if any(v is None for v in values):
                continue  # a group with a missing value cannot be checked; the table says NO DATA
            computed = sum(values, Decimal(0))
            ctx.finding("percent-group", f"{row.key}-{group}", row, names[0], Decimal(100), computed,
                        [table.cell_anchor(row, n) for n in names],
                        f"the {group} percentages of row {row.label!r} add up to {figure(computed)}, not 100")


def _weighted_total(ctx: _Context) -> None:
    table, spec = ctx.table, ctx.spec
    total = table.row(table.total_row)
    weight = spec["weight"]
    for name in spec["columns"]:
        rows = [r for r in table.data_rows if table.value(r, name) is not None and table.value(r, weight) is not None]
        weights = sum((table.value(r, weight) for r in rows), Decimal(0))
        if not weights:
            continue
        computed = sum((table.value(r, weight) * table.value(r, name) for r in rows), Decimal(0)) / weights
        computed = computed.quantize(Decimal("0.1"))
        ctx.finding("weighted-total", _key(name), total, name, table.value(total, name), computed,
                    [table.cell_anchor(r, name) for r in rows] + [table.cell_anchor(r, weight) for r in rows],
                    f"the {table.column(name).title!r} percentages weighted by {table.column(weight).title!r} "
                    f"give {figure(computed)}; the {table.total_row} row prints {total.cells.get(name) or 'nothing'}")


def _identity(ctx: _Context) -> None:
    table, spec = ctx.table, ctx.spec
    for row in table.rows:
        left = [table.value(row, n) for n in spec["left"]]
        right = [table.value(row, n) for n in spec["right"]]
        if any(v is None for v in left + right):
            continue
        printed, computed = sum(right, Decimal(0)), sum(left, Decimal(0))
        ctx.finding("identity", f"{row.key}-{spec['name']}", row, spec["right"][0], printed, computed,
                    [table.cell_anchor(row, n) for n in spec["left"] + spec["right"]],
                    f"row {row.label!r}: {' + '.join(spec['left'])} = {figure(computed)}, "
                    f"but {' + '.join(spec['right'])} = {figure(printed)}")


def _note_correction(ctx: _Context) -> None:
    """A footnote that says "actual total is N": is N what the figures add up to?"""
    table = ctx.table
    for note in table.notes:
        target = note.get("corrects")
        if note.get("kind") != "correction" or not target:
            continue
        row = table.row(target["row"])
        name = target["field"]
        rows = [r for r in table.data_rows if table.value(r, name) is not None]
        computed = sum((table.value(r, name) for r in rows), Decimal(0))
        corrected = number(note["value"])
        ctx.finding("note-correction", _key(name), row, name, corrected, computed,
                    [table.cell_anchor(r, name) for r in rows],
                    f"the source's note {note.get('marker', '')} corrects the {row.label} of "
                    f"{table.column(name).title!r} to {note['value']}, but the column adds up to {figure(computed)}",
                    flagged_by_source=True, source_note=f"{note.get('marker', '')}{note['text']}")


KINDS = {
    "column-sum": _column_sum,
    "row-sum": _row_sum,
    "percent-group": _percent_group,
    "weighted-total": _weighted_total,
    "identity": _identity,
    "note-correction": _note_correction,
}


def load_checks(folder: Path, source: str, tables: dict[str, Table]) -> list[LocatedDict]:
    data = load_source_file(folder, "checks.yaml", "checks", source, required=False)
    if data is None:
        return []
    for spec in data["checks"]:
        if spec["table"] not in tables:
            raise spec.error("table", f"no table {spec['table']!r} in data/{source}/datapackage.json")
    return list(data["checks"])


def recompute(tables: dict[str, Table], checks: list[LocatedDict], table_id: str | None = None) -> list[dict]:
    """Every comparison the checks make, printed against computed, whether it holds or not.

    This is what a notebook shows beside a table: the finding IDs of the
    comparisons that fail are the IDs of the register.
    """
    compared: list[dict] = []
    for spec in checks:
        if table_id and spec["table"] != table_id:
            continue
        ctx = _Context(tables[spec["table"]], spec)
        KINDS[spec["kind"]](ctx)
        compared += ctx.compared
    return compared


def run_checks(tables: dict[str, Table], checks: list[LocatedDict]) -> list[Finding]:
    """Every finding of every declared check, in a stable order."""
    findings: dict[str, Finding] = {}
    for spec in checks:
        ctx = _Context(tables[spec["table"]], spec)
        KINDS[spec["kind"]](ctx)
        for f in ctx.found:
            if f.id in findings:
                raise spec.error("kind", f"two checks produce the finding {f.id}")
            findings[f.id] = f
    return list(findings.values())


def load_verdicts(folder: Path, source: str, vocabulary: dict[str, str]) -> dict[str, LocatedDict]:
    data = load_source_file(folder, "verdicts.yaml", "verdicts", source, required=False)
    if data is None:
        return {}
    verdicts: dict[str, LocatedDict] = {}
    for item in data["verdicts"]:
        if item["finding"] in verdicts:
            raise item.error("finding", f"{item['finding']} has two verdicts")
        if item["verdict"] not in vocabulary:
            raise item.error("verdict", f"{item['verdict']!r} is not a verdict of data/vocabulary.yaml ({', '.join(vocabulary)})")
        verdicts[item["finding"]] = item
    return verdicts


def review(findings: list[Finding], verdicts: dict[str, LocatedDict], folder: Path) -> list[Finding]:
    """Attach each verdict to its finding; refuse unreviewed findings and verdicts on nothing."""
    ids = {f.id for f in findings}
    unreviewed = [f.id for f in findings if f.id not in verdicts]
    stale = [v for k, v in verdicts.items() if k not in ids]
    if stale:
        first = stale[0]
        raise first.error(
            "finding",
            f"verdict on {', '.join(v['finding'] for v in stale)}, which the checks no longer find "
            "(remove the verdict, or find out why the finding went away)",
        )
    if unreviewed:
        raise EditionError(
            folder / "verdicts.yaml", None, "verdicts",
            f"no editor has reviewed {len(unreviewed)} finding(s): {', '.join(unreviewed)}",
        )
    for f in findings:
        f.verdict = verdicts[f.id]["verdict"]
        f.commentary = " ".join(str(verdicts[f.id]["commentary"]).split())
    return findings


# The fields of a finding as the command line and the site publish it.
PUBLISHED = ["id", "source", "kind", "table", "row", "column", "anchor", "printed", "computed", "difference",
             "flagged_by_source", "source_note", "verdict", "commentary", "message"]


def published(findings: list[Finding]) -> list[dict]:
    return [{k: f.record()[k] for k in PUBLISHED} for f in findings]


def as_csv(findings: list[Finding]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PUBLISHED, lineterminator="\n")
    writer.writeheader()
    writer.writerows(published(findings))
    return out.getvalue()
