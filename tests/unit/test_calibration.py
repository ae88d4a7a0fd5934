"""Macro calibrations: closed forms against the solver, spec reference values, the shared
shock, legacy behaviour, sensitivity chunking."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ailabor.calibration import CalibrationError, StabilityError, legacy, results, sensitivity
from ailabor.calibration import acemoglu_restrepo as ar
from ailabor.calibration import bhaduri_marglin as bm
from ailabor.calibration import kaleckian as kal
from ailabor.calibration.models import MODELS, ModelConfig, evaluate
from ailabor.calibration.shock import Shock, aei_automation_share, legacy_shock, shock_from_measure
from ailabor.errors import InputError

MODEL_CFG = {
    "acemoglu_restrepo": {"sigma": 1.5, "sigma_grid": [0.5, 1.0, 2.0], "cost_saving": 0.27},
    "kaleckian": {"c_w": 0.8, "c_pi": 0.4},
    "bhaduri_marglin": {
        "s_pi": None,
        "s_w": None,
        "v": None,
        "accumulation_rate": 0.10,
        "g_u": 0.10,
        "g_pi": 0.05,
        "u0": 0.8,
    },
}


# --- Acemoglu-Restrepo --------------------------------------------------------------------

# spec-acemoglu-restrepo.md §6.4: (sigma, m_K0) -> SR dlnW, SR dsL, LR dlnW, LR dsL (s_L0 0.6, D 0.1)
REFERENCE_64 = [
    (0.5, 0.5, -0.1498, -0.0990, 0.0727, -0.0400),
    (0.8, 0.5, -0.0132, -0.0614, 0.1818, -0.0400),
    (1.5, 0.3, -0.0320, -0.0513, 0.1274, -0.0933),
    (2.0, 0.3, -0.0393, -0.0383, 0.0637, -0.0933),
]


@pytest.mark.parametrize("sigma,m,sr_w,sr_sl,lr_w,lr_sl", REFERENCE_64)
def test_ar_solver_matches_the_spec_reference_table(sigma, m, sr_w, sr_sl, lr_w, lr_sl):
    b = ar.baseline(sigma, 0.6, m_K0=m)
    assert b.W / b.Y == pytest.approx(0.6, abs=1e-12)  # the baseline reproduces the labour share
    sr, lr = ar.short_run(b, 0.1), ar.long_run(b, 0.1)
    assert sr["adopted_share"] == 1.0
    assert sr["d_ln_w"] == pytest.approx(sr_w, abs=6e-5)
    assert sr["d_labour_share"] == pytest.approx(sr_sl, abs=6e-5)
    assert lr["d_ln_w"] == pytest.approx(lr_w, abs=6e-5)
    assert lr["d_labour_share"] == pytest.approx(lr_sl, abs=6e-5)


def test_ar_level_solver_equals_the_share_closed_forms():
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(40):
        sigma = float(rng.choice([rng.uniform(0.3, 0.95), rng.uniform(1.05, 3.0)]))
        s_L, kappa, D = rng.uniform(0.4, 0.7), rng.uniform(0.1, 0.6), rng.uniform(0.005, 0.05)
        b = ar.baseline(sigma, s_L, cost_saving=kappa)
        sr, lr = ar.short_run(b, D), ar.long_run(b, D)
        if sr["adopted_share"] < 1:
            continue
        cf = ar.closed_form(sigma, s_L, b.m_K0, D)
        assert sr["d_ln_w"] == pytest.approx(cf["sr_d_ln_w"], rel=1e-9, abs=1e-12)
        assert sr["d_labour_share"] == pytest.approx(cf["sr_d_labour_share"], rel=1e-9, abs=1e-12)
        assert lr["d_ln_w"] == pytest.approx(cf["lr_d_ln_w"], rel=1e-8, abs=1e-11)
        assert lr["d_labour_share"] == pytest.approx(cf["lr_d_labour_share"], rel=1e-9, abs=1e-12)
        assert sr["d_ln_w"] == pytest.approx(sr["displacement"] + sr["productivity"], abs=1e-13)
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("sigma", [0.5, 1.0, 1.5, 2.5])
def test_ar_linear_form_is_the_limit_of_the_exact_one(sigma):
    small = ar.wage_effects(1e-4, sigma=sigma, labour_share=0.55, cost_saving=0.27)
    assert small["sr_d_ln_w"] / small["linear_d_ln_w"] == pytest.approx(1.0, rel=2e-3)
    big = ar.wage_effects(0.2, sigma=sigma, labour_share=0.55, cost_saving=0.27)
    # a 20% displacement is not small: the exact and linear answers differ
    assert abs(big["sr_d_ln_w"] - big["linear_d_ln_w"]) > 1e-3


def test_ar_is_continuous_at_sigma_one_and_displacement_lowers_wages():
    at_one = ar.wage_effects(0.1, sigma=1.0, labour_share=0.55, cost_saving=0.27)
    for eps in (1e-4, -1e-4):
        near = ar.wage_effects(0.1, sigma=1.0 + eps, labour_share=0.55, cost_saving=0.27)
        assert near["sr_d_ln_w"] == pytest.approx(at_one["sr_d_ln_w"], abs=1e-4)
        assert near["lr_d_ln_w"] == pytest.approx(at_one["lr_d_ln_w"], abs=1e-4)
    for sigma in (0.5, 0.75, 1.0, 1.5, 2.0):
        r = ar.wage_effects(0.1, sigma=sigma, labour_share=0.55, cost_saving=0.27)
        assert r["sr_d_ln_w"] < 0 < r["lr_d_ln_w"]  # falls with capital fixed, cannot fall in the long run
        assert r["sr_displacement"] < 0 < r["sr_productivity"]
    # the seed's heuristic has the wrong sign below sigma = 1 and is zero at 1
    assert ar.legacy_heuristic(0.1, 0.5) > 0 and ar.legacy_heuristic(0.1, 1.0) == 0


def test_ar_partial_adoption_stops_where_automation_stops_paying():
    b = ar.baseline(1.0, 0.55, cost_saving=0.27)
    sr = ar.short_run(b, 0.4)
    assert 0 < sr["adopted_share"] < 1
    m1 = b.m_K0 + sr["adopted_share"] * 0.4 * (1 - b.m_K0)
    _, W, r = ar.prices(m1, b.K, 1.0, 1.0)
    assert W == pytest.approx(r, rel=1e-9)  # the marginal task is as cheap with capital as with labour


def test_ar_rejects_a_baseline_where_labour_is_cheaper():
    with pytest.raises(CalibrationError, match="not cost-saving"):
        ar.baseline(0.5, 0.6, m_K0=0.2)


# --- Kaleckian ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "d_omega,legacy_fixed,linear,exact",
    [
        (-0.2404, -0.3205, -0.2530, -0.2019),
        (-0.1322, -0.1763, -0.1392, -0.1222),
        (-0.1131, None, None, -0.1064),
    ],
)
def test_kaleckian_matches_the_spec_reference_table(d_omega, legacy_fixed, linear, exact):
    e = kal.effects(d_omega, omega0=0.55, c_w=0.8, c_pi=0.4)
    assert e["multiplier0"] == pytest.approx(2.632, abs=5e-4)
    assert e["exact"] == pytest.approx(exact, abs=6e-5)
    if linear is not None:
        assert e["linear"] == pytest.approx(linear, abs=6e-5)
        assert e["legacy_formula_sign_fixed"] == pytest.approx(legacy_fixed, abs=6e-5)


def test_kaleckian_sign_is_opposite_to_the_wage_share_change():
    rng = np.random.default_rng(7)
    for _ in range(200):
        c_pi = rng.uniform(0, 0.8)
        c_w = rng.uniform(c_pi + 0.01, 0.99)
        omega0 = rng.uniform(0.3, 0.7)
        d = -rng.uniform(0.001, omega0)
        e = kal.effects(d, omega0=omega0, c_w=c_w, c_pi=c_pi)
        assert e["exact"] < 0 and e["linear"] < 0
        # consumption accounting: C1/C0 = (cbar1/cbar0)(Y1/Y0)
        assert 1 + e["d_consumption_to_c0"] == pytest.approx(e["cbar1"] / e["cbar0"] * (1 + e["exact"]))


def test_kaleckian_rejects_a_wage_share_outside_zero_one():
    with pytest.raises(CalibrationError, match="wage share"):
        kal.effects(-0.6, omega0=0.55, c_w=0.8, c_pi=0.4)


# --- Bhaduri-Marglin ----------------------------------------------------------------------

LEGACY_BM = dict(pi0=0.45, s_pi=0.45, s_w=0.0, v=1.0, g_u=0.10, g_pi=0.05, u0=0.8)


@pytest.mark.parametrize("d_pi,u1,out", [(0.1322, 0.5470, -0.316), (0.1131, 0.5714, -0.286)])
def test_bm_matches_the_spec_reference_values(d_pi, u1, out):
    e = bm.effects(d_pi, **LEGACY_BM)
    assert e["u1"] == pytest.approx(u1, abs=6e-5)
    assert e["output_effect"] == pytest.approx(out, abs=6e-4)
    assert e["d_u_pp"] == pytest.approx(100 * (e["u1"] - 0.8))


def test_bm_recovers_the_baseline_and_the_regime_derivative():
    p = dict(pi0=0.45, s_pi=0.6, s_w=0.2, v=3.0, g_u=0.08, g_pi=0.05, u0=0.8)
    assert bm.effects(0.0, **p)["u1"] == pytest.approx(0.8, abs=1e-14)
    h = 1e-6
    e = bm.effects(0.0, **p)
    up, dn = bm.effects(h, **p)["u1"], bm.effects(-h, **p)["u1"]
    assert e["du_dpi"] == pytest.approx((up - dn) / (2 * h), rel=1e-6)
    # a strong profit effect on investment makes demand profit-led
    assert bm.effects(0.0, **{**p, "g_pi": 0.2})["regime"] == "profit-led"


def test_bm_instability_raises_instead_of_falling_back():
    with pytest.raises(StabilityError, match="sigma\\(pi\\)/v"):
        bm.effects(0.05, pi0=0.45, s_pi=0.45, s_w=0.0, v=1.0, g_u=0.25, g_pi=0.05, u0=0.8)
    # the seed's code, by contrast, silently keeps u0 when the post-shock denominator fails
    b = legacy.bm_core(-0.3, legacy.LegacyParams(g_u=0.15))
    assert b["fallback"] and b["u1"] == 0.8


# --- the shared shock -----------------------------------------------------------------------


def measure_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "oews_code": ["11-1011", "15-1252", "35-2014", "43-9061"],
            "exposure": [0.2, 0.6, 0.0, 0.4],
            "employment": [100.0, 200.0, 300.0, np.nan],
            "wage_bill": [1000.0, 3000.0, 900.0, np.nan],
            "scale": "share",
        }
    )


def test_shock_from_measure_weights_each_occupation_once():
    s = shock_from_measure(
        measure_frame(),
        measure="m",
        scenario="x",
        phi_feasible=0.5,
        phi_adopted=0.8,
        theta=0.5,
        omega0=0.6,
        totals={"wage_bill": 5000.0, "employment": 700.0},
    )
    assert s.exposure_wage == pytest.approx((1000 * 0.2 + 3000 * 0.6) / 4900)
    assert s.exposure_employment == pytest.approx((100 * 0.2 + 200 * 0.6) / 600)
    assert s.td == pytest.approx(s.exposure_wage * 0.4)
    assert s.d_omega == pytest.approx(-0.6 * 0.5 * s.td)
    assert s.wage_at_risk == pytest.approx(s.td * 4900)
    assert s.n_without_wage == 1 and "without a published mean wage" in s.base
    assert Shock.from_row(s.to_row()) == s
    legacy_units = s.with_(legacy_units=True)
    assert legacy_units.d_omega == -legacy_units.td


def test_shock_rejects_bad_exposure_and_double_counting():
    bad = measure_frame()
    bad.loc[2, "exposure"] = 1.3
    with pytest.raises(InputError, match="row 4") as exc:
        shock_from_measure(
            bad, measure="m", scenario="x", phi_feasible=1, phi_adopted=1, theta=1, omega0=0.55, path="m.parquet"
        )
    assert "m.parquet" in str(exc.value) and "'exposure'" in str(exc.value)
    with pytest.raises(InputError, match="counted twice"):
        shock_from_measure(
            measure_frame(),
            measure="m",
            scenario="x",
            phi_feasible=1,
            phi_adopted=1,
            theta=1,
            omega0=0.55,
            totals={"wage_bill": 4000.0, "employment": 700.0},
        )
    with pytest.raises(CalibrationError, match="theta"):
        shock_from_measure(
            measure_frame(), measure="m", scenario="x", phi_feasible=1, phi_adopted=1, theta=1.5, omega0=0.55
        )


def test_aei_automation_share_is_usage_weighted():
    table = pd.DataFrame(
        {
            "task_name": ["a", "b"],
            "directive": [0.6, 0.0],
            "feedback_loop": [0.2, 0.1],
            "task_iteration": [0.1, 0.5],
            "validation": [0.0, 0.1],
            "learning": [0.1, 0.3],
            "filtered": [0.0, 0.5],
        }
    )
    eq = aei_automation_share(table)["automation_share"]
    assert eq == pytest.approx((0.8 / 1.0 + 0.1 / 1.0) / 2)
    w = aei_automation_share(table, pd.DataFrame({"task_name": ["a", "b"], "pct": [3.0, 1.0]}))["automation_share"]
    assert w == pytest.approx((3 * 0.8 + 1 * 0.1) / 4)


# --- legacy ---------------------------------------------------------------------------------


def seed_table() -> pd.DataFrame:
    # two O*NET children of one SOC repeat its employment and mean wage, as in the seed
    return pd.DataFrame(
        {
            "onet_soc_code": ["11-1011.00", "11-1011.03", "15-1252.00"],
            "TOT_EMP": [100.0, 100.0, 50.0],
            "A_MEAN": [90.0, 90.0, 120.0],
            "ai_exposure": [0.2, 0.3, 0.5],
        }
    )


def test_legacy_blocks_apply_the_seed_formulas_with_its_errors():
    seed = seed_table()
    s = legacy_shock(seed)
    wb = np.array([9000.0, 9000.0, 6000.0])
    td = float((wb / wb.sum() * seed["ai_exposure"]).sum())
    assert s.exposure_wage == pytest.approx(td) and s.wage_bill == 24000.0  # the repeated SOC counted twice
    a = legacy.acemoglu_restrepo(seed, s).set_index("Metric")["Value"]
    assert a["Implied wage effect (σ=1.5, index-scaled)"] == pytest.approx(-td / 3)
    k = legacy.kaleckian(s).set_index("Metric")["Value"]
    assert (
        k["AD effect (with multiplier)"] == pytest.approx(0.4 * td / 0.3) and k["AD effect (with multiplier)"] > 0
    )  # the sign bug
    b = legacy.bm_core(td)
    g0 = 0.8 * (0.45 * 0.45 - 0.1) - 0.05 * 0.45
    assert b["g0"] == pytest.approx(g0)
    assert b["u1"] == pytest.approx((g0 + 0.05 * (0.45 + td)) / (0.45 * (0.45 + td) - 0.1))


# --- one interface, sensitivity, consistency ------------------------------------------------


def primary_shock() -> Shock:
    return shock_from_measure(
        measure_frame(), measure="m", scenario="upper_bound", phi_feasible=1, phi_adopted=1, theta=1, omega0=0.55
    )


def test_every_model_evaluates_at_the_config_baseline_and_corrected_table_is_tidy():
    mc, s = ModelConfig.from_config(MODEL_CFG), primary_shock()
    assert mc.s_pi == pytest.approx(0.6) and mc.s_w == pytest.approx(0.2)  # harmonised with the MPCs
    for model in MODELS:
        assert evaluate(model, s, mc.params(model, s))
    t = results.corrected_table([s], mc)
    ar_sigmas = sorted(t.loc[t["model"] == "acemoglu_restrepo", "sigma"].unique())
    assert ar_sigmas == [0.5, 1.0, 1.5, 2.0]  # the grid plus the headline sigma
    assert not t["value"].isna().any()


def test_monte_carlo_does_not_depend_on_chunking():
    mc, s = ModelConfig.from_config(MODEL_CFG), primary_shock()
    ranges = {
        "phi_feasible": [0.1, 1],
        "phi_adopted": [0.2, 1],
        "theta": [0.25, 1],
        "omega0": [0.5, 0.6],
        "c_w": [0.7, 0.95],
        "c_pi": [0.2, 0.5],
    }
    base = mc.params("kaleckian", s)
    whole = sensitivity.monte_carlo("kaleckian", s, base, ranges, draws=30, chunks=1, chunk=0, seed=5)
    parts = pd.concat(
        [sensitivity.monte_carlo("kaleckian", s, base, ranges, draws=30, chunks=4, chunk=c, seed=5) for c in range(4)],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(whole, parts)
    assert (whole["outcome"] < 0).all()
    summary = sensitivity.summarise(whole, base).set_index("statistic")["value"]
    assert summary["q05"] <= summary["q50"] <= summary["q95"]


def test_sensitivity_records_unstable_points_instead_of_hiding_them():
    mc, s = ModelConfig.from_config(MODEL_CFG), primary_shock()
    base = mc.params("bhaduri_marglin", s)
    ranges = {k: [v * 0.9, v * 1.1] for k, v in base.items()}
    ranges["accumulation_rate"] = [0.05, 0.12]  # at 0.05, sigma(pi0)/v = g/u0 < g_u: unstable
    oat = sensitivity.one_at_a_time("bhaduri_marglin", s, base, ranges).set_index("parameter")
    assert oat.loc["accumulation_rate", "status_low"] == "unstable" and np.isnan(
        oat.loc["accumulation_rate", "outcome_low"]
    )
    grid = sensitivity.grid("bhaduri_marglin", s, base, ranges)
    assert len(grid) == 3 ** len(base)
    assert (grid["status"] == "unstable").any() and (grid["status"] == "ok").any()
    with pytest.raises(CalibrationError, match="no range"):
        sensitivity.one_at_a_time("kaleckian", s, mc.params("kaleckian", s), {"c_w": [0.7, 0.9]})


def test_consistency_table_runs_one_shock_through_all_models():
    mc = ModelConfig.from_config(MODEL_CFG)
    shocks = [legacy_shock(seed_table()), primary_shock()]
    t = results.consistency(shocks, mc)
    assert len(t) == 2 * 3 * 2
    kal_rows = t[t["model"] == "Kaleckian"].set_index(["shock", "mode"])["value"]
    for s in shocks:
        assert kal_rows[(s.label, "legacy")] > 0 > kal_rows[(s.label, "corrected")]
    corrected_seed = t[(t["shock"] == shocks[0].label) & (t["mode"] == "corrected")]
    assert corrected_seed["d_omega"].iloc[0] == pytest.approx(-0.55 * shocks[0].td)  # units fixed
    assert math.isfinite(results.consistency_wide(t).iloc[0, 2])
