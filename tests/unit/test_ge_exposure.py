"""GE effects of measured exposure (issue 15): the A-R economy with an AI band, the mapping
from D to each model's shock and its inverse, the response curves and their flat regions, the
uncertainty draws (chunking, bands, containment) and the tornado.

References are independent of the code under test: the existing A-R solvers
(:mod:`ailabor.ge.ar.static`, :mod:`.longrun`, :mod:`.dynamics_exo`) for the special cases the
AI band must reproduce, scipy's brentq for the Model 2 labour split, and constructions whose
answer is known (bands of shifted copies of a path)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from ailabor.ge import plain, response, tornado, uncertainty
from ailabor.ge import scenarios as S
from ailabor.ge.ar import P0, ModelError, ai_band, dynamics_exo, longrun, static
from ailabor.ge.bbz.models import Model2
from ailabor.ge.bbz.params import Params as BBZParams
from ailabor.report.summary import build

R0 = P0.R_star(0.0)
AR_CFG = dict(
    params={}, n0=None, cost_saving=0.27, ai_productivity=1.0, horizon=350, horizon_report=60, step_report=0.5
)
BBZ_CFG = dict(model=2, split="wage_bill", method="nl", params={}, horizon=400, dt=0.1)
BBZ_LIN = dict(BBZ_CFG, method="lin")
T_GRID = np.arange(0.0, 60.0 + 1e-9, 1.0)


@pytest.fixture(scope="module")
def setup():
    return S.ar_setup(AR_CFG)


# --- the A-R economy with an AI band ------------------------------------------------------------


def test_band_economy_without_a_band_is_the_plain_model():
    """dI = 0: the static and long-run equilibria are those of ailabor.ge.ar.static / .longrun."""
    b = ai_band.Band(0.8)
    lr, ref = ai_band.longrun(P0, b, R0), longrun.longrun_eq(P0, 0.8, R0)
    assert lr.W == pytest.approx(ref.W, rel=1e-10) and lr.K == pytest.approx(ref.K, rel=1e-9)
    assert lr.labour_share == pytest.approx(ref.labour_share, rel=1e-10)
    for K in (0.2, 0.48, 1.5):
        eq, ref = ai_band.static(P0, b, K), static.solve_static(P0, 0.0, 0.8, K)
        assert eq.W == pytest.approx(ref.W, rel=1e-10) and eq.r == pytest.approx(ref.r, rel=1e-10)
        assert eq.I_star == pytest.approx(ref.I_star, abs=1e-10)


@pytest.mark.parametrize("K", [0.2, 0.5, 2.0])
def test_ordinary_capital_in_the_band_is_the_literal_ar_shock(K):
    """lam = 0: capital has productivity 1 in the new tasks, i.e. the A-R model with I = dI."""
    eq = ai_band.static(P0, ai_band.Band(0.8, 0.06, 0.0), K)
    ref = static.solve_static(P0, 0.06, 0.8, K)
    assert eq.W == pytest.approx(ref.W, rel=1e-10) and eq.Y == pytest.approx(ref.Y, rel=1e-10)
    assert eq.I_star == pytest.approx(ref.I_star, abs=1e-10)


def test_ordinary_capital_transition_matches_dynamics_exo():
    """lam = 0 and no growth: the transition equals dynamics_exo.transition (its own BVP and
    normalisation by the new frontier)."""
    t = np.arange(0.0, 40.0 + 1e-9, 2.0)
    path, s = ai_band.transition(P0, ai_band.Band(0.8, 0.05, 0.0), T=350, t_report=t)
    ref_path, ref = dynamics_exo.transition(P0, 0.8, 0.05, 0.0, T=350, t_report=t)
    assert s["converged"] and ref["converged"]
    for k in ("impact_dlnW", "lr_dlnW", "ls_impact", "ls_lr", "trough_dlnW"):
        assert s[k] == pytest.approx(ref[k], abs=1e-7), k
    np.testing.assert_allclose(path["lnW_rel"], ref_path["lnW_rel"], atol=1e-6)
    np.testing.assert_allclose(path["labour_share"], ref_path["labour_share"], atol=1e-6)


def test_equilibrium_identities_with_the_band():
    """Price index 1 (expenditure shares add up to one), factor markets clear, r = R in the long run."""
    b = ai_band.Band(0.7, 0.1, 1.0)
    for v in (-0.2, 0.0, 0.05, 0.1, 0.3):
        R = ai_band.ratio(P0, b, v)
        assert R.alpha_K + R.alpha_L + R.inter == pytest.approx(1.0, abs=1e-12)
    eq = ai_band.static(P0, b, 0.4)
    assert eq.K == pytest.approx(0.4) and eq.L == pytest.approx(1.0, rel=1e-10)
    assert eq.W * eq.L == pytest.approx(eq.labour_share_gross * eq.Y, rel=1e-10)
    lr = ai_band.longrun(P0, b, R0)
    assert lr.r == pytest.approx(R0, rel=1e-10)
    ss = ai_band.steady_state(P0, b)
    assert ss["c"] == pytest.approx(ss["f"] - P0.delta * ss["k"], rel=1e-12)


@pytest.mark.parametrize(
    "params, band",
    [
        ({}, ai_band.Band(0.7, 0.1, 1.0)),
        ({}, ai_band.Band(0.8, 0.05, 0.0)),
        ({}, ai_band.Band(0.6, 0.2, 0.5)),
        ({"sigma": 1.0}, ai_band.Band(0.7, 0.1, 1.0)),  # the Cobb-Douglas price index
        ({"ls_kind": "logistic"}, ai_band.Band(0.7, 0.1, 1.0)),
    ],
)
def test_vectorised_ratio_and_spline_equal_the_scalar_solver(params, band):
    """ratio_many (one Newton for every coordinate, rows padded to one task layout) against the
    scalar ratio at each coordinate, across the three allocation regimes and on both kinks; and
    the transition's spline, one piecewise polynomial over the pieces, against ratio and the
    definitions of its columns at the points it interpolates."""
    p = P0.with_(**params)
    v = np.concatenate([np.linspace(band.v_min + 0.05, 0.4, 37), [0.0, band.dI]])
    v.sort()
    many = ai_band.ratio_many(p, band, v)
    for i, vi in enumerate(v):
        R = ai_band.ratio(p, band, vi)
        for k in ("x", "I_star", "m_K", "lnr", "lnW", "alpha_K", "alpha_L", "inter"):
            assert many[k][i] == pytest.approx(getattr(R, k), rel=1e-12, abs=1e-13), (k, vi)
    lnk = math.log(ai_band.steady_state(p, band)["k"])
    sp = ai_band.BandSpline(p, band, lnk - 0.7, lnk + 0.7)
    grid = np.linspace(lnk - 0.6, lnk + 0.6, 9)
    got = sp.many(grid)
    for j, lk in enumerate(grid):
        eq = ai_band.static(p, band, math.exp(lk))  # brentq on v, scalar ratio, assemble
        assert got[j, sp.col["lnr"]] == pytest.approx(math.log(eq.r), abs=1e-7), lk
        assert got[j, sp.col["lnw"]] == pytest.approx(math.log(eq.W), abs=1e-7), lk
        assert got[j, sp.col["labour_share"]] == pytest.approx(eq.labour_share, abs=1e-7), lk
        assert got[j, sp.col["v"]] == pytest.approx(ai_band.solve_v(p, band, math.exp(lk)), abs=1e-6), lk
        assert got[j, sp.col["lny"]] == pytest.approx(math.log(eq.Y), abs=1e-7), lk
        assert sp("lny", lk) == got[j, sp.col["lny"]]  # one quantity or all of them: the same polynomial
    # a range on one side of both kinks: one piece
    v_far = band.dI + 0.05
    lnk_far = sp._points(np.array([v_far]))[0, 0]  # the capital stock at which v = v_far
    eq_far = ai_band.static(p, band, math.exp(lnk_far))
    assert ai_band.solve_v(p, band, eq_far.K) == pytest.approx(v_far, abs=1e-9)
    one = ai_band.BandSpline(p, band, lnk_far - 0.005, lnk_far + 0.005)
    assert one.pp.x.size == 100  # one piece of 100 points
    assert one("lnw", lnk_far) == pytest.approx(math.log(eq_far.W), abs=1e-9)


def test_vectorised_ratio_hands_unsettled_rows_to_the_scalar_solver(monkeypatch):
    """A row the vectorised Newton does not settle (nan) is solved by the scalar ratio, with its
    bracketed fallback; no coordinates give empty columns."""
    band = ai_band.Band(0.7, 0.1, 1.0)
    v = np.linspace(-0.2, 0.3, 9)
    ref = ai_band.ratio_many(P0, band, v)
    newton = ai_band._newton_many

    def unsettled(p, off, wts, y):
        out = newton(p, off, wts, y)
        if len(out) == len(v):
            out[[1, 4, 8]] = np.nan
        return out

    monkeypatch.setattr(ai_band, "_newton_many", unsettled)
    got = ai_band.ratio_many(P0, band, v)
    for i in (1, 4, 8):
        assert got["lnr"][i] == pytest.approx(ai_band.ratio(P0, band, v[i]).lnr, abs=1e-14)
    np.testing.assert_allclose(got["alpha_L"], ref["alpha_L"], rtol=1e-13)
    assert all(len(c) == 0 for c in ai_band.ratio_many(P0, band, []).values())


def test_every_measured_task_is_as_cost_saving_as_the_old_frontier(setup):
    """lam = 1: at the initial prices, capital cost r/z(i) over labour cost W/gamma(i) is the same
    in every band task and equals the saving at the old frontier, 1 - cost_saving."""
    p, n0 = setup.params, setup.n0
    ss = ai_band.steady_state(p, ai_band.Band(n0))
    W0, r0 = ss["w"], ss["r"]
    for i in np.linspace(0.0, 0.2, 7):
        z = math.exp(p.A * i)  # (gamma(i)/gamma(I0))^1
        assert (r0 / z) / (W0 / math.exp(p.A * i)) == pytest.approx(1 - setup.cost_saving, rel=1e-10)
    assert setup.cost_saving == pytest.approx(0.27, abs=1e-9)  # n0 calibrated to the configured saving
    assert ai_band.n0_for_cost_saving(p, ai_band.cost_saving(p, 0.8)) == pytest.approx(0.8, abs=1e-9)
    with pytest.raises(ModelError, match="no initial technology gap"):
        ai_band.n0_for_cost_saving(p, 0.6)


def test_impact_floor_is_the_old_allocation_at_the_indifference_point(setup):
    """Beyond the cap the impact wage is the same for every D, and equals the wage of the
    pre-shock allocation at W/r = gamma(I0), from the plain solver's ratio solution."""
    p, n0 = setup.params, setup.n0
    k0 = ai_band.steady_state(p, ai_band.Band(n0))["k"]
    ref = static.ratio_solution(p, 0.0, n0, 0.0, fixed_I=True).W
    Ws = []
    for D in (0.1, 0.3, 0.5):
        band = S.ar_band(D, setup)
        eq = ai_band.static(p, band, k0)
        assert ai_band.solve_v(p, band, k0) < band.dI  # part of the band waits for capital
        Ws.append(eq.W)
    np.testing.assert_allclose(Ws, ref, rtol=1e-9)
    assert ai_band.impact_floor(p, S.ar_band(0.3, setup), k0) == pytest.approx(ref, rel=1e-10)


