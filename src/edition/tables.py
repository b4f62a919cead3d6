"""The sources' tables as data: transcribed as printed, described by a Frictionless package.

Each source with tables has ``data/<source>/datapackage.json``: one resource
per table, a CSV file with one row per printed row.  The schema says what
every column is (its printed header, unit and type); the resource's
``edition`` property says where the table stands in the witness, its caption,
its total row, its own footnotes and its lacunae.  Numbers keep their printed
form; this module reads them as exact decimals, never as floats, so that the
checks compare what the source printed with what its figures add up to.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import anchors
from .datafiles import EditionError


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    header: tuple[str, ...]
    unit: str
    numeric: bool
    date: str = ""  # ISO date of the state the column gives, where it gives one


@dataclass
class Row:
    line: int
    label: str
    key: str  # the row's part of cell anchors: a slug of the label, or l<line>
    cells: dict[str, str]  # field name -> text as printed ("" when blank)
    csv_line: int


@dataclass
class Table:
    """One printed table: its columns, its rows as printed, and its apparatus of notes."""

    id: str
    source: str
    title: str
    number: str
    caption: str
    witness_lines: tuple[int, int]
    unit: str
    total_row: str | None
    columns: list[Column]
    rows: list[Row]
    notes: list[dict]
    lacunae: list[dict]
    remarks: list[str]
    missing: tuple[str, ...]
    file: Path
    extra: dict = field(default_factory=dict)

    @property
    def value_columns(self) -> list[Column]:
        """The printed columns, without line, label and marker fields."""
        return [c for c in self.columns if c.name not in ("line", "label") and not c.name.endswith("_note")]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def row(self, label: str) -> Row:
        for row in self.rows:
            if row.label == label:
                return row
        raise KeyError(label)

    @property
    def data_rows(self) -> list[Row]:
        """The rows a column sum adds up: neither the total row nor the table's other aggregate rows."""
        aggregates = {self.total_row, *self.extra.get("aggregate_rows", [])}
        return [r for r in self.rows if r.label not in aggregates and r.label]

    def value(self, row: Row, name: str) -> Decimal | None:
        """The printed number of a cell, or None when the cell is blank or a missing-value token."""
        return number(row.cells.get(name, ""), self.missing)

    def marker(self, row: Row, name: str) -> str:
        return row.cells.get(f"{name}_note", "")

    def cell_anchor(self, row: Row, name: str) -> str:
        return anchors.table_cell(self.id, row.key, name)

    def row_anchor(self, row: Row) -> str:
        return anchors.table_row(self.id, row.key)

    def frame(self, as_printed: bool = False):
        """The table as a pandas DataFrame, one row per printed row.

        By default numbers are numbers (blank cells and missing-value tokens
        are NaN) and footnote markers are left out; ``as_printed=True`` gives
        every cell's printed text instead, its marker after it.
        """
        import pandas as pd

        def printed(row, col):
            marker = self.marker(row, col.name)
            return row.cells.get(col.name, "") + (f" {marker}" if marker else "")

        def number_or_nan(row, col):
            value = self.value(row, col.name)
            return float(value) if value is not None else float("nan")

        data = {
            col.title: [printed(r, col) if as_printed or not col.numeric else number_or_nan(r, col) for r in self.rows]
            for col in self.value_columns
        }
        return pd.DataFrame(data, index=pd.Index([r.label for r in self.rows], name=self.column("label").title))

    @property
    def anchors(self) -> list[str]:
        """The table, each row (its label cell) and each printed cell."""
        cells = [self.cell_anchor(r, c.name) for r in self.rows for c in self.value_columns]
        return [self.id, *(self.row_anchor(r) for r in self.rows), *cells]


def number(text: str, missing: tuple[str, ...] = ("",)) -> Decimal | None:
    text = text.strip()
    if text in missing or not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _row_keys(labels: list[str], lines: list[int]) -> list[str]:
    keys = [slug(label) for label in labels]
    if len(set(keys)) == len(keys) and all(keys):
        return keys
    return [f"l{n}" for n in lines]


