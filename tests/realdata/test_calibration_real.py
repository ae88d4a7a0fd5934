"""The seed's macro blocks reproduced from its own exposure table (spec §8.1), checked
against the seed's published output files; corrected-mode invariants (spec §8.2).
Skipped without ../shared/data."""

import json

import numpy as np
import pandas as pd
import pytest

from tests.conftest import SHARED, base_config, requires_shared

pytestmark = [requires_shared, pytest.mark.realdata, pytest.mark.slow]

SEED_OUTPUTS = {
    "acemoglu_restrepo_model_results.csv": "acemoglu_restrepo_model_results.csv",
    "kaleckian_model_results.csv": "kaleckian_model_results.csv",
    "bhaduri_marglin_model_results.csv": "bhaduri_marglin_model_results.csv",
    "bhaduri_marglin_parameters.csv": "bhaduri_marglin_parameters.csv",
}


@pytest.mark.parametrize("ours,theirs", SEED_OUTPUTS.items())
def test_legacy_blocks_equal_the_seed_output_files(seed_reference_run, ours, theirs):
    mine = pd.read_csv(seed_reference_run / "calibration" / "legacy" / ours)
    seed = pd.read_csv(SHARED / "reference" / "legacy" / theirs)
    assert list(mine.columns) == list(seed.columns)
    assert mine.iloc[:, 0].tolist() == seed.iloc[:, 0].tolist()  # the seed's labels
    assert mine.iloc[:, 2].astype(str).tolist() == seed.iloc[:, 2].astype(str).tolist()  # formatted values
    a, b = pd.to_numeric(mine["Value"], errors="coerce"), pd.to_numeric(seed["Value"], errors="coerce")
    assert (a.isna() == b.isna()).all()
    np.testing.assert_allclose(a.dropna(), b.dropna(), rtol=1e-9)


def test_headline_comparison_lists_every_seed_headline(seed_reference_run):
    h = pd.read_csv(seed_reference_run / "headline_comparison.csv")
    wanted = [
        "-8.01%",
        "-0.014",
        "-0.051",
        "-0.019",
        "+32.05%",
        "-44.21%",
        "+1.50",
        "+1.11",
        "24.04%",
        "22.27%",
        "$2.8T",
    ]
    for w in wanted:
        rows = h[h["headline"].str.startswith(w)]
        assert len(rows) == 1, (w, h["headline"].tolist())
        assert "ISSUE-" in rows["reason"].iloc[0]
        assert np.isfinite(rows["legacy_value"].iloc[0])
    cal = h.set_index("headline")
    assert (
        cal.loc["+32.05% (Kaleckian AD effect)", "corrected_value"]
        < 0
        < cal.loc["+32.05% (Kaleckian AD effect)", "legacy_value"]
    )


def test_corrected_shock_respects_the_oews_totals_and_signs(seed_reference_run):
    totals = json.loads((seed_reference_run / "crosswalk" / "oews_totals.json").read_text())
    corrected = [p for p in (seed_reference_run / "calibration" / "shocks").glob("*.parquet") if p.stem != "legacy"]
    assert corrected, "no corrected shock tables"
    for path in corrected:
        s = pd.read_parquet(path)
        assert (s["wage_bill"] <= totals["wage_bill"]).all() and (s["employment"] <= totals["employment"]).all()
        assert (s["d_omega"] == -s["omega0"] * s["theta"] * s["td"]).all()
    legacy = pd.read_parquet(seed_reference_run / "calibration" / "shocks" / "legacy.parquet").iloc[0]
    assert legacy["wage_bill"] > totals["wage_bill"]  # the seed's base double counts (ISSUE-04)
    c = pd.read_parquet(seed_reference_run / "calibration" / "consistency.parquet")
    kal = c[c["model"] == "Kaleckian"]
    assert (kal.loc[kal["mode"] == "corrected", "value"] < 0).all()
    assert (kal.loc[kal["mode"] == "legacy", "value"] > 0).all()
    bm = pd.read_parquet(seed_reference_run / "calibration" / "corrected" / "fractional_uniform" / "results.parquet")
    bm = bm[bm["model"] == "bhaduri_marglin"].pivot_table(index="scenario", columns="metric", values="value")
    assert (bm["stability_margin0"] > 0).all() and (bm["stability_margin1"] > 0).all()
    np.testing.assert_allclose(bm["d_u_pp"], 100 * (bm["u1"] - bm["u0"]))


def test_sensitivity_is_fanned_out_and_documented(seed_reference_run):
    mc = base_config("seed-reference.yaml")["calibration"]["sensitivity"]["monte_carlo"]
    params = pd.read_csv(seed_reference_run / "calibration" / "parameters.csv")
    assert params["source"].notna().all()
    for model in ("acemoglu_restrepo", "kaleckian", "bhaduri_marglin"):
        base = seed_reference_run / "calibration" / "sensitivity" / model
        chunks = sorted((base / "mc").glob("chunk_*.parquet"))
        assert len(chunks) == mc["chunks"]
        draws = pd.read_parquet(base / "monte_carlo.parquet")
        assert len(draws) == mc["draws"] and draws["draw"].is_unique
        assert (seed_reference_run / "figures" / f"calibration_tornado_{model}.png").stat().st_size > 10_000