def test_transition_with_the_band(setup):
    """The whole band is adopted eventually, the wage sits at the floor until then, the path
    does not depend on the BVP horizon, and the long run is the band's steady state."""
    band = S.ar_band(0.2, setup)
    t = np.arange(0.0, 80.0 + 1e-9, 0.5)
    path, s = ai_band.transition(setup.params, band, T=350, t_report=t)
    path2, _ = ai_band.transition(setup.params, band, T=450, t_report=t)
    assert s["converged"]
    np.testing.assert_allclose(path["lnW_rel"], path2["lnW_rel"], atol=1e-6)
    assert 0 < s["band_adopted_impact"] < 1 < s["band_adopted_year"] < 60
    flat = path[path["t"] < s["band_adopted_year"] - 0.5]
    np.testing.assert_allclose(flat["lnW_rel"], s["impact_dlnW"], atol=1e-6)
    assert path["band_adopted"].iloc[-1] == pytest.approx(1.0)
    after = ai_band.steady_state(setup.params, band)
    w0 = ai_band.steady_state(setup.params, ai_band.Band(setup.n0))["w"]
    assert s["lr_dlnW"] == pytest.approx(math.log(after["w"] / w0), abs=1e-12)
    assert path["lnW_rel"].iloc[-1] == pytest.approx(s["lr_dlnW"], abs=1e-4)