def load_tables(folder: Path, source: str) -> dict[str, Table]:
    """The tables of one source, from ``data/<source>/datapackage.json``; {} when it has none."""
    package_file = folder / "datapackage.json"
    if not package_file.exists():
        return {}
    try:
        package = json.loads(package_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise EditionError(package_file, err.lineno, "", f"malformed JSON: {err.msg}") from None
    tables: dict[str, Table] = {}
    for index, resource in enumerate(package.get("resources", [])):
        name = resource.get("name", "")
        where = f"resources[{index}]"
        if not name.startswith(f"{source}-t"):
            raise EditionError(package_file, None, f"{where}.name", f"{name!r} does not begin with {source}-t")
        if name in tables:
            raise EditionError(package_file, None, f"{where}.name", f"table {name!r} is described twice")
        tables[name] = _load_table(package_file, folder / resource["path"], resource, source, where)
    return tables


def _load_table(package_file: Path, csv_file: Path, resource: dict, source: str, where: str) -> Table:
    info = resource.get("edition", {})
    schema = resource["schema"]
    missing = tuple(schema.get("missingValues", [""]))
    columns = [
        Column(f["name"], f.get("title", f["name"]), tuple(f.get("header", [])), f.get("unit", ""), f.get("type") == "number",
               f.get("date", ""))
        for f in schema["fields"]
    ]
    names = [c.name for c in columns]
    if names[:2] != ["line", "label"]:
        raise EditionError(package_file, None, f"{where}.schema.fields", "the first two fields must be line and label")
    try:
        text = csv_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditionError(package_file, None, f"{where}.path", f"no file {csv_file}") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, [])
    if header != names:
        raise EditionError(csv_file, 1, "header", f"the columns {header} are not the schema's fields {names}")
    raw_rows = []
    for csv_line, cells in enumerate(reader, start=2):
        if len(cells) != len(names):
            raise EditionError(csv_file, csv_line, "row", f"{len(cells)} cells where the header has {len(names)}")
        row = dict(zip(names, cells, strict=True))
        for col in columns:
            value = row[col.name].strip()
            if col.numeric and value not in missing and number(value) is None:
                raise EditionError(csv_file, csv_line, col.name, f"{value!r} is not a number nor a missing-value token {list(missing)}")
            if col.name.endswith("_note") and value and value not in {n.get("marker") for n in info.get("notes", [])}:
                raise EditionError(csv_file, csv_line, col.name, f"footnote marker {value!r} is not among the table's notes")
        if not row["line"].isdigit():
            raise EditionError(csv_file, csv_line, "line", f"{row['line']!r} is not a witness line number")
        raw_rows.append((csv_line, row))
    keys = _row_keys([r["label"] for _, r in raw_rows], [int(r["line"]) for _, r in raw_rows])
    rows = [Row(int(r["line"]), r["label"], key, r, csv_line) for (csv_line, r), key in zip(raw_rows, keys, strict=True)]
    total = info.get("total_row")
    if total and total not in [r.label for r in rows]:
        raise EditionError(package_file, None, f"{where}.edition.total_row", f"no row labelled {total!r}")
    first, last = info.get("witness_lines", [0, 0])
    return Table(
        id=resource["name"], source=source, title=resource.get("title") or "", number=str(info.get("number") or ""),
        caption=info.get("caption") or "", witness_lines=(first, last), unit=info.get("unit", ""), total_row=total,
        columns=columns, rows=rows, notes=info.get("notes", []), lacunae=info.get("lacunae", []),
        remarks=info.get("remarks", []), missing=missing, file=csv_file, extra=info,
    )


def fidelity_problems(table: Table, line_text) -> list[str]:
    """Cells of a table that are not where the witness prints them.

    Every non-empty cell of a row (values and markers, in field order) must
    occur, in that order, in the text of the row's witness line(s) as
    ``line_text(n)`` gives it (the reading of the line, emendations applied),
    runs of spaces, tabs and line ends counting as one space.
    A cell declared in the table's ``fidelity_exceptions`` is skipped.
    """
    exceptions = {(e["row"], e["field"]) for e in table.extra.get("fidelity_exceptions", [])}
    row_lines = table.extra.get("row_lines", {})
    problems = []
    for row in table.rows:
        lines = row_lines.get(row.label, [row.line])
        text = " ".join(" ".join(line_text(n).split()) for n in lines)  # layout whitespace does not count
        position = 0
        for col in table.columns:
            cell = " ".join(row.cells.get(col.name, "").split())
            if col.name == "line" or not cell or (row.label, col.name) in exceptions:
                continue
            found = text.find(cell, position)
            if found < 0:
                problems.append(f"{table.file.name}:{row.csv_line}: {col.name}: {cell!r} is not on witness line(s) "
                                f"{', '.join(map(str, lines))} after what precedes it")
                continue
            position = found + len(cell)
    return problems
