"""The codebook of the output tables: well formed, unique and non-overlapping patterns, real
rules, every staged schema reachable, metadata written by write_parquet, the checker and the
generated docs page."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from ailabor import codebook
from ailabor.codebook import report
from ailabor.intake.readers.schema import schema_names
from ailabor.provenance import write_parquet

ROOT = Path(__file__).resolve().parents[2]
BOOK = codebook.load()


def test_every_entry_is_complete():
    assert len(BOOK.tables) > 80
    for t in BOOK.tables:
        assert t.description and t.rules and t.paths
        for c in [*t.columns.values(), *t.patterns]:
            assert c.type in codebook.TYPES, (t.paths[0], c)
            assert c.unit.strip() and c.meaning.strip(), (t.paths[0], c)
            assert not c.meaning.startswith("{"), (t.paths[0], c)  # a YAML quoting slip


def test_patterns_are_unique_and_do_not_overlap():
    paths = [p for t in BOOK.tables for p in t.paths]
    assert len(paths) == len(set(paths))
    for a, b in itertools.combinations(paths, 2):
        assert not codebook.patterns_overlap(a, b), (a, b)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ("exposure/measures/{measure}.parquet", "exposure/measures/felten_aioe.parquet", True),
        ("panel/balanced_{a}_{b}.parquet", "panel/balanced_{a}_{b}_excluded.csv", False),
        ("ge/response/{m}.parquet", "ge/response/{m}_regions.csv", False),
        ("ge/response/{m}_regions.csv", "ge/response/regions.csv", False),
        ("a/{x}/c.csv", "a/b/{y}.csv", True),
        ("a/{x}.csv", "a/b/c.csv", False),  # a wildcard never spans a '/'
    ],
)
def test_overlap(a, b, overlap):
    assert codebook.patterns_overlap(a, b) is overlap
    assert codebook.patterns_overlap(b, a) is overlap


def test_every_rule_exists():
    rules = codebook.rule_names(sorted((ROOT / "workflow" / "rules").glob("*.smk")))
    assert "estimation_corrected" in rules
    for t in BOOK.tables:
        for r in t.rules:
            assert r in rules, f"{t.paths[0]}: rule {r!r} is not in workflow/rules/*.smk"


def test_every_staged_schema_is_reachable():
    staged = [t for t in BOOK.tables if t.paths[0].startswith("staged/")]
    used = set()
    for f in ("staged",):
        import yaml

        spec = yaml.safe_load((ROOT / "src" / "ailabor" / "codebook" / f"{f}.yaml").read_text())
        used |= {t["schema"] for t in spec["tables"]}
    assert used == set(schema_names())
    assert all(t.columns for t in staged)


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        (
            "results/demo/v/estimation/corrected/binary_im/event_study.parquet",
            "estimation/corrected/{measure}/event_study.parquet",
        ),
        (
            "/x/estimation/corrected/felten_aioe/inference/bootstrap_3.parquet",
            "estimation/corrected/{measure}/inference/bootstrap_{chunk}.parquet",
        ),
        ("r/ge/uncertainty/summary.csv", "ge/uncertainty/summary.csv"),
        ("r/exposure/summary.csv", "exposure/summary.csv"),
        ("r/panel/balanced_2019_2025_excluded.csv", "panel/balanced_{first}_{last}_excluded.csv"),
        ("r/staged/oews/oews_2019.parquet", "staged/oews/oews_{year}.parquet"),
    ],
)
def test_find_by_path_tail(path, pattern):
    entry, _ = BOOK.find(path)
    assert entry is not None and entry.paths[0] == pattern


def test_unknown_path_and_column_patterns():
    assert BOOK.find("somewhere/else.parquet")[0] is None
    table, _ = BOOK.find("r/ge/bbz/S1/nl/table.csv")
    assert table.column("ev_workers_pct_rho_0.06").unit.startswith("percent")
    assert table.column("no_such_column") is None


def test_write_parquet_writes_field_metadata(tmp_path, caplog):
    path = tmp_path / "results" / "panel" / "units.parquet"
    df = pd.DataFrame({"unit_code": ["15-1252"], "n_atoms": [1], "surprise": [0.5]})
    write_parquet(df, path)
    schema = pq.read_schema(path)
    meta = schema.field("n_atoms").metadata
    assert meta[b"type"] == b"int" and meta[b"unit"] == b"count of occupations"
    assert b"SOC 2018" in meta[b"description"]
    assert schema.metadata[b"ailabor.rule"] == b"panel_harmonise"
    assert b"harmonised occupation unit" in schema.metadata[b"ailabor.table"]
    assert not schema.field("surprise").metadata
    assert "surprise" in caplog.text and "units.parquet" in caplog.text
    assert pd.read_parquet(path).equals(df)  # values untouched


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "results" / "demo" / "v1"
    (root / "panel").mkdir(parents=True)
    pd.DataFrame({"unit_code": ["a"], "unit_title": ["A"], "reason": ["x"]}).to_csv(
        root / "panel" / "balanced_2021_2024_excluded.csv", index=False
    )
    pd.DataFrame(
        {
            "year": [2020],
            "code_system": ["soc2018"],
            "occ_code": ["11-1011"],
            "occ_title": ["t"],
            "resolution": ["direct"],
            "atoms": ["11-1011"],
            "unit_code": ["11-1011"],
            "unit_atoms": ["11-1011"],
            "rule": ["same"],
        }
    ).to_parquet(root / "panel" / "codes.parquet")
    return root


def test_checker_passes_a_documented_tree(tmp_path):
    root = _tree(tmp_path)
    problems, n = report.check([root.parent])
    assert n == 2 and problems == []


def test_checker_reports_undocumented_column_wrong_type_and_unknown_table(tmp_path):
    root = _tree(tmp_path)
    pd.DataFrame({"unit_code": ["a"], "unit_title": ["A"], "reason": ["x"], "mystery": [1]}).to_csv(
        root / "panel" / "balanced_2021_2024_excluded.csv", index=False
    )
    pd.DataFrame({"year": ["2020"]}).to_parquet(root / "panel" / "units.parquet")
    pd.DataFrame({"a": [1]}).to_csv(root / "panel" / "new_table.csv", index=False)
    problems, _ = report.check([root])
    text = "\n".join(map(str, problems))
    assert "balanced_2021_2024_excluded.csv: column 'mystery': no entry" in text
    assert "units.parquet: column 'year': documented as int" not in text  # not a column of units
    assert "units.parquet: column 'year': no entry" in text
    assert "new_table.csv: no codebook entry" in text
    pd.DataFrame({"unit_code": ["a"], "unit_title": ["A"], "n_atoms": ["one"]}).to_parquet(
        root / "panel" / "units.parquet"
    )
    problems, _ = report.check([root])
    assert any(p.column == "n_atoms" and "documented as int" in p.what for p in problems)


def test_cli_exit_codes(tmp_path, capsys):
    from ailabor.codebook.__main__ import main

    root = _tree(tmp_path)
    assert main(["check", str(root)]) == 0
    pd.DataFrame({"a": [1]}).to_csv(root / "panel" / "new_table.csv", index=False)
    assert main(["check", str(root)]) == 1
    assert "new_table.csv" in capsys.readouterr().out


def test_docs_page_is_current():
    page = ROOT / "docs" / "codebook.md"
    assert page.read_text(encoding="utf-8") == report.markdown(), (
        "docs/codebook.md is stale: run `python -m ailabor.codebook markdown docs/codebook.md`"
    )