# --- the mapping and its inverse -------------------------------------------------------------------


@pytest.mark.parametrize("D", [0.01, 0.1, 0.3, 0.55])
def test_ar_mapping_inverts_at_initial_prices(D, setup):
    band = S.ar_band(D, setup)
    assert band.dI > 0 and band.lam == 1.0
    assert S.ar_displacement(band, setup) == pytest.approx(D, abs=1e-10)


@pytest.mark.parametrize("D", [0.0, 0.02, 0.18, 0.4, 0.6])
def test_bbz_model2_mapping_inverts_at_initial_prices(D):
    """The share of labour employed with robots in Model 2's static equilibrium at the initial
    stocks (labour split by brentq on the marginal products, not the model's own solver) is D."""
    p = S.bbz_model2_params(D, BBZParams())
    m = Model2(p)

    def g(u):
        _, _, _, _, _, _, H_l, V_l, _, Q_H, Q_V = m._mp(u, m.K0, 1.0)
        return math.log(Q_V * V_l / m.L10) - math.log(Q_H * H_l / m.L20)

    u = optimize.brentq(g, -60, 60, xtol=1e-14)
    assert 1 / (1 + math.exp(-u)) == pytest.approx(max(D, S.D_MIN_MODEL2), rel=1e-9)
    assert S.bbz_split(p) == pytest.approx(max(D, S.D_MIN_MODEL2), rel=1e-9)
    assert p.theta_L + p.theta_K + p.theta_Z == pytest.approx(1.0)
    assert p.theta_L == pytest.approx(0.61)  # the paper's labour share, whatever D
    # the robots' share of V(L1, bZ) is the paper's theta_Z / (theta_Z + theta_L1) = 0.04 / (0.04 + 0.31) for every D
    assert p.theta_Z / (p.theta_Z + p.theta_L - p.theta_L2) == pytest.approx(
        0.04 / 0.35, rel=1e-8
    )  # (cancellation in theta_L - theta_L2 at D = 1e-6)


