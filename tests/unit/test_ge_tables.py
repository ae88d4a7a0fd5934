"""Package functions behind the GE scripts: the A-R stage's tables in one call, the BBZ
experiment gathering and log lines, one scenario out of a shock table with its summary, the
scenarios table, the response regions table and the uncertainty draws gathered from chunks."""

import math

import numpy as np
import pandas as pd
import pytest

from ailabor.ge import response, uncertainty
from ailabor.ge import scenarios as S
from ailabor.ge.ar import P0, bgp_endo, dynamics_exo, longrun, outputs, static
from ailabor.ge.bbz import experiments as E

AR_CFG = dict(
    params={}, n0=None, cost_saving=0.27, ai_productivity=1.0, horizon=350, horizon_report=60, step_report=0.5
)
BBZ_LIN = dict(model=2, split="wage_bill", method="lin", params={}, horizon=400, dt=0.1)


# --- A-R -------------------------------------------------------------------------------------


def test_bgp_tables_are_drawn_at_the_stable_interior_point():
    t = outputs.bgp_tables(P0, [1.0, 1.5, 2.0], 0.016)
    pd.testing.assert_frame_equal(t.bgp, outputs.bgp_table(P0, [1.0, 1.5, 2.0], 0.016))
    assert (t.q, t.n_D) == outputs.stable_interior(t.bgp)
    n = np.linspace(*outputs.THRESHOLD_GRID)
    pd.testing.assert_frame_equal(t.thresholds, longrun.wage_threshold_table(P0, 0.016, n))
    start = t.thresholds.attrs["n_bar"] or outputs.THRESHOLD_GRID[0]
    pd.testing.assert_frame_equal(
        t.curves, bgp_endo.value_curve_table(P0, t.q, 0.0, np.linspace(start, 1.0, outputs.VALUE_POINTS))
    )
    assert t.paths["start"].nunique() == 2 and "below n_D" in t.paths["start"].iloc[0]
    # the technology dynamics run at kappa_I = q kappa_N: from both sides towards n_D
    last = t.paths.groupby("start", sort=False)["n"].last()
    assert (abs(last - t.n_D) < abs(t.paths.groupby("start", sort=False)["n"].first() - t.n_D)).all()


def test_transition_table_reports_on_the_configured_grid():
    path, summary = outputs.transition_table(P0, 0.80, 0.05, 0.016, horizon=250.0, horizon_report=60.0, step_report=2.0)
    ref_path, ref_summary = dynamics_exo.transition(
        P0, 0.80, 0.05, 0.016, T=250.0, t_report=np.arange(0.0, 60.0 + 1e-9, 2.0)
    )
    pd.testing.assert_frame_equal(path, ref_path)
    assert summary == ref_summary and path["t"].iloc[-1] == 60.0 and len(path) == 31


def test_figure_allocation_is_case_c():
    kw, I, N, K = outputs.CASES[outputs.FIGURE_CASE]
    pd.testing.assert_frame_equal(outputs.figure_allocation(P0), static.allocation_table(P0.with_(**kw), I, N, K))
    assert "case c" in outputs.FIGURE_CASE


# --- BBZ -------------------------------------------------------------------------------------


def test_experiment_paths_and_note_report_failed_runs():
    a = pd.DataFrame({"run": ["r1", "r1"], "t": [0.0, 1.0]})
    assert E.experiment_paths([pd.DataFrame(), a, pd.DataFrame()]).equals(a)
    assert E.experiment_paths([pd.DataFrame(), pd.DataFrame()]).empty
    summaries = [dict(run="r1", status="ok"), dict(run="r2", status="failed"), dict(run="r3", status="not converged")]
    assert E.experiment_note("S1", "nl", summaries) == "BBZ S1, method nl; not ok: r2, r3 (dotted: not converged)"
    assert E.experiment_note("S1", "lin", summaries[:1]) == "BBZ S1, method lin"


def test_run_line_states_the_long_run_or_the_failure():
    ok = dict(status="ok", long_run=dict(w_pct=1.23456, gdp_pct=-0.5), wage_trough_pct=-2.0, wage_trough_year=3.25)
    assert E.run_line(ok) == "long run w +1.235%, GDP -0.500%; trough -2.000% at 3.25"
    assert E.run_line(dict(status="failed", message="no steady state")) == "no steady state"


# --- scenarios -------------------------------------------------------------------------------


def shock_table() -> pd.DataFrame:
    return pd.DataFrame(
        dict(
            measure=["m", "m"],
            scenario=["upper_bound", "low"],
            label=["m / upper_bound", "m / low"],
            td=[0.15, 0.05],
            exposure_wage=[0.15, 0.2],
        )
    )


def test_scenario_from_shock_picks_the_named_row():
    sc = S.scenario_from_shock(shock_table(), "low", "shocks/m.parquet")
    assert (sc.scenario, sc.D, sc.exposure_wage) == ("low", 0.05, 0.2)
    with pytest.raises(S.ModelError, match=r"shocks/m.parquet: no row with scenario == 'mid'"):
        S.scenario_from_shock(shock_table(), "mid", "shocks/m.parquet")


