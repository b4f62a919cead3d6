"""Checks and findings: one engine for every table, every finding reviewed, the register published."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from edition.checks import KINDS, published, recompute, run_checks
from edition.corpus import load_edition
from edition.datafiles import EditionError, LocatedDict, Located
from edition.tables import load_tables

from conftest import jupyter_book


def spec(**fields) -> LocatedDict:
    item = LocatedDict(fields)
    item.where = Located(Path("checks.yaml"), 3)
    item.key_lines = {}
    return item


@pytest.fixture
def demo(tmp_path):
    """A small printed table with a wrong total, a wrong row, a footnote correction and percentages."""
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "demo-t1.csv").write_text(
        "line,label,label_note,a,b,total,total_note,pct_x,pct_y\n"
        "10,North,,1,2,3,,60.0,40.0\n"
        "11,South,,4,5,10,,33.3,66.6\n"
        "12,TOTALS,,5,8,14,+,40.0,60.0\n", encoding="utf-8")
    number = {"type": "number", "groupChar": ","}
    descriptor = {"resources": [{
        "name": "demo-t1", "path": "tables/demo-t1.csv",
        "edition": {"number": "1", "caption": "TABLE 1", "witness_lines": [8, 14], "total_row": "TOTALS",
                    "notes": [{"marker": "+", "line": 14, "kind": "correction", "text": "Actual total is 12.",
                               "corrects": {"row": "TOTALS", "field": "total"}, "value": "12"}]},
        "schema": {"fields": [{"name": "line", "type": "integer"}, {"name": "label", "type": "string"},
                              {"name": "label_note", "type": "string"}, {"name": "a", **number}, {"name": "b", **number},
                              {"name": "total", **number}, {"name": "total_note", "type": "string"},
                              {"name": "pct_x", **number}, {"name": "pct_y", **number}]},
    }]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return load_tables(tmp_path, "demo")


def ids(findings):
    return [f.id for f in findings]


def test_column_sums_against_the_printed_total_row(demo):
    found = run_checks(demo, [spec(table="demo-t1", kind="column-sum", columns=["a", "b", "total"])])
    assert ids(found) == ["demo-t1-column-sum-b", "demo-t1-column-sum-total"]
    assert (found[0].printed, found[0].computed, found[0].difference) == ("8", "7", "1")
    assert (found[0].anchor, found[0].flagged_by_source) == ("demo-t1-totals-b", False)
    assert found[1].flagged_by_source  # the footnote + corrects the printed total


def test_row_sums_against_the_total_column(demo):
    found = run_checks(demo, [spec(table="demo-t1", kind="row-sum", parts=["a", "b"], total="total")])
    assert ids(found) == ["demo-t1-row-sum-south", "demo-t1-row-sum-totals"]
    south = found[0]
    assert (south.printed, south.computed, south.difference, south.anchor) == ("10", "9", "1", "demo-t1-south-total")
    assert south.cells == ["demo-t1-south-a", "demo-t1-south-b"]


def test_a_footnote_correction_flags_its_cell_and_is_itself_checked(demo):
    found = run_checks(demo, [spec(table="demo-t1", kind="row-sum", parts=["a", "b"], total="total"),
                              spec(table="demo-t1", kind="note-correction")])
    totals = found[1]
    assert totals.id == "demo-t1-row-sum-totals" and totals.flagged_by_source
    assert totals.source_note == "+Actual total is 12."
    wrong = found[2]
    assert wrong.id == "demo-t1-note-correction-total" and (wrong.printed, wrong.computed) == ("12", "13")
    assert wrong.message == "the source's note + corrects the TOTALS of 'total' to 12, but the column adds up to 13"


def test_percentages_make_100_within_the_stated_tolerance(demo):
    strict = run_checks(demo, [spec(table="demo-t1", kind="percent-group", tolerance=0, groups={"xy": ["pct_x", "pct_y"]})])
    assert ids(strict) == ["demo-t1-percent-group-south-xy"]
    assert (strict[0].printed, strict[0].computed) == ("100", "99.9")
    assert run_checks(demo, [spec(table="demo-t1", kind="percent-group", tolerance=0.1, groups={"xy": ["pct_x", "pct_y"]})]) == []


def test_weighted_totals_against_the_printed_overall_percentage(demo):
    found = run_checks(demo, [spec(table="demo-t1", kind="weighted-total", weight="total", columns=["pct_x"], tolerance=0.05)])
    # (3 x 60.0 + 10 x 33.3) / 13 = 39.5, printed 40.0
    assert ids(found) == ["demo-t1-weighted-total-pct-x"] and found[0].computed == "39.5"


def test_identities_between_columns(demo):
    found = run_checks(demo, [spec(table="demo-t1", kind="identity", name="sum", left=["a", "b"], right=["total"])])
    assert ids(found) == ["demo-t1-identity-south-sum", "demo-t1-identity-totals-sum"]


def test_recompute_shows_every_comparison_printed_against_computed(demo):
    compared = recompute(demo, [spec(table="demo-t1", kind="column-sum", columns=["a", "b"])])
    assert [(c["column"], c["printed"], c["computed"], c["holds"]) for c in compared] == [
        ("a", Decimal(5), Decimal(5), True), ("b", Decimal(8), Decimal(7), False)]


def test_every_kind_of_check_is_documented():
    import edition.checks as module

    for kind in KINDS:
        assert f"``{kind}``" in module.__doc__


def test_table_one_total_is_in_the_register_flagged_by_the_book_and_the_correction_right(edition):
    findings = {f.id: f for f in edition.findings()}
    total = findings["best-sons-t1-column-sum-total"]
    assert (total.printed, total.computed, total.flagged_by_source) == ("26,380", "26,680", True)
    assert total.source_note == "+++Mistake in calculation; actual total is 26,680."
    assert total.verdict == "source-error-flagged" and "The correction is right" in total.commentary
    ivanovo = findings["best-sons-t1-column-sum-sent-ivanovo"]
    assert (ivanovo.printed, ivanovo.computed, ivanovo.flagged_by_source) == ("900", "1,200", True)
    assert "The correction is right" in ivanovo.commentary
    assert "best-sons-t1-note-correction-total" not in findings  # the book's corrections hold


def test_finding_ids_are_the_same_on_every_run(edition):
    again = load_edition(edition.root)
    assert ids(edition.findings()) == ids(again.findings())


def test_a_finding_no_editor_has_reviewed_is_refused(project):
    verdicts = project / "data/best-sons/verdicts.yaml"
    text = verdicts.read_text(encoding="utf-8")
    start = text.index("  - finding: best-sons-t1-row-sum-ural")
    verdicts.write_text(text[:start] + text[text.index("\n\n", start):], encoding="utf-8")
    with pytest.raises(EditionError, match="no editor has reviewed 1 finding\\(s\\): best-sons-t1-row-sum-ural"):
        load_edition(project).findings()


def test_a_verdict_whose_finding_no_longer_occurs_is_refused(project):
    verdicts = project / "data/best-sons/verdicts.yaml"
    text = verdicts.read_text(encoding="utf-8")
    verdicts.write_text(text + "  - finding: best-sons-t1-row-sum-moscow\n    verdict: rounding\n"
                        "    commentary: A verdict on something the checks do not find.\n", encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        load_edition(project).findings()
    assert caught.value.field == "finding" and caught.value.line == text.count("\n") + 1
    assert "verdict on best-sons-t1-row-sum-moscow, which the checks no longer find" in str(caught.value)


def test_the_build_fails_on_an_unreviewed_finding_naming_it(project, tmp_path):
    csv = project / "data/best-sons/tables/best-sons-t1.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace('485,Ivanovo,,"1,300",400,', '485,Ivanovo,,"1,300",401,'), encoding="utf-8")
    result = jupyter_book(project, tmp_path / "out")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "no editor has reviewed" in output and "best-sons-t1-column-sum-remain" in output


def test_findings_json_lists_every_finding_with_its_fields(edition):
    command = Path(sys.executable).parent / "edition"
    result = subprocess.run([str(command), "findings", "--json"], capture_output=True, text=True,
                            env={**os.environ, "EDITION_ROOT": str(edition.root)})
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert records == published(edition.findings())
    for record in records:
        assert {"id", "source", "kind", "table", "row", "column", "anchor", "printed", "computed", "difference",
                "flagged_by_source", "verdict", "message"} <= set(record)


@pytest.mark.build
def test_the_site_publishes_the_register_as_json_and_csv(built_book, edition):
    assert json.loads((built_book / "findings.json").read_text(encoding="utf-8")) == published(edition.findings())
    lines = (built_book / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,source,kind,table,row,column,anchor,printed,computed,difference")
    assert len(lines) == len(edition.findings()) + 1


@pytest.mark.build
def test_every_finding_is_marked_in_its_table_and_in_the_register(built_book, edition):
    chapter = (built_book / "book" / "best-sons.html").read_text(encoding="utf-8")
    register = (built_book / "book" / "findings.html").read_text(encoding="utf-8")
    for f in [f for f in edition.findings() if f.table]:
        chapter = (built_book / "book" / f"{f.source}.html").read_text(encoding="utf-8")
        assert f'id="{f.anchor}" data-cite="table-cell" class="has-finding"' in chapter, f.id
        assert f'href="findings.html#{f.id}"' in chapter, f.id
        assert f'<article class="finding-entry" id="{f.id}"' in register
        assert f'href="{f.source}.html#{f.anchor}"' in register