def test_bbz_model2_at_the_papers_split_is_the_paper_and_D0_is_no_shock():
    base = BBZParams()
    p = S.bbz_model2_params(0.31 / 0.61, base)  # the paper's split theta_L1 / theta_L
    assert (p.theta_Z, p.theta_K, p.theta_L2) == pytest.approx(
        (0.04, 0.35, 0.30), rel=1e-12
    )  # the paper's Model 2 calibration
    path, summ = S.bbz_outcome(0.0, BBZ_LIN)
    h = S.headlines("bbz", summ)
    assert (
        all(h[k] == 0 for k in S.HEADLINES) and (path[["wage_pct", "labour_share_pp", "output_pct"]] == 0).all().all()
    )
    small = S.headlines("bbz", S.bbz_outcome(0.01, BBZ_LIN)[1])
    large = S.headlines("bbz", S.bbz_outcome(0.1, BBZ_LIN)[1])
    assert (
        0 < small["wage_lr_pct"] < large["wage_lr_pct"] and abs(small["wage_lr_pct"]) < 0.5
    )  # the response vanishes as D -> 0


def test_model2_split_solver_matches_brentq():
    rng = np.random.default_rng(3)
    for s2, s3, D in ((2.5, 0.5, 0.5), (10.0, 0.25, 0.05), (20.0, 1.0, 0.9), (1.5, 0.5, 1e-6)):
        m = Model2(BBZParams().with_(sigma2=s2, sigma3=s3, theta_L2=(1 - D) * 0.61))
        K, zz = m.K0 * np.exp(rng.normal(0, 1, 30)), np.exp(rng.normal(0, 1, 30))
        u = m.split(K, zz)
        assert len(u) == len(K) == len(zz)
        for ui, k, z in zip(u, K, zz):

            def g(x, m=m, k=k, z=z):
                _, _, _, _, _, _, H_l, V_l, _, Q_H, Q_V = m._mp(x, k, z)
                return math.log(Q_V * V_l / m.L10) - math.log(Q_H * H_l / m.L20)

            assert ui == pytest.approx(optimize.brentq(g, -60, 60, xtol=1e-14, rtol=1e-15), abs=1e-12)


def test_employment_split_and_scenarios_from_shock():
    shock = pd.DataFrame(
        dict(
            measure=["m"],
            scenario=["a"],
            label=["m / a"],
            td=[0.2],
            exposure_wage=[0.4],
            exposure_employment=[0.3],
            phi_feasible=[0.5],
            phi_adopted=[1.0],
        )
    )
    sc = S.scenarios_from_shock(shock, "shocks/m.parquet")[0]
    assert sc.D == 0.2 and sc.D_employment == pytest.approx(0.15)
    assert sc.bbz_share("employment") == pytest.approx(0.15) and sc.bbz_share("wage_bill") == 0.2
    with pytest.raises(S.ModelError, match="bbz_split"):
        sc.bbz_share("hours")
    assert sc.is_share and sc.scale == "share"
    # a percentile-rank measure: the calibration stage's note in `base` marks it, and the table row says so
    rank = S.scenarios_from_shock(
        shock.assign(base="OEWS May 2024; exposure on a percentile rank scale, so TD is an index, not a task share")
    )[0]
    assert rank.scale == "percentile rank" and not rank.is_share
    row = pd.DataFrame([dict(D_is_share=False), dict(D_is_share=True), dict(D_is_share=math.nan)])
    assert [S.is_share_row(r) for r in row.itertuples(index=False)] == [False, True, True]


def test_uncertainty_keeps_only_ok_paths(monkeypatch):
    """A run that finishes without converging adds no path, as summary_table counts only status ok."""
    real = S.ar_outcome

    def not_converged(D, setup, t):
        path, summ = real(D, setup, t)
        return path, dict(summ, status="not converged")

    monkeypatch.setattr(S, "ar_outcome", not_converged)
    paths, rows = uncertainty.solve_draw(0.1, 0.1, AR_CFG, BBZ_LIN, T_GRID)
    assert rows["ar_status"] == "not converged" and [set(p["model"]) for p in paths] == [{"bbz"}]
    assert 0 < rows["ar_labour_share_initial"] < 1


# --- response curves -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def curves(setup):
    Ds = response.grid(0.6, 0.1)
    return pd.concat(
        [response.curve("ar", Ds, ar_setup=setup, t_report=T_GRID), response.curve("bbz", Ds, bbz_cfg=BBZ_CFG)],
        ignore_index=True,
    )


def test_responses_are_monotone_on_the_grid(curves):
    assert (curves["status"] == "ok").all()
    assert response.monotone_violations(curves) == []
    ar = curves[curves["model"] == "ar"].sort_values("D")
    assert (np.diff(ar["wage_lr_pct"]) > 0).all() and (np.diff(ar["labour_share_lr_pp"]) < 0).all()
    bbz = curves[curves["model"] == "bbz"].sort_values("D")
    assert (np.diff(bbz["wage_trough_pct"]) < 0).all() and (np.diff(bbz["output_lr_pct"]) > 0).all()
    np.testing.assert_allclose(
        curves["check_D"], np.maximum(curves["D"], np.where(curves["model"] == "bbz", S.D_MIN_MODEL2, 0)), atol=1e-9
    )


