"""The README as a front page and the docs behind it: size, generated blocks, links, glossary."""

import re
from pathlib import Path

import pytest

from ailabor.report import summary

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]
GLOSSARY = ROOT / "docs" / "glossary.md"
# trees whose citations of the spec's identifiers must be defined in the glossary
CITING = [
    ROOT / "src",
    ROOT / "workflow",
    ROOT / "tests",
    ROOT / "docs",
    ROOT / "README.md",
    ROOT / "Snakefile",
    ROOT / "config",
]
TEXT_SUFFIXES = {".py", ".smk", ".md", ".rst", ".yaml", ".yml", ".txt", ".json", ".cfg", ".toml", ""}

# ISSUE-06, REQ-DID-08 and the short forms used in prose: "ISSUE-06, -24" (a list),
# "REQ-PROC-01..03" (a range), "REQ-DID-04/05" (an alternative)
ID = re.compile(r"\b(ISSUE|REQ-[A-Z]+)-(\d{2})((?:(?:\.\.|/|,\s*-)\d{2}\b)*)")
MORE = re.compile(r"(\.\.|/|,\s*-)(\d{2})")


def cited_ids(text: str) -> set[str]:
    """Every ISSUE-/REQ- identifier in ``text``, short forms expanded."""
    out = set()
    for m in ID.finditer(text):
        prefix, last = m.group(1), int(m.group(2))
        out.add(f"{prefix}-{last:02d}")
        for sep, num in MORE.findall(m.group(3)):
            n = int(num)
            for k in range(last + 1, n + 1) if sep == ".." else (n,):
                out.add(f"{prefix}-{k:02d}")
            last = n
    return out


def defined_ids() -> set[str]:
    """The identifiers the glossary defines: the first cell of its table rows."""
    return set(re.findall(r"(?m)^\| ((?:ISSUE|REQ-[A-Z]+)-\d{2}) \|", GLOSSARY.read_text()))


def _files():
    for base in CITING:
        files = [base] if base.is_file() else [f for f in base.rglob("*") if f.is_file()]
        for f in files:
            if f.suffix in TEXT_SUFFIXES and "__pycache__" not in f.parts and f != GLOSSARY:
                yield f


def test_cited_ids_expand_the_short_forms():
    text = "ISSUE-06, -24; ISSUE-12, -13, -15 and REQ-PROC-01..03, REQ-DID-04/05; REQ-DID-08 items 2-6"
    assert cited_ids(text) == {
        "ISSUE-06",
        "ISSUE-24",
        "ISSUE-12",
        "ISSUE-13",
        "ISSUE-15",
        "REQ-PROC-01",
        "REQ-PROC-02",
        "REQ-PROC-03",
        "REQ-DID-04",
        "REQ-DID-05",
        "REQ-DID-08",
    }


def test_every_cited_identifier_is_in_the_glossary():
    defined = defined_ids()
    assert len(defined) >= 60  # the glossary table rows are found at all
    missing: dict[str, list[str]] = {}
    cited = set()
    for f in _files():
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        ids = cited_ids(text)
        cited |= ids
        for i in ids - defined:
            missing.setdefault(i, []).append(str(f.relative_to(ROOT)))
    assert len(cited) >= 60  # the scan reaches the code that cites them (the glossary itself is left out)
    assert not missing, "identifiers missing from docs/glossary.md: " + "; ".join(
        f"{k} (in {', '.join(sorted(v))})" for k, v in sorted(missing.items())
    )


def test_glossary_defines_each_identifier_once_and_says_where():
    rows = re.findall(r"(?m)^\| ((?:ISSUE|REQ-[A-Z]+)-\d{2}) \|(.*)\|$", GLOSSARY.read_text())
    ids = [i for i, _ in rows]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for i, rest in rows:
        what, where = (c.strip() for c in rest.split(" | ", 1))
        assert what and where, i


def test_readme_is_a_front_page():
    readme = ROOT / "README.md"
    size = len(readme.read_bytes())
    assert size <= summary.README_MAX_BYTES, (
        f"README.md is {size} bytes; move detail to docs/ (limit {summary.README_MAX_BYTES})"
    )
    text = readme.read_text()
    for marker in (summary.HEADLINE_START, summary.HEADLINE_END, "<!-- costs:start -->", "<!-- costs:end -->"):
        assert text.count(marker) == 1, marker
    for page in (
        "docs/results.md",
        "docs/methods.md",
        "docs/ge.md",
        "docs/data.md",
        "docs/workflow.md",
        "docs/performance.md",
        "docs/glossary.md",
        "docs/configuration.md",
        "docs/codebook.md",
        "docs/index.md",
    ):
        assert f"]({page}" in text, f"the README does not link {page}"
    for heading in ("## Quick start", "## Headline results", "## Map of `src/ailabor`", "## Recipes"):
        assert heading in text


def test_no_forcerun_caveat():
    """Reruns follow the package code (every rule's ``code`` param), so no page tells users to
    force reruns after editing the package."""
    for page in PAGES:
        assert "--forcerun" not in page.read_text(), page.name


def test_results_doc_and_performance_doc_carry_their_generated_blocks():
    results = (ROOT / summary.RESULTS_DOC).read_text()
    for marker in (summary.START, summary.END, summary.GE_START, summary.GE_END):
        assert results.count(marker) == 1, marker
    assert results.index(summary.END) < results.index(summary.GE_START)
    perf = (ROOT / "docs" / "performance.md").read_text()
    assert perf.count("<!-- perf:start -->") == 1 and perf.count("<!-- perf:end -->") == 1


def _anchor(heading: str) -> str:
    """GitHub's anchor of a markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"(?ms)^```.*?^```", "", page.read_text())
    return {_anchor(h) for h in re.findall(r"(?m)^#{1,6} (.+)$", text)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    text = re.sub(r"(?ms)^```.*?^```", "", page.read_text())
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    bad = []
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.exists():
            bad.append(f"{link} (no such file)")
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            bad.append(f"{link} (no such heading)")
    assert not bad, bad


def test_anchor_slugs():
    assert _anchor("Cluster runs (SLURM)") == "cluster-runs-slurm"
    assert _anchor("Map of `src/ailabor`") == "map-of-srcailabor"
    assert _anchor("GE scenarios driven by measured exposure") == "ge-scenarios-driven-by-measured-exposure"


def test_profiles_do_not_print_shell_commands_of_a_shell_free_workflow():
    """Every rule runs a script; with printshellcmds Snakemake 9 prints 'Shell command: None' for
    each job (132 lines in a demo). A rule with `shell:` would make the option useful again."""
    rules = "\n".join(p.read_text() for p in (ROOT / "workflow" / "rules").glob("*.smk"))
    rules += (ROOT / "Snakefile").read_text()
    if re.search(r"^\s+shell:", rules, re.M):
        pytest.skip("the workflow has shell rules")
    for profile in (ROOT / "profiles").glob("*/config.yaml"):
        assert not re.search(r"^printshellcmds:\s*true", profile.read_text(), re.M), profile
