"""The edition's benchmark: how long builds and checks take, and how heavy the pages are.

    python scripts/bench.py [--out bench/results.json] [--scale 10]

Everything runs on scratch copies of the project in a temporary folder; the
working tree is never touched.  Measured:

* a clean build (notebooks executed), a no-op rebuild, a rebuild after
  editing one chapter, a rebuild after editing one data file;
* each notebook executed on its own in a fresh kernel;
* loading and checking the data (excerpts, round trip, findings);
* the HTML bytes of each page and the bytes a reader's browser transfers for
  it (the page and the local stylesheets, scripts, fonts and images it loads,
  with what its stylesheets import and name); a chapter page that transfers
  more than 1.5 MB is flagged "over target" (and ``over_target`` in the JSON);
* a scale run on a generated corpus SCALE times the size (every source with
  data copied under new source IDs), for the check and the build.

The results are printed as a table and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PARTS = ("data", "book", "notebooks", "_config.yml", "_toc.yml", "pyproject.toml", "CHANGELOG.md")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def build(project: Path, out: Path, *extra: str, strict: bool = True) -> float:
    flags = ["-W", "-n", "--keep-going"] if strict else ["--keep-going"]
    return timed([str(BIN / "jupyter-book"), "build", str(project), *flags, *extra, "--path-output", str(out)], project)


CHAPTER_TARGET = 1_500_000  # bytes a chapter page may transfer, uncompressed, its assets included
LOADED = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"#?]+\.(?:css|js|png|svg|jpe?g|gif|webp|woff2?|ttf|wasm))[^"]*"')
CSS_IMPORT = re.compile(r'@import\s+(?:url\()?["\']?([^"\')\s;]+)')
CSS_URL = re.compile(r'url\(\s*["\']?([^"\')]+?)["\']?\s*\)')
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def _css_assets(css: Path, seen: set) -> None:
    """A stylesheet's imports and the files its url()s name; of a font face only the first source,
    the one a browser that reads woff2 fetches."""
    text = css.read_text(encoding="utf-8", errors="replace")
    refs = CSS_IMPORT.findall(text)
    for face in FONT_FACE.findall(text):
        first = CSS_URL.search(face)
        if first:
            refs.append(first.group(1))
    refs += CSS_URL.findall(FONT_FACE.sub("", text))
    for ref in refs:
        if ref.startswith(("data:", "http:", "https:", "//")):
            continue
        target = (css.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                _css_assets(target, seen)


def page_transfer(page: Path) -> dict:
    """Bytes a reader's browser transfers for a page, uncompressed: the HTML and every local
    stylesheet, script, font and image it loads (fonts and images named by its stylesheets too)."""
    text = page.read_text(encoding="utf-8")
    seen: set[Path] = set()
    for ref in LOADED.findall(text):
        if ref.startswith(("http:", "https:", "//", "data:")):
            continue
        target = (page.parent / ref).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                _css_assets(target, seen)
    assets = sum(p.stat().st_size for p in seen)
    html = page.stat().st_size
    return {"html": html, "assets": assets, "total": html + assets}


def page_weights(html_dir: Path, chapters: list[str]) -> dict:
    """HTML bytes per page, bytes transferred per page, and each chapter's transfer against the target."""
    html_sizes, transferred = [], []
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        weight = page_transfer(page)
        html_sizes.append(weight["html"])
        transferred.append(weight["total"])
    per_chapter = {}
    for chapter in chapters:
        page = html_dir / f"{chapter}.html"
        if page.is_file():
            per_chapter[chapter] = {**page_transfer(page), "over_target": page_transfer(page)["total"] > CHAPTER_TARGET}
    return {
        "pages": len(html_sizes),
        "html_bytes_median": int(statistics.median(html_sizes)),
        "html_bytes_max": max(html_sizes),
        "transferred_bytes_median": int(statistics.median(transferred)),
        "transferred_bytes_max": max(transferred),
        "chapter_target_bytes": CHAPTER_TARGET,
        "chapters": per_chapter,
    }