def test_monotone_check_can_fail(curves):
    broken = curves.copy()
    i = broken.index[(broken["model"] == "bbz") & (broken["D"] == 0.3)][0]
    broken.loc[i, "wage_lr_pct"] = -50.0
    bad = response.monotone_violations(broken)
    assert len(bad) == 1 and bad[0].startswith("bbz wage_lr_pct")


def test_impact_floor_of_mapping_facts_with_partial_ai_productivity():
    """With lam < 1 there is no closed-form floor: mapping_facts takes it from the curve beyond
    the cap (finite, equal to the flat impact wage there) and the note drops the single saving."""
    s = S.ar_setup(dict(AR_CFG, ai_productivity=0.5))
    Ds = response.grid(0.6, 0.1)
    table = pd.concat(
        [response.curve("ar", Ds, ar_setup=s, t_report=T_GRID), response.curve("bbz", [0.0, 0.3], bbz_cfg=BBZ_LIN)],
        ignore_index=True,
    )
    regs = pd.DataFrame(response.regions("ar", 0.6, ar_setup=s))
    solver = dict(ar=dict(AR_CFG, ai_productivity=0.5), bbz=BBZ_LIN)
    facts = response.mapping_facts(solver, table, regs).set_index("key")["value"]
    cap = facts["ar_impact_cap_D"]
    assert 0 < cap < 0.6
    beyond = table[(table["model"] == "ar") & (table["D"] > cap)]["wage_impact_pct"]
    assert math.isfinite(facts["ar_impact_floor_wage_pct"]) and facts["ar_impact_floor_wage_pct"] == pytest.approx(
        beyond.iloc[-1]
    )
    assert 0 < facts["ar_labour_share_initial"] < 1 and facts["ar_growth"] == 0
    note = response.figure_notes(response.mapping_facts(solver, table, regs))[S.AR_NAME]
    assert "cheaper than labour" not in note and "less" in note


def test_impact_cap_located_exactly(setup, curves):
    regs = response.regions("ar", 0.6, ar_setup=setup)
    cap = [g for g in regs if g["what"].startswith("impact")]
    assert len(cap) == 1 and not [g for g in regs if g["what"] == "long run"]
    Dc = cap[0]["D_from"]
    below, above = response.ar_adoption_gaps(Dc - 1e-4, setup), response.ar_adoption_gaps(Dc + 1e-4, setup)
    assert below[0] > 0 > above[0] and below[1] > 0 and above[1] > 0
    ar = curves[(curves["model"] == "ar") & (curves["D"] > Dc)]
    assert ar["wage_impact_pct"].max() - ar["wage_impact_pct"].min() < 1e-9  # flat beyond the cap
    # the literal A-R shock (ordinary capital) saturates in the long run too
    plain_setup = S.ar_setup(dict(AR_CFG, ai_productivity=0.0))
    assert [g["what"] for g in response.regions("ar", 0.6, ar_setup=plain_setup)] == [
        "impact (wage, labour share, output), and the wage trough",
        "long run",
    ]
    m1 = response.regions("bbz", 0.6, bbz_cfg=dict(BBZ_CFG, model=1))
    assert m1[0]["kind"] == "no equilibrium" and m1[0]["D_from"] == pytest.approx(
        S.Model1(BBZParams()).alpha_L / (1 + S.Model1(BBZParams()).alpha_L)
    )


# --- uncertainty ---------------------------------------------------------------------------------


def synthetic_measures(n=60, seed=5):
    rng = np.random.default_rng(seed)
    emp = rng.uniform(1e3, 1e5, n)
    wage = rng.uniform(3e4, 1.2e5, n)
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


def test_uncertainty_draws_do_not_depend_on_chunking(setup):
    frames = synthetic_measures()
    spec = uncertainty.Spec(
        seed=7,
        measures=uncertainty.candidate_measures(frames),
        ranges={"sigma": (0.5, 2.0), "cost_saving": (0.1, 0.4)},
        t_grid=tuple(T_GRID),
    )
    assert spec.measures == ("binary_im", "fractional_im")  # the percentile rank is not a share of work
    scen = [
        dict(scenario="upper_bound", phi_feasible=1.0, phi_adopted=1.0),
        dict(scenario="low", phi_feasible=0.5, phi_adopted=1.0),
    ]
    one = uncertainty.run_chunk(spec, frames, scen, AR_CFG, BBZ_LIN, draws=3, chunks=1, chunk=0)
    parts = [uncertainty.run_chunk(spec, frames, scen, AR_CFG, BBZ_LIN, draws=3, chunks=2, chunk=c) for c in (0, 1)]
    for k in (0, 1):
        pd.testing.assert_frame_equal(one[k], pd.concat([p[k] for p in parts], ignore_index=True))
    d = one[0]
    assert (
        sorted(d["draw"].unique()) == [0, 1, 2] and (d["ar_status"] == "ok").all() and (d["bbz_status"] == "ok").all()
    )
    up, low = d[d["scenario"] == "upper_bound"].reset_index(), d[d["scenario"] == "low"].reset_index()
    np.testing.assert_allclose(low["D"], 0.5 * up["D"], rtol=1e-12)  # same draw, the scenario's phi
    # the parameter stream does not depend on the measures on offer
    other = uncertainty.Spec(seed=7, measures=("fractional_im",), ranges=spec.ranges)
    assert uncertainty.draw_inputs(1, spec, frames)["sigma"] == uncertainty.draw_inputs(1, other, frames)["sigma"]


