"""Quantitative claims: quoted exactly, in a controlled vocabulary, checked against tables and each other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from edition.claims import check_claims, claim_rows
from edition.corpus import load_edition
from edition.datafiles import EditionError


def test_every_claim_quotes_the_reading_text_and_has_an_anchor(edition):
    assert edition.claims
    for row in claim_rows(edition.claims, edition.excerpts):
        assert row["anchor"].startswith(row["source"] + "-p") or row["anchor"].startswith(row["source"] + "-n")


def test_claims_json_gives_every_claim_with_its_fields(edition):
    result = subprocess.run([str(Path(sys.executable).parent / "edition"), "claims", "--json"], capture_output=True,
                            text=True, env={**os.environ, "EDITION_ROOT": str(edition.root)})
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == len(edition.claims)
    for record in records:
        assert {"id", "source", "anchor", "quantity", "place", "date", "value", "unit", "normalized_value",
                "normalized_unit", "quote"} <= set(record)


def test_a_claim_that_misquotes_its_line_is_refused(project):
    file = project / "data/best-sons/claims.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("quote: Over 70,000 workers", "quote: Over 80,000 workers"),
                    encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        load_edition(project)
    assert caught.value.field == "quote" and "is not in the reading of line 533" in str(caught.value)


def test_the_text_against_a_table_and_within_rounding(edition):
    found = {f.id: f for f in check_claims(edition.claims, edition.tables, edition.excerpts)}
    selected = found["best-sons-c002-vs-table"]
    assert (selected.printed, selected.computed) == ("27,519", "27,513")
    assert "best-sons-c005-vs-table" not in found  # 57.6 against a printed 58: within the table's rounding


def test_the_same_quantity_given_differently_is_a_finding(edition):
    from dataclasses import replace

    claims = list(edition.claims)
    first = next(c for c in claims if c.id == "best-sons-c003")
    claims.append(replace(first, id="best-sons-c999", low=first.low + 1, high=first.high + 1))
    found = {f.id: f for f in check_claims(claims, edition.tables, edition.excerpts)}
    assert found["best-sons-c002-vs-best-sons-c999"].kind == "claim-vs-claim"


# --- statements checked in themselves, and dates against the index of names -----------------------------

from decimal import Decimal  # noqa: E402
from types import SimpleNamespace  # noqa: E402

from edition.claims import Claim, DatedStatement, check_dates  # noqa: E402
from edition.datafiles import Located  # noqa: E402
from edition.names import Name  # noqa: E402

HERE = Located("claims.yaml", 4)
EXCERPTS = {"demo-ex01": SimpleNamespace(id="demo-ex01", blocks=[], note_blocks=[])}


def claim(ident, value, unit="million head", derived=(), date="1928", quantity="horses"):
    low, high = (value, value) if not isinstance(value, tuple) else value
    factor = Decimal(1000000) if unit.startswith("million") else Decimal(1)
    return Claim(ident, "demo", "demo-ex01", 1, "q", quantity, "USSR", date, Decimal(low), Decimal(high), unit,
                 "head", factor, "", HERE, derived=derived, printed=(low, high))


def arithmetic(*claims):
    return {f.id: f for f in check_claims(list(claims), {}, EXCERPTS) if f.kind == "claim-arithmetic"}


def test_a_fall_stated_in_per_cent_is_recomputed_allowing_for_rounding():
    before, after = claim("demo-c001", "34"), claim("demo-c002", "15", date="1933")
    right = claim("demo-c003", "55", unit="percent", derived=("percent-fall", ("demo-c001", "demo-c002")), date="x")
    wrong = claim("demo-c004", "45", unit="percent", derived=("percent-fall", ("demo-c001", "demo-c002")), date="y")
    found = arithmetic(before, after, right, wrong)
    assert list(found) == ["demo-c004-vs-arithmetic"]  # (34-15)/34 = 55.9: "55" fits the rounding of 34 and 15
    assert found["demo-c004-vs-arithmetic"].computed == "55.9 percent"


def test_a_conversion_in_the_text_is_checked_against_the_units_factor():
    puds = Claim("demo-c001", "demo", "demo-ex01", 1, "q", "grain-procurement", "USSR", "1928", Decimal(1000),
                 Decimal(1000), "million puds", "tonnes", Decimal(16381), "", HERE, printed=("1000", "1000"))
    tons = Claim("demo-c002", "demo", "demo-ex01", 1, "q", "grain-procurement", "USSR", "1928/x", Decimal("16.4"),
                 Decimal("16.4"), "million tons", "tonnes", Decimal(1000000), "", HERE, derived=("same", ("demo-c001",)), printed=("16.4", "16.4"))
    bad = Claim("demo-c003", "demo", "demo-ex01", 1, "q", "grain-procurement", "USSR", "1928/y", Decimal("18"),
                Decimal("18"), "million tons", "tonnes", Decimal(1000000), "", HERE, derived=("same", ("demo-c001",)), printed=("18", "18"))
    assert list(arithmetic(puds, tons, bad)) == ["demo-c003-vs-arithmetic"]


def test_two_round_figures_that_merely_touch_disagree_but_stated_ranges_that_touch_agree():
    def pair(a, b):
        found = check_claims([claim("demo-c001", a, quantity="famine-deaths"), claim("demo-c002", b, quantity="famine-deaths")],
                             {}, EXCERPTS)
        return [f.id for f in found]
    assert pair("4", "5") == ["demo-c001-vs-demo-c002"]
    assert pair(("4", "5"), ("5", "6")) == []
    assert pair(("4", "5"), "6") == ["demo-c001-vs-demo-c002"]


def test_an_event_dated_outside_the_life_of_a_name_it_involves_is_a_finding():
    conference = Name("seventeenth-conference", "Seventeenth Party Conference", "event", ("Seventeenth Party Conference",),
                      "", "1932-01-30", "1932-02-04", "an authority", HERE)
    wrong = DatedStatement("demo-d001", "demo", "demo-ex01", 1, "q", "1929-04-23/1929-04-29", ("seventeenth-conference",), HERE)
    right = DatedStatement("demo-d002", "demo", "demo-ex01", 1, "q", "1932-02", ("seventeenth-conference",), HERE)
    found = check_dates([wrong, right], {conference.id: conference}, EXCERPTS)
    assert [f.id for f in found] == ["demo-d001-vs-seventeenth-conference"]
    assert "1932-01-30 to 1932-02-04" in found[0].message


def test_the_edition_recomputes_what_its_sources_derive(edition):
    """Bettelheim's urban growth of 112 per cent (26.3 to 56.1 million is 113.3) and the rise of 0.9 million
    tons that his own table makes 1.1 are findings; his sums and shares that hold are not."""
    found = {f.id: f for f in check_claims(edition.claims, edition.tables, edition.excerpts)}
    assert found["class-struggles-c025-vs-arithmetic"].computed == "113.3 percent"
    assert found["class-struggles-c013-vs-arithmetic"].computed == "1.1 million tons"
    holding = [c.id for c in edition.claims if c.derived and f"{c.id}-vs-arithmetic" not in found]
    assert {"class-struggles-c012", "class-struggles-c014", "class-struggles-c029", "class-struggles-c035"} <= set(holding)


def test_a_conference_dated_before_it_met_is_a_finding(edition):
    found = {f.id for f in edition.findings()}
    assert "class-struggles-d001-vs-seventeenth-party-conference" in found
    assert not any(f.startswith("class-struggles-d002-") for f in found)  # the Sixteenth, rightly dated
