"""Where the edition is published: its address and repository are settings a deployment can override, an
unreleased build says so on every page and in its citations, and nothing points at a repository that is not set."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from edition import citation, releases
from edition.sphinxext import deployment

ROOT = Path(__file__).resolve().parents[1]


def config(**options):
    return SimpleNamespace(html_baseurl="https://edition.example.org/collectivization/", edition_root=str(ROOT), html_sidebars={},
                           myst_substitutions={}, html_theme_options={"launch_buttons": {"notebook_interface": "classic"},
                                                                      "repository_url": "", **options})


@pytest.fixture
def clean_environment(monkeypatch):
    for name in ("EDITION_BASE_URL", "EDITION_REPOSITORY_URL", "EDITION_SWITCHER_JSON"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_version_with_a_development_part_is_unreleased_and_lives_in_dev():
    assert releases.released("0.1.0") and releases.released("1.10")
    for version in ("0.2.0.dev0", "0.2.0rc1", "0.2.0a1", "0.2.0.post1+local"):
        assert not releases.released(version), version
        assert releases.folder(version) == "dev"
    assert releases.folder("0.1.0") == "0.1.0"


def test_an_address_on_a_domain_reserved_for_examples_is_provisional():
    for url in ("", "https://edition.example.org/collectivization/", "https://example.com/", "http://site.test/",
                "https://edition.example/"):
        assert deployment.provisional(url), url
    for url in ("https://collectivization-edition.org/", "https://example.org.uk/", "http://127.0.0.1:8000/"):
        assert not deployment.provisional(url), url
    assert "provisional" in deployment.address_note("https://edition.example.org/collectivization/")
    assert deployment.address_note("https://c.org/") == "The edition is published at <https://c.org/>."


def test_without_a_repository_there_is_no_repository_link_and_no_launch_button(clean_environment):
    settings = config()
    deployment._apply(None, settings)
    options = settings.html_theme_options
    assert options["use_repository_button"] is False and options["repository_url"] == ""
    assert options["launch_buttons"]["binderhub_url"] == "" and options["launch_buttons"]["colab_url"] == ""


def test_a_deployment_sets_the_address_and_the_repository_from_the_environment(clean_environment):
    clean_environment.setenv("EDITION_BASE_URL", "https://collectivization-edition.org/edition")
    clean_environment.setenv("EDITION_REPOSITORY_URL", "https://github.com/example-editors/collectivization")
    settings = config()
    deployment._apply(None, settings)
    options = settings.html_theme_options
    assert settings.html_baseurl == "https://collectivization-edition.org/edition/"
    assert options["use_repository_button"] is True
    assert options["repository_url"] == "https://github.com/example-editors/collectivization"
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert "provisional" not in settings.myst_substitutions["edition_address"]


def test_an_unreleased_build_says_so_and_a_site_build_carries_the_version_switcher(clean_environment):
    settings = config()
    deployment._apply(None, settings)
    if not releases.released(deployment_version()):
        assert "Unreleased development version" in settings.html_theme_options["announcement"]
    clean_environment.setenv("EDITION_SWITCHER_JSON", "https://edition.example.org/collectivization/switcher.json")
    settings = config()
    deployment._apply(None, settings)
    switcher = settings.html_theme_options["switcher"]
    assert switcher == {"json_url": "https://edition.example.org/collectivization/switcher.json",
                        "version_match": releases.folder(deployment_version())}
    assert "version-switcher" in settings.html_sidebars["**"]


def deployment_version() -> str:
    from edition.sphinxext.buildinfo import version

    return version(ROOT)


def test_the_citation_of_an_unreleased_version_says_so_and_points_into_dev():
    dev = citation.EditionInfo("Collectivization in Six Works", "", "0.2.0.dev0", "2026", "https://e.example.org/c/")
    assert dev.url("book/best-sons.html", "best-sons-p455") == "https://e.example.org/c/dev/book/best-sons.html#best-sons-p455"
    assert dev.version_text == "version 0.2.0.dev0 (unreleased)"
    release = citation.EditionInfo("Collectivization in Six Works", "", "0.1.0", "2026", "https://e.example.org/c/")
    assert release.url("book/best-sons.html", "x") == "https://e.example.org/c/0.1.0/book/best-sons.html#x"
    assert release.version_text == "version 0.1.0"


@pytest.mark.build
def test_the_built_book_names_no_repository_it_does_not_have_and_says_its_addresses_are_provisional(built_book):
    for path in built_book.rglob("*.html"):
        assert "github.com/executablebooks/jupyter-book" not in path.read_text(encoding="utf-8"), path
    cite = BeautifulSoup((built_book / "book" / "how-to-cite.html").read_text(encoding="utf-8"), "html.parser")
    assert "The addresses are provisional" in cite.get_text()


@pytest.mark.build
def test_every_page_of_an_unreleased_build_says_it_is_unreleased(built_book):
    if releases.released(deployment_version()):
        pytest.skip("this tree is a released version")
    from conftest import pages_of

    for page in pages_of(built_book):
        if page.startswith("_cite/"):
            continue
        assert "Unreleased development version" in (built_book / page).read_text(encoding="utf-8"), page