def test_bands_and_containment_on_known_paths():
    t = np.arange(0.0, 10.0, 1.0)
    central = pd.DataFrame(dict(scenario="s", model="ar", t=t, wage_pct=np.sin(t), labour_share_pp=-t, output_pct=t**2))
    draws = []
    for d, shift in enumerate(np.linspace(-1, 1, 21)):  # symmetric copies around the central path
        draws.append(
            central.assign(
                draw=d,
                wage_pct=central["wage_pct"] + shift,
                labour_share_pp=central["labour_share_pp"] - shift,
                output_pct=central["output_pct"] + 2 * shift,
            )
        )
    bnd = uncertainty.bands(pd.concat(draws))
    w = bnd[bnd["variable"] == "wage_pct"].sort_values("t")
    np.testing.assert_allclose(w["q50"], np.sin(t), atol=1e-12)
    np.testing.assert_allclose(w["q95"] - w["q05"], 1.8, atol=1e-12)
    cont = uncertainty.containment(bnd, central)
    assert (cont["inside_share"] == 1).all() and (cont["max_outside"] == 0).all()
    shifted = central.assign(wage_pct=central["wage_pct"] + 1.5)
    c2 = uncertainty.containment(bnd, shifted).set_index("variable")
    assert c2.loc["wage_pct", "inside_share"] == 0 and c2.loc["wage_pct", "max_outside"] == pytest.approx(0.6)


def test_bands_contain_the_central_path_of_both_models(setup):
    """The production draw design (two share measures, bootstrap, sigma and the cost saving on the
    calibration ranges) through both models: the central path, run at the centre of the design,
    lies inside the 5-95% bands at least as often as the median draw does and near the middle of
    the draws (median quantile rank in the interquartile range). Reference: the draws' own
    empirical distribution (each draw's share of dates inside the bands)."""
    frames = synthetic_measures(n=80, seed=11)
    ranges, cut = uncertainty.feasible_ranges({"sigma": (0.5, 2.0), "cost_saving": (0.1, 0.5)}, AR_CFG)
    assert ranges["cost_saving"] == (0.1, 0.48) and "0.48" in cut  # n0 = 1 at sigma = 0.5 gives a saving of 0.481
    spec = uncertainty.Spec(
        seed=3, measures=uncertainty.candidate_measures(frames), ranges=ranges, t_grid=tuple(T_GRID)
    )
    scen = [dict(scenario="upper_bound", phi_feasible=1.0, phi_adopted=1.0)]
    draws, paths = uncertainty.run_chunk(spec, frames, scen, AR_CFG, BBZ_LIN, draws=20, chunks=1, chunk=0)
    assert (draws["ar_status"] == "ok").all() and set(draws["measure"]) == {"binary_im", "fractional_im"}
    assert (
        draws["ar_labour_share_initial"].std() > 0.01
    )  # the cost saving moves the initial economy, and it is recorded
    inputs = uncertainty.central_inputs(draws, spec)
    assert inputs["upper_bound"]["sigma"] == pytest.approx(1.25) and inputs["upper_bound"]["D"] == pytest.approx(
        draws["D"].median()
    )
    cen_rows, cen = uncertainty.central(frames, "fractional_im", scen, AR_CFG, BBZ_LIN, spec.t_grid, inputs=inputs)
    cont = uncertainty.containment(uncertainty.bands(paths), cen, paths=paths)
    assert len(cont) == 6 and (cont["inside_share"] >= cont["draw_inside_share"]).all(), cont
    assert cont["rank_median"].between(0.25, 0.75).all(), cont
    # the old central path (primary measure, full sample, sigma at the bottom of its range) is not central
    _, old = uncertainty.central(
        frames, "fractional_im", scen, dict(AR_CFG, params={"sigma": 0.5}), BBZ_LIN, spec.t_grid
    )
    old_cont = uncertainty.containment(uncertainty.bands(paths), old, paths=paths)
    assert (old_cont["inside_share"] < old_cont["draw_inside_share"]).any(), old_cont


# --- tornado, names, summary ------------------------------------------------------------------------


