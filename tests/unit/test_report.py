"""The generated blocks of the README and docs/results.md: marker replacement, the headline
table, the full results block, and the update and staleness check of ``make readme-results``."""

import pytest

from ailabor.config import deep_merge, load_yaml, results_root
from ailabor.errors import InputError
from ailabor.report.__main__ import main, results_dir
from ailabor.report.summary import (
    END,
    GE_END,
    GE_START,
    HEADLINE_END,
    HEADLINE_START,
    RESULTS_DOC,
    START,
    headline_block,
    headline_rows,
    replace_block,
    results_block,
    stale_blocks,
    update_blocks,
)
from tests.conftest import ROOT

HEAD = (
    "| seed headline | metric | unit | legacy | legacy SE | legacy N | corrected | corrected SE | corrected N "
    "| N counts |\n"
    "|---|---|---|---|---|---|---|---|---|---|\n"
)


def _summary(path, dataset, rows, ge=True):
    text = (
        f"## Results: dataset `{dataset}`, vintage `v-{dataset}`\n\nData vintages: x.\n\n"
        "### Headline numbers, legacy and corrected\n\n"
        f"From `headline_comparison.csv`.\n\n{HEAD}"
        + "".join(rows)
        + "\n<details><summary>What changed</summary>\n\n- **a**: why\n\n</details>\n\n"
        "### Econometrics: regression tables\n\nIntro.\n\n<!-- summary-only:start -->\n\n"
        "#### Event study\n\n| b |\n\n<!-- summary-only:end -->\n"
    )
    if ge:
        text += (
            "\n<!-- summary-only:start -->\n\n### GE response curves against the displacement share D\n\n- fact\n\n"
            "### GE uncertainty from the data to the paths\n\n| q |\n\n<!-- summary-only:end -->\n"
        )
    path.write_text(text)
    return path


@pytest.fixture
def summaries(tmp_path):
    seed = _summary(
        tmp_path / "seed.md",
        "seed-reference",
        [
            "| -0.014 (DiD, binary) | beta | log points | -0.01445 | 0.005 | 946 | 0.0036 | 0.005 | 946 "
            "| occ-years |\n",
            "| $2.8T (wage bill at risk) | wage bill | USD | $2.81T | – | 543 | $1.70T | – | 753 | occupations |\n",
        ],
        ge=False,
    )
    mirror = _summary(
        tmp_path / "mirror.md",
        "shared-mirror",
        [
            "| -0.014 (DiD, binary) | beta | log points | – | – | – | -0.07 | 0.07 | 7,287 | occ-years |\n",
            "| $2.8T (wage bill at risk) | wage bill | USD | – | – | – | $1.82T | – | 762 | occupations |\n",
        ],
    )
    return [seed, mirror]


