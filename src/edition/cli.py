"""The ``edition`` command: check the data, list excerpts, copy passages from a witness.

    edition check                      validate all data and run the round trip
    edition excerpts --json            every excerpt, reading and diplomatic text
    edition findings --json            every finding of the checks, with its verdict
    edition claims --json              every quantitative claim of the excerpts
    edition passage SOURCE FIRST LAST  copy witness lines into data/ (needs EDITION_WITNESSES)

Exit status 0 when all is well, 1 when the data is refused (the message names
file, line and field), 2 for a wrong command.
"""

from __future__ import annotations

import argparse
import json
import sys

from .apparatus import differences, rebuild_witness, reading_text
from .checks import published
from .claims import claim_rows
from .corpus import Edition, load_edition
from .datafiles import EditionError, project_root, witness_folder
from .excerpts import sha256, witness_lines


def round_trip_problems(edition: Edition) -> list[str]:
    """Every passage whose witness text cannot be rebuilt from its reading text and apparatus."""
    problems = []
    for excerpt in edition.excerpts.values():
        for passage in excerpt.passages:
            segments = excerpt.stream(passage)
            rebuilt = rebuild_witness(reading_text(segments), differences(segments))
            if rebuilt != passage.text or sha256(rebuilt) != passage.sha256:
                problems.append(f"{excerpt.id}: lines {passage.first}-{passage.last} do not round-trip")
    return problems


def excerpt_record(excerpt) -> dict:
    body = excerpt.stream(excerpt.body)
    return {
        "id": excerpt.id,
        "source": excerpt.source,
        "title": excerpt.title,
        "witness_file": excerpt.body.file.name,
        "witness_lines": [excerpt.body.first, excerpt.body.last],
        "sha256": excerpt.body.sha256,
        "location": excerpt.location,
        "reading": reading_text(body),
        "diplomatic": excerpt.body.text,
        "notes": [
            {"id": b.anchor, "number": b.number, "witness_lines": [b.lines[0], b.lines[-1]], "reading": b.reading}
            for b in excerpt.note_blocks
        ],
        "emendations": sorted({s.cause for b in excerpt.blocks + excerpt.note_blocks for s in b.segments if s.mark == "emendation"}),
        "anchors": excerpt.anchors,
    }


def cmd_check(args) -> int:
    edition = load_edition()
    findings = edition.findings()
    problems = round_trip_problems(edition)
    for problem in problems:
        print(problem, file=sys.stderr)
    places = sum(len(e.places) for e in edition.emendations.values())
    passages = sum(len(e.passages) for e in edition.excerpts.values())
    print(
        f"{len(edition.sources)} sources, {len(edition.excerpts)} excerpts ({passages} witness passages), "
        f"{sum(len(r.rules) for r in edition.rules.values())} normalization rules, "
        f"{len(edition.emendations)} emendations at {places} places"
    )
    print("round trip: " + ("FAILED" if problems else f"all {passages} passages rebuild their witness byte for byte"))
    flagged = sum(f.flagged_by_source for f in findings)
    print(f"{len(edition.tables)} tables, {sum(len(c) for c in edition.checks.values())} checks: "
          f"{len(findings)} findings, all with a verdict ({flagged} flagged by the source itself)")
    return 1 if problems else 0


def emit(records: list[dict], as_json: bool, line) -> int:
    """Print records as JSON, or one line each as ``line(record)`` makes it."""
    if as_json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for record in records:
            print(line(record))
    return 0


def cmd_excerpts(args) -> int:
    edition = load_edition()
    return emit([excerpt_record(e) for e in edition.excerpts.values()], args.json,
                lambda r: f"{r['id']}\t{r['witness_file']}:{r['witness_lines'][0]}-{r['witness_lines'][1]}\t{r['title']}")


def cmd_findings(args) -> int:
    return emit(published(load_edition().findings()), args.json,
                lambda f: f"{f['id']}\t{f['printed']} printed, {f['computed']} computed\t{f['verdict']}")


def cmd_claims(args) -> int:
    edition = load_edition()
    return emit(claim_rows(edition.claims, edition.excerpts), args.json,
                lambda r: f"{r['id']}\t{r['quantity']}\t{r['place']}\t{r['date']}\t{r['value']} {r['unit']}")


def cmd_passage(args) -> int:
    """Copy a line range of a witness into data/<source>/witness/ and print its SHA-256."""
    folder = witness_folder()
    if folder is None:
        raise EditionError("EDITION_WITNESSES", None, "", "set it to the folder that holds the witness files")
    from .sources import load_sources

    root = project_root()
    sources = load_sources(root / "data")
    if args.source not in sources:
        raise EditionError(root / "data" / "sources.yaml", None, "id", f"no source {args.source!r}")
    source = sources[args.source]
    raw = (folder / source.witness.file).read_bytes()
    if sha256(raw) != source.witness.sha256:
        raise source.where.error("witness.sha256", f"{source.witness.file} in {folder} is not the registered witness")
    lines = witness_lines(raw.decode("utf-8"))
    if not (source.witness.first <= args.first <= args.last <= source.witness.last):
        raise source.where.error("witness.lines", f"{args.first}-{args.last} is outside the lines of {source.id}")
    text = "".join(lines[args.first - 1 : args.last])
    target = root / "data" / source.id / "witness" / f"{args.first:05d}-{args.last:05d}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    print(f"{target.relative_to(root)}\tsha256: {sha256(text)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edition", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate all data and run the round trip").set_defaults(run=cmd_check)
    p = sub.add_parser("excerpts", help="list the excerpts")
    p.add_argument("--json", action="store_true", help="every excerpt as JSON")
    p.set_defaults(run=cmd_excerpts)
    p = sub.add_parser("findings", help="list the findings of the checks")
    p.add_argument("--json", action="store_true", help="every finding as JSON")
    p.set_defaults(run=cmd_findings)
    p = sub.add_parser("claims", help="list the quantitative claims of the excerpts")
    p.add_argument("--json", action="store_true", help="every claim as JSON")
    p.set_defaults(run=cmd_claims)
    p = sub.add_parser("passage", help="copy witness lines into data/")
    p.add_argument("source")
    p.add_argument("first", type=int)
    p.add_argument("last", type=int)
    p.set_defaults(run=cmd_passage)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except EditionError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