def test_tornado_moves_one_parameter_at_a_time(setup):
    sc = S.Scenario("fractional_im", "upper_bound", "fractional_im / upper_bound", 0.15, 0.15, D_employment=0.12)
    _, ar = S.run_ar(sc, AR_CFG, setup)
    _, bbz = S.run_bbz(sc, BBZ_LIN)
    row = S.summary_row(sc, ar, bbz)
    ranges = {"ar_lam": [0.0, 1.0], "bbz_split": [0.5, 1.5]}
    tab = tornado.tornado(sc, row, AR_CFG, BBZ_LIN, ranges, t_report=T_GRID)
    assert set(tab["parameter"]) == {"ar_lam", "bbz_split"} and (tab["status_low"] == "ok").all()
    lam = tab[(tab["parameter"] == "ar_lam") & (tab["headline"] == "wage_lr_pct")].iloc[0]
    assert lam["high"] == pytest.approx(lam["baseline"], abs=1e-9)  # lam = 1 is the baseline
    assert lam["low"] < lam["baseline"]  # ordinary capital in the measured tasks: smaller long-run gain
    sp = tab[(tab["parameter"] == "bbz_split") & (tab["headline"] == "wage_trough_pct")].iloc[0]
    assert sp["high"] < sp["baseline"] < sp["low"]  # more workers competing with robots: deeper trough
    with pytest.raises(S.ModelError, match="unknown parameter"):
        tornado.variants(sc, AR_CFG, BBZ_LIN, {"rho": [0.01, 0.1]})


def test_tornado_per_model_jobs_combine_to_the_joint_table(setup):
    """The scenario job split per model (issue 18, item 5): each model's tornado rows, computed
    without the other model's configuration and passed through the JSON file between the jobs,
    combine to exactly the table of the joint computation, in the order of the ranges; the
    figure note is the two parts joined."""
    import json

    from ailabor.ge.json_summary import json_plain

    sc = S.Scenario("fractional_im", "upper_bound", "fractional_im / upper_bound", 0.15, 0.15, D_employment=0.12)
    _, ar = S.run_ar(sc, AR_CFG, setup)
    _, bbz = S.run_bbz(sc, BBZ_LIN)
    row = S.summary_row(sc, ar, bbz)
    ranges = {"bbz_split": [0.5, 1.5], "ar_lam": [0.0, 1.0], "bbz_sigma2": [2.0, 3.0]}  # models interleaved
    joint = tornado.tornado(sc, row, AR_CFG, BBZ_LIN, ranges, t_report=T_GRID)
    parts = []
    for model, cfg, summary in (("ar", AR_CFG, ar), ("bbz", BBZ_LIN, bbz)):
        _, own_summary, tab, _ = tornado.run_model(sc, model, cfg, ranges, t_report=T_GRID)
        assert json_plain(own_summary) == json_plain(summary)  # the model job's run is the joint run's
        back = json.loads(json.dumps(json_plain({"rows": tab.to_dict("records")})))
        parts.append(pd.DataFrame(back["rows"], columns=list(tab.columns)))
    combined = tornado.combine(parts, ranges)
    pd.testing.assert_frame_equal(combined, joint)
    assert list(dict.fromkeys(combined["parameter"])) == list(ranges)
    assert tornado.note(setup, BBZ_LIN, ranges) == tornado.note_ar(setup, ranges) + tornado.note_bbz(BBZ_LIN)
    # a summary passed through the intermediate JSON gives the same summary row (inf kept)
    ar_back = json.loads(json.dumps(json_plain(ar)))
    bbz_back = json.loads(json.dumps(json_plain(bbz)))
    back_row = S.summary_row(sc, ar_back, bbz_back)
    assert back_row.keys() == row.keys()
    for k, v in row.items():
        assert back_row[k] == v or (v != v and back_row[k] != back_row[k]), k  # equal, or both NaN
    with pytest.raises(S.ModelError, match="unknown parameter"):
        tornado.combine(parts, {"rho": [0.01, 0.1]})


def test_plain_names_carry_no_identifiers():
    for label in (
        "fractional_im / upper_bound",
        "binary_uniform / acemoglu_2024",
        "felten_aioe / aei_automation",
        "seed exposure (legacy)",
    ):
        name = plain.scenario_name(label)
        assert "_" not in name and "/" not in name, name


def test_results_summary_reports_the_mapping_and_bands(tmp_path, curves, setup):
    root = tmp_path / "res"
    (root / "ge" / "response").mkdir(parents=True)
    (root / "ge" / "uncertainty").mkdir(parents=True)
    regs = pd.DataFrame(response.regions("ar", 0.6, ar_setup=setup))
    facts = response.mapping_facts(dict(ar=AR_CFG, bbz=BBZ_CFG), curves, regs)
    facts.to_csv(root / "ge" / "response" / "mapping.csv", index=False)
    curves.to_csv(root / "ge" / "response" / "curves.csv", index=False)
    inputs = {
        "ge_mapping": str(root / "ge" / "response" / "mapping.csv"),
        "ge_curves": str(root / "ge" / "response" / "curves.csv"),
    }
    text = build(inputs, root, dataset="t", vintage="v", vintages={})
    m = facts.set_index("key")["value"]
    assert "GE response curves against the displacement share D" in text
    assert f"beyond D = {100 * m['ar_impact_cap_D']:.4g}%" in text and "monotone on the grid: yes" in text
    assert "| A-R | 30 |" in text and "| BBZ | 60 |" in text


