"""The documentation site: mkdocs.yml lists every page of docs/, and the real ``mkdocs build
--strict`` succeeds on it, while the same settings fail on a page missing from the nav, a nav
entry without its page and a broken link or anchor."""

import os
import subprocess
from pathlib import Path

import yaml

from tests.conftest import BIN, ROOT

MKDOCS = ROOT / "mkdocs.yml"


def _config() -> dict:
    return yaml.safe_load(MKDOCS.read_text())


def _nav_pages(nav) -> list[str]:
    out = []
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else [entry]:
            out += _nav_pages(value) if isinstance(value, list) else [value]
    return out


def build(config_file: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(config_file), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_nav_lists_every_page_and_the_theme_is_material():
    cfg = _config()
    assert cfg["theme"]["name"] == "material"
    assert cfg["docs_dir"] == "docs" and cfg["site_dir"] == "site"
    pages = _nav_pages(cfg["nav"])
    on_disk = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert sorted(pages) == on_disk
    assert pages[0] == "index.md"
    for page in ("configuration.md", "codebook.md", "results.md", "methods.md", "glossary.md"):
        assert page in pages
    # strict mode fails on every kind of broken link
    assert {v: cfg["validation"][v] for v in ("omitted_files", "unrecognized_links", "anchors")} == {
        "omitted_files": "warn",
        "unrecognized_links": "warn",
        "anchors": "warn",
    }


def test_the_site_builds_in_strict_mode(tmp_path):
    res = build(MKDOCS, tmp_path / "site")
    assert res.returncode == 0, res.stdout + res.stderr
    for page in ("index.html", "configuration/index.html", "methods/index.html", "results/index.html"):
        assert (tmp_path / "site" / page).is_file(), page


def _tiny_site(tmp_path: Path, nav: list, pages: dict[str, str]) -> Path:
    """A small site with the real site's theme, extensions and validation settings."""
    cfg = {k: v for k, v in _config().items() if k in ("site_name", "theme", "markdown_extensions", "validation")}
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    for name, text in pages.items():
        (docs / name).write_text(text)
    cfg.update(docs_dir="docs", nav=nav)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    return tmp_path / "mkdocs.yml"


GOOD = {"index.md": "# Home\n\nSee [the other page](other.md#a-section).\n", "other.md": "# Other\n\n## A section\n"}
NAV = [{"Home": "index.md"}, {"Other": "other.md"}]


def test_strict_build_fails_on_a_broken_site(tmp_path):
    ok = build(_tiny_site(tmp_path / "good", NAV, GOOD), tmp_path / "good" / "site")
    assert ok.returncode == 0, ok.stdout + ok.stderr

    cases = {
        "nav entry without its page": (NAV + [{"Gone": "missing.md"}], GOOD, "missing.md"),
        "page missing from the nav": (NAV, {**GOOD, "orphan.md": "# Orphan\n"}, "orphan.md"),
        "broken link": (NAV, {**GOOD, "index.md": "# Home\n\n[x](nowhere.md)\n"}, "nowhere.md"),
        "broken anchor": (NAV, {**GOOD, "index.md": "# Home\n\n[x](other.md#no-such)\n"}, "no-such"),
        "link out of docs/": (NAV, {**GOOD, "index.md": "# Home\n\n[x](../README.md)\n"}, "README.md"),
    }
    for i, (what, (nav, pages, named)) in enumerate(cases.items()):
        res = build(_tiny_site(tmp_path / str(i), nav, pages), tmp_path / str(i) / "site")
        assert res.returncode != 0, f"strict build passed with a {what}"
        assert named in res.stdout + res.stderr, (what, res.stdout + res.stderr)