def test_replace_block(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(f"intro\n{START}\nold numbers\n{END}\nrest\n")
    assert replace_block(doc, START, END, f"{START}\nnew\n{END}")
    assert doc.read_text() == f"intro\n{START}\nnew\n{END}\nrest\n"
    assert not replace_block(doc, START, END, f"{START}\nnew\n{END}")  # already up to date
    with pytest.raises(InputError, match="markers"):
        replace_block(doc, HEADLINE_START, HEADLINE_END, "x")


def test_headline_block_one_row_per_headline_and_no_empty_columns(summaries):
    dataset, vintage, rows = headline_rows(summaries[0])
    assert (dataset, vintage) == ("seed-reference", "v-seed-reference") and [r["legacy"] for r in rows] == [
        "-0.01445",
        "$2.81T",
    ]
    block = headline_block(summaries)
    assert block.startswith(HEADLINE_START) and block.endswith(HEADLINE_END)
    table = [ln for ln in block.splitlines() if ln.startswith("|")]
    assert (
        table[0] == "| seed headline | unit | legacy (`seed-reference`) | corrected (`seed-reference`) "
        "| corrected (`shared-mirror`) |"
    )
    assert table[2] == "| -0.014 (DiD, binary) | log points | -0.01445 | 0.0036 | -0.07 |"
    assert table[3] == "| $2.8T (wage bill at risk) | USD | $2.81T | $1.70T | $1.82T |"
    assert "legacy (`shared-mirror`)" not in block  # every value missing: column left out
    assert "vintage `v-shared-mirror`" in block and f"]({RESULTS_DOC})" in block


def test_headline_block_needs_the_headline_table(tmp_path):
    f = tmp_path / "s.md"
    f.write_text("## Results: dataset `d`, vintage `v`\n\n### Calibration uncertainty\n\n| a |\n")
    with pytest.raises(InputError, match="Headline numbers"):
        headline_block([f])
    f.write_text("no heading\n")
    with pytest.raises(InputError, match="first heading"):
        headline_block([f])


def test_results_block_keeps_the_summaries_without_summary_only_regions(summaries):
    block = results_block(summaries)
    assert block.startswith(START) and block.endswith(END)
    assert block.index("## Results: dataset `seed-reference`") < block.index("## Results: dataset `shared-mirror`")
    assert (
        "#### Event study" not in block
        and "GE uncertainty" not in block
        and "More tables: `results_summary.md`" in block
    )
    assert "### Headline numbers" in block  # headings kept at their level (docs/results.md: under '# Results')


def _tree(root):
    (root / "docs").mkdir(parents=True)
    (root / "README.md").write_text(f"# x\n\n{HEADLINE_START}\n{HEADLINE_END}\n\nmore\n")
    (root / RESULTS_DOC).write_text(f"# Results\n\n{START}\n{END}\n\n## GE\n\n{GE_START}\n{GE_END}\n")
    return root


def test_update_and_check_every_block(tmp_path, summaries):
    root = _tree(tmp_path / "repo")
    assert len(stale_blocks(root, summaries)) == 3
    done = update_blocks(root, summaries)
    assert done == [
        "README.md headlines block updated",
        f"{RESULTS_DOC} results block updated",
        f"{RESULTS_DOC} ge-exposure block updated",
    ]
    assert stale_blocks(root, summaries) == []
    assert all(line.endswith("already up to date") for line in update_blocks(root, summaries))
    results = (root / RESULTS_DOC).read_text()
    ge = results[results.index(GE_START) :]
    assert "### GE response curves" in ge and "dataset `shared-mirror`" in ge and "Headline" not in ge
    readme = (root / "README.md").read_text()
    assert readme.startswith("# x\n\n") and readme.endswith("\n\nmore\n") and "| -0.014 (DiD, binary) |" in readme
    # a changed number makes the README block stale
    summaries[1].write_text(summaries[1].read_text().replace("-0.07 |", "-0.08 |"))
    assert stale_blocks(root, summaries) == ["README.md headlines block", f"{RESULTS_DOC} results block"]
    assert update_blocks(root, summaries, only_ge=True) == [f"{RESULTS_DOC} ge-exposure block already up to date"]


def test_cli_needs_existing_summaries(tmp_path, capsys):
    assert main(["check-readme", str(tmp_path / "missing.md")]) == 1
    assert "not found" in capsys.readouterr().err
    assert main(["readme"]) == 2


def test_results_dir_is_where_snakemake_writes(tmp_path):
    """python -m ailabor.report results-dir applies overlays, then --config, like Snakemake, and
    names the tree with ailabor.config.results_root (as the Snakefile does)."""
    demo = str(ROOT / "config" / "demo.yaml")
    expected = results_root(deep_merge(load_yaml(ROOT / "config" / "config.yaml"), load_yaml(demo)))
    assert results_dir([demo]) == expected == results_dir(["--configfile", demo])
    assert expected.startswith("results/demo/")
    # --config wins over every overlay file, wherever it stands
    assert results_dir(["--config", "dataset=mine", "--configfile", demo]).startswith("results/mine/")
    assert results_dir(["--configfile", demo, "--config", "dataset=mine", "vintage=v2"]) == "results/mine/v2"