def test_scenario_summary_lines_and_table():
    sc = S.scenario_from_shock(shock_table(), "upper_bound")
    ar_path, ar = S.run_ar(sc, AR_CFG)
    bbz_path, bbz = S.run_bbz(sc, BBZ_LIN)
    row = S.summary_row(sc, ar, bbz)
    summary = S.scenario_summary(sc, ar, bbz, row)
    assert list(summary) == ["measure", "scenario", "label", "D", "exposure_wage", "legacy_units", "ar", "bbz", "row"]
    assert summary["row"] is row and summary["D"] == 0.15 and summary["ar"] is ar
    assert S.describe_scenario(sc) == "m / upper_bound: displacement share D = 0.1500 (wage-weighted exposure 0.1500)"
    assert S.describe_ar(ar).startswith(
        f"A-R: n0 {ar['mapping']['n0']:.4f}"
    ) and f"wage impact {ar['impact_dlnW']:+.4f}" in S.describe_ar(ar)
    assert f"long run {bbz['long_run']['w_pct']:+.3f}%" in S.describe_bbz(bbz)
    failed = dict(bbz, status="failed", message="no equilibrium")
    assert S.describe_bbz(failed).endswith("status failed; no equilibrium")
    table = S.scenarios_table([summary, dict(summary, row=dict(row, scenario="other"))])
    assert table["scenario"].tolist() == ["upper_bound", "other"] and list(table.columns) == list(row)


def test_regions_table_has_its_columns_even_without_regions():
    none = response.regions_table("bbz", 0.6, bbz_cfg=BBZ_LIN)
    assert none.empty and list(none.columns) == response.REGION_COLUMNS
    m1 = response.regions_table("bbz", 0.9, bbz_cfg=dict(BBZ_LIN, model=1))
    assert m1["kind"].tolist() == ["no equilibrium"] and 0 < m1["D_from"].iloc[0] < 0.9


# --- uncertainty -----------------------------------------------------------------------------


def synthetic_measures(n=40, seed=5):
    rng = np.random.default_rng(seed)
    emp, wage = rng.uniform(1e3, 1e5, n), rng.uniform(3e4, 1.2e5, n)
    out = {}
    for name, scale, lift in (
        ("fractional_im", "share", 0.0),
        ("binary_im", "share", 0.03),
        ("felten_aioe", "percentile rank", 0.3),
    ):
        e = np.clip(rng.beta(2, 6, n) + lift, 0, 1)
        out[name] = pd.DataFrame(
            dict(
                oews_code=[f"11-{i:04d}" for i in range(n)],
                exposure=e,
                employment=emp,
                wage_bill=emp * wage,
                scale=scale,
            )
        )
    return out


def test_spec_for_cuts_the_ranges_and_picks_share_measures():
    spec, cut = uncertainty.spec_for(
        {"seed": 3}, {"sigma": (0.5, 2.0), "cost_saving": (0.1, 0.5)}, AR_CFG, synthetic_measures()
    )
    assert (
        spec.seed == 3
        and spec.measures == ("binary_im", "fractional_im")
        and spec.ranges["cost_saving"] == (0.1, 0.48)
        and "0.48" in cut
    )
    spec2, cut2 = uncertainty.spec_for(
        {"seed": 3}, {"sigma": (0.5, 2.0)}, AR_CFG, synthetic_measures(), listed=["felten_aioe"]
    )
    assert spec2.measures == ("felten_aioe",) and cut2 == ""


def test_gather_draws_orders_and_checks_the_chunks():
    a = pd.DataFrame({"draw": [2, 2, 3, 3], "scenario": ["b", "a", "b", "a"]})
    b = pd.DataFrame({"draw": [0, 0, 1, 1], "scenario": ["b", "a", "b", "a"]})
    out = uncertainty.gather_draws([a, b], 4)
    assert out["draw"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3] and out["scenario"].tolist()[:2] == ["a", "b"]
    with pytest.raises(uncertainty.ModelError, match=r"expected 0..4"):
        uncertainty.gather_draws([a, b], 5)


def test_combine_is_the_uncertainty_stage_step_by_step():
    measures = synthetic_measures()
    u = {"seed": 7, "draws": 4}
    ranges = {"sigma": (0.5, 2.0), "cost_saving": (0.1, 0.4)}
    solver = {"ar": AR_CFG, "bbz": BBZ_LIN}
    spec, _ = uncertainty.spec_for(u, ranges, AR_CFG, measures)
    scen = [dict(scenario="upper_bound", label="upper bound", phi_feasible=1.0, phi_adopted=1.0)]
    chunks = [
        uncertainty.run_chunk(spec, measures, scen, AR_CFG, BBZ_LIN, draws=4, chunks=2, chunk=c) for c in (1, 0)
    ]  # chunks in any order
    c = uncertainty.combine(
        [d for d, _ in chunks],
        [p for _, p in chunks],
        measures,
        "fractional_im",
        measures["fractional_im"],
        scen,
        uncertainty=u,
        ranges=ranges,
        solver=solver,
    )
    assert c.draws["draw"].tolist() == [0, 1, 2, 3] and c.spec == spec
    paths = pd.concat([p for _, p in chunks], ignore_index=True)
    draws = c.draws
    cen_rows, cen = uncertainty.central(
        measures, "fractional_im", scen, AR_CFG, BBZ_LIN, spec.t_grid, inputs=uncertainty.central_inputs(draws, spec)
    )
    pd.testing.assert_frame_equal(c.central_rows, cen_rows)
    pd.testing.assert_frame_equal(c.bands, uncertainty.bands(paths))
    pd.testing.assert_frame_equal(c.containment, uncertainty.containment(uncertainty.bands(paths), cen, paths=paths))
    pd.testing.assert_frame_equal(c.summary, uncertainty.with_central(uncertainty.summary_table(draws), cen_rows))
    assert "D" in c.central.columns and len(c.central) == len(c.central_paths)
    assert c.central["D"].iloc[0] == pytest.approx(draws["D"].median()) and not math.isnan(c.central["D"].iloc[0])