def marks_per_thousand_words(html_dir: Path) -> dict[str, dict[str, float]]:
    """Emendation marks per 1,000 words of reading text, chapter by chapter, at each display level.

    Counted in the built pages: every emendation of the reading text is marked at "all", those not
    classed routine at "significant" (the default), none at "clean".  Words are those of the reading
    text, without the tips and the cite controls.  The target at the default level is at most 10.
    """
    from bs4 import BeautifulSoup

    found = {}
    for page in sorted((html_dir / "book").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select(".excerpt .reading-text")
        if not blocks:
            continue
        marks = [m for b in blocks for m in b.select(".emendation")]
        for noise in soup.select(".excerpt .reading-text .em-tip, .excerpt .reading-text details.cite"):
            noise.decompose()
        words = sum(len(b.get_text(" ").split()) for b in blocks) or 1
        significant = [m for m in marks if "em-routine" not in m.get("class", [])]
        found[page.stem] = {"words": words, "all": round(1000 * len(marks) / words, 1),
                            "significant": round(1000 * len(significant) / words, 1), "clean": 0.0}
    return found


def chapters_of(project: Path) -> list[str]:
    """Every page of the table of contents (book/x, notebooks/y), in its order."""
    return re.findall(r"^\s*(?:- )?(?:file|root): (\S+)", (project / "_toc.yml").read_text(encoding="utf-8"), re.M)


def time_checks(project: Path, repeat: int = 3) -> float:
    code = (
        "import time; from edition.corpus import load_edition; from edition.cli import round_trip_problems\n"
        f"best = 1e9\nfor _ in range({repeat}):\n"
        f"    t = time.perf_counter(); e = load_edition({str(project)!r}); round_trip_problems(e); e.findings()\n"
        "    best = min(best, time.perf_counter() - t)\nprint(best)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"checking {project} failed:\n{result.stderr[-3000:]}")
    return float(result.stdout.strip())


def time_notebooks(project: Path) -> dict[str, float]:
    times = {}
    for notebook in sorted((project / "notebooks").glob("*.ipynb")):
        start = time.perf_counter()
        subprocess.run([str(BIN / "jupyter"), "execute", "--output", str(notebook.with_suffix(".out.ipynb")), str(notebook)],
                       cwd=notebook.parent, capture_output=True, text=True, check=True)
        times[notebook.stem] = time.perf_counter() - start
    return times


def scale_corpus(project: Path, factor: int) -> dict:
    """Copy every source that has data under new IDs, factor - 1 times, with a chapter each."""
    sources = (project / "data" / "sources.yaml").read_text(encoding="utf-8")
    toc = (project / "_toc.yml").read_text(encoding="utf-8")
    with_data = [p.name for p in (project / "data").iterdir() if p.is_dir() and (p / "excerpts.yaml").exists()]
    with_data.sort(key=lambda name: sources.index(f"  - id: {name}\n"))  # the register's order, which findings follow
    chapters = []
    for source in with_data:
        entry = re.search(rf"  - id: {source}\n.*?(?=\n  - id: |\Z)", sources, re.S).group(0)
        for k in range(2, factor + 1):
            copy_id = f"{source}-x{k}"
            target = project / "data" / copy_id
            shutil.copytree(project / "data" / source, target)
            for file in (target / "tables").glob("*.csv") if (target / "tables").is_dir() else []:
                file.rename(file.with_name(file.name.replace(f"{source}-", f"{copy_id}-")))
            # every reference to any source's IDs points into the same copy, and the copy's claims are about
            # places of their own, so that a copy's findings are its own, reviewed by its copied verdicts
            refs = re.compile(r"\b(" + "|".join(map(re.escape, with_data)) + r")-(?!x\d)")
            for file in target.rglob("*"):
                if file.suffix in (".yaml", ".json"):
                    text = refs.sub(lambda m: f"{m.group(1)}-x{k}-", file.read_text(encoding="utf-8"))
                    text = text.replace(f"source: {source}\n", f"source: {copy_id}\n")
                    if file.name == "claims.yaml":
                        data = yaml.safe_load(text)
                        for claim in data["claims"]:
                            claim["place"] = f"copy {k}: {claim['place']}"
                        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                    file.write_text(text, encoding="utf-8")
            sources += "\n" + entry.replace(f"id: {source}", f"id: {copy_id}", 1)
            chapter = (project / "book" / f"{source}.md").read_text(encoding="utf-8")
            chapter = re.sub(r"\{glue:text\}`[^`]*`", "(a glued figure)", chapter)
            chapter = re.sub(r"\]\((notebook-[^)]*|edition-[^)]*|method-[^)]*|findings-[^)]*|work-[^)]*)\)", "]", chapter)
            chapter = chapter.replace(f"{source}-", f"{copy_id}-").replace(f"({source})=", f"({copy_id})=")
            (project / "book" / f"{copy_id}.md").write_text(chapter, encoding="utf-8")
            chapters.append(copy_id)
    (project / "data" / "sources.yaml").write_text(sources, encoding="utf-8")
    toc = toc.replace("      - file: book/best-sons\n", "      - file: book/best-sons\n" + "".join(f"      - file: book/{c}\n" for c in chapters))
    (project / "_toc.yml").write_text(toc, encoding="utf-8")
    return {"sources_with_data": len(with_data) * factor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        out = tmp / "out"
        results["clean_build_s"] = build(project, out, "--all")
        results["noop_rebuild_s"] = build(project, out)
        method = project / "book" / "method.md"
        method.write_text(method.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        results["rebuild_after_chapter_edit_s"] = build(project, out)
        verdicts = project / "data" / "best-sons" / "verdicts.yaml"
        verdicts.write_text(verdicts.read_text(encoding="utf-8").replace("The correction is right.", "The correction is right. ", 1),
                            encoding="utf-8")
        results["rebuild_after_data_edit_s"] = build(project, out)
        results["notebooks_s"] = time_notebooks(copy_project(tmp / "notebooks-run"))
        results["checks_and_findings_s"] = time_checks(project)
        results.update(page_weights(out / "_build" / "html", chapters_of(project)))
        results["marks_per_1000_words"] = marks_per_thousand_words(out / "_build" / "html")

        scaled = copy_project(tmp / "scaled")
        results["scale"] = {"factor": args.scale, **scale_corpus(scaled, args.scale)}
        results["scale"]["checks_and_findings_s"] = time_checks(scaled, repeat=1)
        results["scale"]["clean_build_s"] = build(scaled, tmp / "scaled-out", "--all", strict=False)

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    rows = [
        ("clean build (notebooks executed)", f"{results['clean_build_s']:.1f} s"),
        ("no-op rebuild", f"{results['noop_rebuild_s']:.1f} s"),
        ("rebuild after editing one chapter", f"{results['rebuild_after_chapter_edit_s']:.1f} s"),
        ("rebuild after editing one data file", f"{results['rebuild_after_data_edit_s']:.1f} s"),
        *[(f"notebook {k}", f"{v:.1f} s") for k, v in results["notebooks_s"].items()],
        ("checks and findings (load, round trip, findings)", f"{results['checks_and_findings_s']:.2f} s"),
        ("pages", str(results["pages"])),
        ("HTML bytes per page (median / max)", f"{results['html_bytes_median']:,} / {results['html_bytes_max']:,}"),
        ("transferred bytes per page (median / max)",
         f"{results['transferred_bytes_median']:,} / {results['transferred_bytes_max']:,}"),
        *[(f"marks per 1,000 words, {chapter} (all / significant / clean)",
           f"{m['all']} / {m['significant']} / {m['clean']}" + ("" if m["significant"] <= 10 else "  over target"))
          for chapter, m in results["marks_per_1000_words"].items()],
        *[(f"transferred by {name} (HTML + assets)",
           f"{w['html']:,} + {w['assets']:,} = {w['total']:,}" + ("  over target" if w["over_target"] else ""))
          for name, w in results["chapters"].items()],
        (f"scale x{args.scale}: checks and findings", f"{results['scale']['checks_and_findings_s']:.2f} s"),
        (f"scale x{args.scale}: clean build", f"{results['scale']['clean_build_s']:.1f} s"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  value")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
