"""Berg-Buffie-Zanna models: spec §12 validation tests, the spec's exact anchors and the
paper's qualitative claims (§8)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from ailabor.ge.bbz import ModelError, analysis, analytics, dynamics
from ailabor.ge.bbz import experiments as E
from ailabor.ge.bbz.model4 import Model4
from ailabor.ge.bbz.models import Model1, Model2, Model3, make
from ailabor.ge.bbz.params import Params
from ailabor.ge.bbz.singularity import SingularitySystem
from ailabor.ge.json_summary import json_ready

P = Params()
T = np.arange(0.0, 600.0 + 0.025, 0.05)
SING = P.with_(sigma1=1.0, b0=E.SINGULARITY_B0, b_bar=0.30)


@pytest.fixture(scope="module")
def s1():
    system = dynamics.LevelSystem(Model1(P))
    lin = dynamics.linear_path(system, T)
    nl = dynamics.nonlinear_path(system, T)
    return system, lin, nl


# --- spec §12 item 1: the initial point ------------------------------------------------


@pytest.mark.parametrize("model,w0,ws0", [("1", 0.61, None), ("2", 0.61, None), ("3", 0.31, 0.62), ("4", 0.31, 0.62)])
def test_initial_point_and_zero_rhs(model, w0, ws0):
    m = make(model, P.with_(b_bar=P.b0))
    X0 = m.X0
    st = m.static(X0, np.asarray(P.b0), P.delta * X0)
    assert float(st["Q"] if model != "4" else st["Q1"]) == pytest.approx(1.0, rel=1e-9)
    np.testing.assert_allclose(np.asarray(st["r"], dtype=float), 0.11, rtol=1e-9)
    assert float(st["w"]) == pytest.approx(w0, rel=1e-9)
    if ws0:
        assert float(st["w_s"]) == pytest.approx(ws0, rel=1e-9)
    system = dynamics.LevelSystem(m)  # no shock: the terminal steady state is the initial one
    np.testing.assert_allclose(system.ybar, np.concatenate([X0, [P.b0], P.delta * X0]), rtol=1e-8)
    assert np.max(np.abs(system.rhs(system.ybar))) < 1e-12


def test_singularity_initial_point():
    s = SingularitySystem(SING.with_(s=0.0))  # s = 0: b stays at b0
    z0, l0 = s.Z0 / s.K0, 1 / s.K0
    r_k, r_z, w, q = s.prices(z0, l0, SING.b0)
    assert (r_k, r_z, w, q * s.K0) == pytest.approx((0.11, 0.11, 0.61, 1.0), rel=1e-9)
    y0 = np.array([z0, l0, SING.b0, SING.delta, SING.delta * z0])
    assert np.max(np.abs(s.rhs(y0))) < 1e-12
    assert np.max(np.abs(s.rhs(s.ybar))) < 1e-12  # and the balanced growth path is a rest point


# --- item 2: analytical comparative statics against finite differences -----------------


def test_closed_forms_match_finite_differences():
    t = analytics.table()
    assert len(t) >= 30 and set(t["model"]) == {"Model 1", "Model 2", "Model 3", "Model 4"}
    scale = np.maximum(t["analytical"].abs(), 1.0)  # relative, absolute below 1 (sigma3* row is zero)
    assert (t["abs_error"] / scale).max() < 1e-6, t.sort_values("abs_error").tail()
    # the spec's anchors at the base point
    v = t.set_index(["model", "statistic"])["analytical"]
    assert v[("Model 1", "(13) d ln w / d ln b")] == pytest.approx(-0.018462, abs=5e-7)
    assert v[("Model 1", "(A12) d ln r_z / d ln b")] == pytest.approx(0.58154, abs=5e-6)
    assert v[("Model 2", "(29) d ln w / d ln b")] == pytest.approx(-0.017303, abs=5e-7)


@pytest.mark.parametrize("sigma3,expected", [(0.25, -0.036357), (1.0, -0.002996)])
def test_model2_impact_elasticity(sigma3, expected):
    p = P.with_(sigma3=sigma3)
    assert analytics._sr_fd(Model2(p), "b", "w") == pytest.approx(expected, abs=5e-7)


def test_sigma3_star_table():
    # spec Table 2 (derived from eq. 33)
    for s1, s2, star in [(0.4, 2.5, 1.319), (0.5, 5, 2.960), (0.75, 10, 6.189), (1.0, 2.5, 0.673), (1.2, 20, 12.701)]:
        assert analytics.sigma3_star(P.with_(sigma1=s1, sigma2=s2)) == pytest.approx(star, abs=5e-4)


# --- item 3: Scenario 1 long run and eigenvalues -----------------------------------------


def test_scenario1_long_run_and_eigenvalues(s1):
    system, lin, _ = s1
    ss = Model1(P).steady()
    assert 100 * (ss["W"] - 1) == pytest.approx(23.928, abs=5e-4)
    assert 100 * (ss["Q"] - 1) == pytest.approx(70.973, abs=5e-4)
    assert ss["share_L"] == pytest.approx(0.44215, abs=5e-6)
    np.testing.assert_allclose(ss["X"], [5.44005, 3.23055], atol=5e-6)
    lam = sorted(np.real(np.array([complex(v) for v in lin.info["eigenvalues"]])))
    np.testing.assert_allclose(lam, [-0.15, -0.063384, -0.0069775, 0.052669, 0.09748], atol=5e-6)
    # the closed form agrees with the primal root r_k = r_z = rho + delta
    from ailabor.ge.bbz.models import _primal_root

    np.testing.assert_allclose(_primal_root(Model1(P), P.b_bar, np.array([5.0, 3.0])), ss["X"], rtol=1e-10)


def test_model1_nonexistence_is_an_error():
    with pytest.raises(ModelError, match="no steady state"):
        Model1(P.with_(sigma2=5.0)).steady()  # alpha_z 3^4 > 1 (spec §2.4 table)
    run = E.Run("x", "1", P.with_(sigma2=20.0), "no steady state")
    path, summary = E.solve_run(run, "lin")
    assert summary["status"] == "failed" and "no steady state" in summary["message"] and path.empty


# --- item 4: LIN and NL ---------------------------------------------------------------------


def test_lin_and_nl_reach_the_same_steady_state(s1):
    system, lin, nl = s1
    assert nl.converged and nl.info["max_rms_residual"] < 1e-6
    for sol in (lin, nl):  # both head to the same terminal steady state
        gap = np.abs(sol.y - system.ybar[:, None]).max(axis=0) / np.abs(system.ybar).max()
        assert gap[-1] < 0.05 * gap[0] and gap[-1] < gap[-2000] < gap[-4000]  # slowest root -0.007: e^{-4.2} = 0.015
    assert np.abs(nl.y[:, -1] - lin.y[:, -1]).max() < 0.05 * np.abs(lin.y[:, 0] - system.ybar).max()
    # the b component of the LIN path is exactly the exogenous process
    np.testing.assert_allclose(lin.y[2], P.b_path(T), rtol=0, atol=1e-12)
    # the NL path satisfies the ODE: compare its derivative with the right-hand side
    i = slice(100, 110)
    dy = np.gradient(nl.y, T, axis=1)[:, i]
    np.testing.assert_allclose(dy, system.rhs(nl.y[:, i]), atol=1e-5)


def test_paper_method_reproduces_the_documented_artifacts(s1):
    system, lin, nl = s1
    o_lin, o_nl = system.outputs(T, lin.y), system.outputs(T, nl.y)
    w0 = 0.61
    # spec §10.2: the low-wage phase is about 20 years with LIN and 31 with NL
    assert analysis.crossing_after(T, o_lin["w"], w0) == pytest.approx(20.7, abs=0.5)
    assert analysis.crossing_after(T, o_nl["w"], w0) == pytest.approx(31.2, abs=0.5)
    # A1: robot investment is negative at impact with LIN
    assert o_lin["I_Z"].iloc[0] < 0
    # §8: K first falls (investment diverted into robots), then rises
    for o in (o_lin, o_nl):
        k = o["K"].to_numpy()
        assert k[100] < k[0] < k[-1]


# --- item 5: negative consumption is reported -------------------------------------------------


def test_negative_consumption_is_flagged_not_hidden():
    run = E.Run("sigma2_10_b2", "2", P.with_(sigma2=10.0, b_bar=1.0), "Model 2, sigma2 10, b x2")
    path, summary = E.solve_run(run, "lin")
    assert summary["negative"]["c"]["min"] == pytest.approx(-1.78, abs=0.02)  # spec §10.1
    assert math.isnan(summary["ev_capitalists_pct"])
    assert (path["c"] < 0).any()
    _, nl = E.solve_run(run, "nl")
    assert nl["converged"] and "c" not in nl["negative"]


# --- further anchors and claims ---------------------------------------------------------------


def test_capital_held_fixed():
    full = Model1(P).steady()
    fixed = Model1(P.with_(fixed_K=True))
    ss = fixed.steady_state()
    st0 = fixed.static(fixed.X0, np.asarray(P.b0))
    assert 100 * (float(ss["static"]["w"]) / 0.61 - 1) == pytest.approx(-11.0, abs=0.05)
    gdp = float(ss["static"]["Q"]) - 1
    assert gdp / (full["Q"] - 1) == pytest.approx(0.298, abs=5e-4)
    assert (ss["X"][0] / fixed.Z0 - 1) / (full["X"][1] / fixed.Z0 - 1) == pytest.approx(0.365, abs=5e-4)
    assert float(st0["Q"]) == pytest.approx(1.0)


def test_singularity_claims():
    s = SingularitySystem(SING)
    assert s.g > 0
    lr = s.long_run()
    assert lr["w_pct"] < 0  # the wage is permanently lower
    no_adj = SingularitySystem(SING.with_(omega_k=1e12, omega_z=1e12))  # v -> 0: eq. (24)
    assert no_adj.long_run()["w_pct"] / 100 == pytest.approx((0.30 / SING.b0) ** -0.35 - 1, rel=1e-6)
    t = np.arange(0, 800.01, 0.5)
    o = s.outputs(t, dynamics.nonlinear_path(s, t).y)
    assert o["share_L"].iloc[-1] < 0.1 * o["share_L"].iloc[0]  # labour share heads to zero
    # comparison run (Figure 3): Model 1, sigma1 = 1, sigma2 = 5
    ss = Model1(SING.with_(sigma2=5.0)).steady()
    assert (100 * (ss["W"] - 1), 100 * (ss["Q"] - 1), ss["share_L"]) == pytest.approx((15.43, 104.93, 0.3436), abs=5e-3)


def test_model1_impact_wage_threshold():
    for s1_ in (0.5, 1.0):
        threshold = s1_ / P.theta_K
        for s2 in (threshold * 0.9, threshold * 1.1):
            el = analytics._sr_fd(Model1(P.with_(sigma1=s1_, sigma2=s2)), "b", "w")
            assert (el < 0) == (s2 > threshold)


def test_model2_gains_are_smaller_and_model3_skill_claims():
    m1, m2 = Model1(P).steady(), Model2(P).steady()
    assert m2["W"] < m1["W"] and m2["Q"] < m1["Q"]
    m3 = Model3(P.with_(b_bar=2.0))
    assert analytics._sr_fd(m3, "b", "w_s") > 0 > analytics._sr_fd(m3, "b", "w")  # sigma2 > sigma1 / theta_H
    ss = m3.steady()
    assert ss["WS"] > 1 > ss["W"] and ss["WS"] / ss["W"] > 1  # skill premium rises


def test_model4_against_model3():
    """fn 48: across steady states the fall of the low-skill wage and the rises of the skilled
    wage and GDP are all larger in Model 3 than in Model 4."""
    p = P.with_(sigma2=5.0, b_bar=2.0)
    m3 = Model3(p).steady()
    for shares in ((0.35, 0.45, 0.20), (0.35, 0.15, 0.50)):
        m4 = Model4(p.with_(na_theta_K=shares[0], na_theta_S=shares[1], na_theta_L=shares[2]))
        ss = m4.steady_state()
        st0 = m4.static(m4.X0, np.asarray(p.b0))
        w4 = float(ss["static"]["omega"]) / m4.w0
        ws4 = float(ss["static"]["omega_s"]) / m4.ws0
        q4 = float(ss["static"]["Q"]) / float(st0["Q"])
        assert m3["W"] < w4 and m3["WS"] > ws4 and m3["Q"] > q4
    with pytest.raises(ModelError, match="sum to 1"):
        Model4(p.with_(na_theta_L=0.3))


# --- derived outputs --------------------------------------------------------------------------


def test_equivalent_variation_quadrature():
    t = np.arange(0, 600.01, 0.05)
    assert analysis.equivalent_variation(t, np.full_like(t, 2.0), 1.0, 0.06, 0.5) == pytest.approx(1.0, rel=1e-12)
    assert analysis.equivalent_variation(t, np.full_like(t, 0.5), 1.0, 0.06, 1.0) == pytest.approx(-0.5, rel=1e-12)
    assert analysis.equivalent_variation_annual(t, np.full_like(t, 2.0), 1.0, 0.06, 0.5) == pytest.approx(
        1.0, rel=1e-12
    )
    step = np.where(t < 10, 1.0, 2.0)  # doubling after 10 years, log utility: EV = 2^{e^{-0.6}} - 1
    assert analysis.equivalent_variation(t, step, 1.0, 0.06, 1.0) == pytest.approx(2 ** math.exp(-0.6) - 1, abs=2e-3)


def test_crossing_and_json():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    assert analysis.crossing_after(t, np.array([1.0, 0.9, 0.95, 1.05]), 1.0) == pytest.approx(2.5)
    assert analysis.crossing_after(t, np.array([1.0, 1.1, 1.2, 1.3]), 1.0) == 0.0
    assert math.isinf(analysis.crossing_after(t, np.array([1.0, 0.9, 0.8, 0.7]), 1.0))
    assert json_ready({"a": np.float64(math.inf), "b": np.nan, "c": np.array([1, 2])}) == {
        "a": "inf",
        "b": None,
        "c": [1, 2],
    }


def test_run_summary_has_every_derived_output():
    path, s = E.solve_run(E.catalogue()["S1"].runs[0], "lin", T=300.0, dt=0.1)
    for key in (
        "wage_trough_pct",
        "wage_trough_year",
        "low_wage_phase_end",
        "ev_capitalists_pct",
        "ev_workers_pct_rho_0.08",
        "transfer_peak_pct_gdp",
        "transfer_pv_pct_capitalist_gain",
    ):
        assert key in s and s[key] is not None
    assert set(s["long_run"]) >= {"w_pct", "gdp_pct", "K_pct", "Z_pct", "labour_share"}
    assert {"w", "Q", "K", "Z", "share_L", "I_Z_share", "transfer_pct_gdp", "transfer_pct_capitalist_gain"} <= set(
        path.columns
    )
    assert s["transfer_pv_pct_capitalist_gain"] > 0


def test_run_outputs_are_deterministic():
    """Two solves of the same run give identical paths and summaries (no wall-clock fields),
    so results files are byte-identical between runs."""
    run = E.catalogue()["S1"].runs[0]
    for method in ("lin", "nl"):
        (p1, s1), (p2, s2) = (E.solve_run(run, method, T=200.0, dt=0.1) for _ in range(2))
        pd.testing.assert_frame_equal(p1, p2)
        assert json.dumps(json_ready(s1), sort_keys=True) == json.dumps(json_ready(s2), sort_keys=True)


@pytest.mark.slow
def test_every_catalogue_run_solves():
    """Every run of the experiment catalogue (the demo runs a subset): the exact solver
    converges and agrees with the linear method on the steady state it converges to."""
    runs = [(exp, run) for exp in E.catalogue().values() if exp.kind == "paths" for run in exp.runs]
    assert runs, "the catalogue has no transition runs"
    for exp, run in runs:
        lin_path, lin = E.solve_run(run, "lin")
        nl_path, nl = E.solve_run(run, "nl")
        assert nl["status"] == "ok" and nl["converged"], (exp.id, run.run_id, nl.get("message"))
        assert nl["long_run"]["w_pct"] == pytest.approx(lin["long_run"]["w_pct"], abs=1e-8), (exp.id, run.run_id)


@pytest.mark.parametrize("name", ["1", "2", "3"])
def test_derivatives_in_one_stacked_call_equal_one_call_per_neighbour(name):
    """LevelModel.derivatives evaluates the 2m+2 finite-difference neighbours of every point in
    one call of the static block. Reference: the same central differences with one call of the
    static block per neighbour (each split solved from scratch)."""
    m = make(name, P)
    rng = np.random.default_rng(11)
    N = 7
    X = m.X0[:, None] * np.exp(rng.normal(0, 0.2, (len(m.X0), N)))
    b = P.b0 * np.exp(rng.normal(0, 0.2, N))
    I = P.delta * X
    d = m.derivatives(X, b, I)
    rel = 1e-6
    for j in range(len(m.X0)):
        h = rel * X[j]
        Xp, Xm = X.copy(), X.copy()
        Xp[j] += h
        Xm[j] -= h
        d_income = (m.static(Xp, b)["income"] - m.static(Xm, b)["income"]) / (2 * h)
        np.testing.assert_allclose(
            d["c_X"][j] + m.v[j] / 2 * (I[j] / X[j] - P.delta) ** 2 - m.v[j] * (I[j] / X[j] - P.delta) * I[j] / X[j],
            d_income,
            rtol=1e-7,
            atol=1e-9,
        )
    hb = rel * b
    c_b = (m.static(X, b + hb)["income"] - m.static(X, b - hb)["income"]) / (2 * hb)
    np.testing.assert_allclose(d["c_b"], c_b, rtol=1e-7, atol=1e-9)
