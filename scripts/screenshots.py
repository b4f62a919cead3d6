"""Screenshots of built pages in headless Chromium, as a reader sees them.

    python scripts/screenshots.py OUTDIR URL[#fragment]=NAME[:view][:WIDTHxHEIGHT] ...

``view`` is ``reading`` (default) or ``diplomatic``; the page is scrolled to
the fragment.  Uses Debian's Chromium (/usr/bin/chromium, or $CHROMIUM).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main(outdir: str, *specs: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for spec in specs:
            url, _, rest = spec.rpartition("=")
            name, *opts = rest.split(":")
            view = next((o for o in opts if o in ("reading", "diplomatic")), "reading")
            size = next((o for o in opts if "x" in o), "1400x1000")
            width, height = map(int, size.split("x"))
            page = browser.new_page(viewport={"width": width, "height": height})
            page.add_init_script(f"window.localStorage.setItem('edition-view', '{view}')")
            page.goto(url)
            page.wait_for_load_state("networkidle")
            if "#" in url:
                page.locator(f"[id='{url.split('#', 1)[1]}']").scroll_into_view_if_needed()
            page.screenshot(path=str(out / f"{name}.png"))
            page.close()
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
