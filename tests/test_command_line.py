"""The command line: check, list excerpts as JSON, and refuse bad data with file, line and field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EDITION = str(Path(sys.executable).parent / "edition")


def run(*args, root=None):
    env = dict(os.environ)
    if root:
        env["EDITION_ROOT"] = str(root)
    return subprocess.run([EDITION, *args], capture_output=True, text=True, env=env)


def test_check_validates_everything_and_reports_the_round_trip(edition):
    result = run("check", root=edition.root)
    assert result.returncode == 0, result.stderr
    assert f"{len(edition.excerpts)} excerpts" in result.stdout
    assert "rebuild their witness byte for byte" in result.stdout


def test_excerpts_json_gives_every_excerpt_with_its_texts_and_anchors(edition):
    result = run("excerpts", "--json", root=edition.root)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == list(edition.excerpts)
    for record in records:
        assert {"id", "source", "witness_file", "witness_lines", "sha256", "reading", "diplomatic", "emendations", "anchors"} <= set(record)
        excerpt = edition.excerpts[record["id"]]
        assert record["diplomatic"] == excerpt.body.text
        assert record["witness_lines"] == [excerpt.body.first, excerpt.body.last]
        assert record["id"] in record["anchors"]
    first = records[0]
    assert "Kolkhoztsentr" in first["reading"] and "Kolkhoztsestr" in first["diplomatic"]
    assert "best-sons-em001" in first["emendations"]


def test_bad_data_makes_check_fail_naming_file_line_and_field(project):
    file = project / "data/best-sons/excerpts.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("lines: [453, 471]", "lines: [471, 453]"), encoding="utf-8")
    result = run("check", root=project)
    assert result.returncode == 1
    assert f"error: {file}:" in result.stderr and ": lines: line range 471-453 ends before it starts" in result.stderr
