"""Tables as data: transcribed as printed, described by a valid Frictionless package, tied to the witness."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from edition.tables import fidelity_problems

ROOT = Path(__file__).resolve().parents[1]


def packages():
    return sorted(ROOT.glob("data/*/datapackage.json"))


@pytest.mark.parametrize("package", packages(), ids=lambda p: p.parent.name)
def test_every_data_package_is_valid_frictionless(package):
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(frictionless), "validate", str(package)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_table_of_the_sources_is_data(edition):
    numbers = sorted(int(t.number) for t in edition.tables_of("best-sons"))
    assert numbers == [1, 2, 3, 4, 5, 6, 7], "Viola's Tables 1-7"
    assert len(edition.tables_of("class-struggles")) >= 9


def test_each_table_of_an_excerpt_is_tied_to_its_witness_lines(edition):
    """Every printed cell appears, in order, in the reading of its row's witness line."""
    checked = 0
    for excerpt in edition.excerpts.values():
        readings = excerpt.line_readings()
        for table in edition.tables_of(excerpt.source):
            if excerpt.body.first <= table.witness_lines[0] <= excerpt.body.last:
                assert not fidelity_problems(table, readings.get), table.id
                checked += 1
    assert checked == len(edition.tables), "every table is shown in an excerpt"


def test_the_fidelity_check_fails_on_a_changed_number(edition):
    table = edition.tables["best-sons-t1"]
    readings = edition.excerpts["best-sons-ex02"].line_readings()
    total = table.row("TOTALS")
    total.cells["total"] = "26,680"
    try:
        problems = fidelity_problems(table, readings.get)
    finally:
        total.cells["total"] = "26,380"
    assert problems == [f"best-sons-t1.csv:{total.csv_line}: total: '26,680' is not on witness line(s) 503 after what precedes it"]


def test_table_one_keeps_its_printed_errors(edition):
    table = edition.tables["best-sons-t1"]
    total = table.row("TOTALS")
    assert (total.cells["sent_ivanovo"], table.marker(total, "sent_ivanovo")) == ("900", "++")
    assert (total.cells["total"], table.marker(total, "total")) == ("26,380", "+++")


def test_footnote_markers_stand_in_fields_of_their_own(edition):
    for table in edition.tables.values():
        for row in table.rows:
            for col in table.value_columns:
                value = row.cells.get(col.name, "")
                assert not any(m in value for m in ("*", "†", "‡", "++")), f"{table.id} {row.label} {col.name}: {value!r}"
