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
