"""A source's data package leaves the book as one zip that is itself a Frictionless data package.

A reader who downloads ``_exports/<source>-data.zip`` can open it as it is
(``frictionless validate --type package <source>-data.zip``, or
``frictionless.Package`` on the zip): ``datapackage.json`` is at the root of the
zip and every table it describes is in the zip where it says.  The source's
YAML data (rules, emendations, excerpts, checks, claims, verdicts) comes
along, as the chapter's export link promises; the witness passages do not.
The same data gives the same bytes, so a release's zip can be checked against
its hash.  The package in the repository validates in the same way.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import frictionless
import pytest

from edition.sphinxext.exports import data_zip

ROOT = Path(__file__).resolve().parents[1]
WITH_TABLES = sorted(p.parent.name for p in ROOT.glob("data/*/datapackage.json"))


def package_problems(path: Path) -> list[str]:
    """What Frictionless finds wrong with the package at ``path`` (a descriptor or a zip), every table it
    describes validated, and any table of which it read no row."""
    report = frictionless.validate(str(path), type="package")
    problems = [f"{task.name}: {error.type}: {error.message}" for task in report.tasks for error in task.errors]
    problems += [f"{error.type}: {error.message}" for error in report.errors]
    resources = frictionless.Package(str(path)).resources if not report.errors else []
    validated = {task.name: task.stats.get("rows") or 0 for task in report.tasks}
    problems += [f"{r.name}: not validated" for r in resources if r.name not in validated]
    problems += [f"{name}: no rows" for name, rows in validated.items() if rows <= 0]
    return problems


def test_the_sources_with_tables_are_those_with_a_data_zip():
    assert WITH_TABLES == ["best-sons", "class-struggles"]


@pytest.mark.parametrize("source", WITH_TABLES)
def test_the_repositorys_data_package_validates_with_every_table(source):
    assert not package_problems(ROOT / "data" / source / "datapackage.json")


@pytest.mark.parametrize("source", WITH_TABLES)
def test_a_data_zip_holds_the_package_at_its_root_with_the_yaml_data_and_no_witness(source, tmp_path):
    data_zip(ROOT / "data" / source, tmp_path / "data.zip")
    with zipfile.ZipFile(tmp_path / "data.zip") as archive:
        names = archive.namelist()
        descriptor = json.loads(archive.read("datapackage.json"))
    assert names == sorted(names) and not any(name.startswith(f"{source}/") for name in names)
    assert {r["path"] for r in descriptor["resources"]} <= set(names), "every table where the descriptor says"
    assert "emendations.yaml" in names and "excerpts.yaml" in names
    assert not any("witness" in name for name in names)


@pytest.mark.parametrize("source", WITH_TABLES)
def test_the_same_data_gives_the_same_zip(source, tmp_path):
    data_zip(ROOT / "data" / source, tmp_path / "one.zip")
    data_zip(ROOT / "data" / source, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.build
@pytest.mark.parametrize("source", WITH_TABLES)
def test_each_built_data_zip_opens_as_a_valid_package_with_every_table(built_book, source):
    zipped = built_book / "_exports" / f"{source}-data.zip"
    assert not package_problems(zipped)
    package = frictionless.Package(str(zipped))
    assert len(package.resources) == len(json.loads((ROOT / "data" / source / "datapackage.json").read_text())["resources"])
