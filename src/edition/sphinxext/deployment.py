"""Where the edition is published: its public address, its repository, its versions.

The public base URL (``html.baseurl`` in ``_config.yml``) and the repository
URL (``repository.url``) are settings; a deployment overrides them from the
environment, ``EDITION_BASE_URL`` and ``EDITION_REPOSITORY_URL``, without
editing the file.  An address on a domain reserved for examples (RFC 2606:
example.org, example.com, example.net, and the .example and .test domains) is
provisional, and the How-to-cite page says so.

A version with a pre-release or development part (``0.2.0.dev0``) is
unreleased: every page of its build says so in a banner, its citations say so,
and on the published site it lives in ``dev/``, not in a folder of its own
version.  The links of the launch buttons (Binder, Colab) need a public
repository: they appear when the repository URL is set, and not otherwise.
``make site`` sets ``EDITION_SWITCHER_JSON`` to the site's one ``switcher.json``;
then the pages carry the theme's version switcher, which reads that file when
the page is opened, so older builds learn of newer versions.  A single book
has no other version to switch to, and no switcher.
"""

from __future__ import annotations

import os
from html import escape
from urllib.parse import urlsplit

from sphinx.application import Sphinx

from ..releases import folder, released

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
EXAMPLE_SUFFIXES = (".example", ".test", ".invalid")


def provisional(url: str) -> bool:
    """Whether an address is a placeholder: empty, or on a domain reserved for examples."""
    host = (urlsplit(url).hostname or "").lower()
    return not host or host in EXAMPLE_DOMAINS or host.endswith(tuple("." + d for d in EXAMPLE_DOMAINS)) \
        or host.endswith(EXAMPLE_SUFFIXES)


def unreleased_banner(version: str) -> str:
    """The banner on every page of an unreleased build."""
    return (f'<div class="edition-unreleased" role="note"><strong>Unreleased development version {escape(version)}</strong>: '
            'it may change without notice; cite a released version.</div>')


def _apply(app: Sphinx, config) -> None:
    from .buildinfo import root_of, version

    if os.environ.get("EDITION_BASE_URL"):
        config.html_baseurl = os.environ["EDITION_BASE_URL"].rstrip("/") + "/"
    options = config.html_theme_options
    repository = os.environ.get("EDITION_REPOSITORY_URL", options.get("repository_url", "")).strip()
    options["repository_url"] = repository
    options["use_repository_button"] = bool(repository)
    options["use_issues_button"] = False
    launch = dict(options.get("launch_buttons") or {})
    github = urlsplit(repository).hostname == "github.com"
    launch.update(binderhub_url="https://mybinder.org" if github else "",
                  colab_url="https://colab.research.google.com" if github else "")
    options["launch_buttons"] = launch
    current = version(root_of(config))
    if not released(current):
        options["announcement"] = unreleased_banner(current)
    switcher = os.environ.get("EDITION_SWITCHER_JSON", "")
    if switcher:
        options["switcher"] = {"json_url": switcher, "version_match": folder(current)}
        options["check_switcher"] = False  # the site writes switcher.json after the builds
        # under the edition's title in the sidebar (the theme's own list, with the switcher added)
        config.html_sidebars = {"**": ["navbar-logo.html", "version-switcher", "search-button-field.html",
                                       "sbt-sidebar-nav.html"]}
    config.myst_substitutions = {**(config.myst_substitutions or {}),
                                 "edition_address": address_note(config.html_baseurl or "")}


def address_note(base_url: str) -> str:
    """What the How-to-cite page says of the addresses in the citations (Markdown)."""
    if provisional(base_url):
        return (f"**The addresses are provisional.** The edition is not yet published at its public address: "
                f"the citations point to `{base_url}`, an address on a domain reserved for examples, and will "
                "point to the public address from the first build made for it.")
    return f"The edition is published at <{base_url}>."


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _apply, priority=400)