def test_ge_block_takes_only_the_ge_sections(tmp_path):
    from ailabor.report.summary import GE_END, GE_START, ge_block, replace_block

    summary = tmp_path / "results_summary.md"
    summary.write_text(
        "## Results: dataset `mirror`, vintage `v1`\n\nData vintages: x.\n\n### Headline numbers\n\n| a |\n\n"
        "### GE response curves against the displacement share D\n\n- fact 1\n\n"
        "### GE uncertainty from the data to the paths\n\n| q |\n\n"
        "### Econometrics\n\nnot this\n"
    )
    block = ge_block(summary)
    assert block.startswith(GE_START) and block.endswith(GE_END)
    assert "### GE response curves" in block and "### GE uncertainty" in block and "- fact 1" in block
    assert "Headline" not in block and "not this" not in block and "dataset `mirror`, vintage `v1`" in block
    doc = tmp_path / "results.md"
    doc.write_text(f"intro\n\n{GE_START}\nold\n{GE_END}\n\noutro\n")
    assert replace_block(doc, GE_START, GE_END, block) and not replace_block(doc, GE_START, GE_END, block)
    text = doc.read_text()
    assert "old" not in text and text.startswith("intro") and text.rstrip().endswith("outro")


def test_model2_split_with_perfect_substitutes_everywhere_is_an_error():
    """sigma1 = sigma2 = sigma3 = inf: every split equalises the marginal products, so there is
    no interior split to find (the solver must say so, not return its starting point)."""
    m = Model2(BBZParams().with_(sigma1=math.inf, sigma2=math.inf, sigma3=math.inf))
    from ailabor.ge.bbz import ModelError as BBZModelError

    with pytest.raises(BBZModelError, match="no interior labour split"):
        m.split(np.array([m.K0]), np.array([1.0]))


@pytest.mark.parametrize("sigmas", [(1.0, 2.5, 0.5), (0.6, 10.0, 0.25), (2.0, 1.0, 1.0), (math.inf, 20.0, 0.5)])
def test_model2_split_function_and_its_slope_in_closed_form(sigmas):
    """The Newton function of the labour split, g(u) = ln MPL1 - ln MPL2 in closed form from the
    inputs' logs (Model2._g), against the marginal products of the CES aggregators (Model2._mp,
    built on ces.ces), and its closed-form slope against a central difference of that reference."""
    s1, s2, s3 = sigmas
    m = Model2(BBZParams().with_(sigma1=s1, sigma2=s2, sigma3=s3, theta_L2=0.3))
    rng = np.random.default_rng(7)
    K, zz = m.K0 * np.exp(rng.normal(0, 1, 25)), np.exp(rng.normal(0, 1, 25))
    u = rng.normal(0, 3, 25)

    def reference(x):
        _, _, _, _, _, _, H_l, V_l, _, Q_H, Q_V = m._mp(x, K, zz)
        return np.log(Q_V * V_l / m.L10) - np.log(Q_H * H_l / m.L20)

    g, slope = m._g(u, np.log(K / m.K0), np.log(zz))
    np.testing.assert_allclose(g, reference(u), rtol=1e-10, atol=1e-12)
    h = 1e-5
    np.testing.assert_allclose(slope, (reference(u + h) - reference(u - h)) / (2 * h), rtol=1e-6, atol=1e-9)
    assert np.all(slope < 0)  # g is decreasing: one interior root at most


def test_saddle_system_jacobian_equals_central_differences(setup):
    """The analytic Jacobian solve_bvp is given (from the spline's derivative) against central
    differences of the ODE itself, over the range the transition crosses."""
    p = setup.params
    band = S.ar_band(0.2, setup)
    k0, ss = ai_band.steady_state(p, ai_band.Band(setup.n0))["k"], ai_band.steady_state(p, band)
    lo, hi = sorted([math.log(k0), math.log(ss["k"])])
    sp = ai_band.BandSpline(p, band, lo - 0.7, hi + 0.7)
    fun, jac = ai_band.saddle_system(p, sp)
    u = np.linspace(lo - 0.3, hi + 0.3, 23)
    v = math.log(ss["c"]) + 0.1 * np.sin(np.arange(u.size))
    J = jac(0.0, np.vstack([u, v]))
    h = 1e-6
    for j in range(2):
        e = np.zeros((2, 1))
        e[j] = h
        Y = np.vstack([u, v])
        fd = (fun(0.0, Y + e) - fun(0.0, Y - e)) / (2 * h)
        np.testing.assert_allclose(J[:, j, :], fd, rtol=1e-5, atol=1e-7)
