"""Wild cluster bootstrap (WCR, test-inverted intervals) and randomisation inference, each
against an independent reference: wildboottest, brute-force re-estimation, closed forms.
(Two-way clustering is tested against pyfixest in test_event_study.py.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ailabor.econometrics import event_study, inference, legacy
from ailabor.econometrics.fe import Demeaner, WCRBootstrap, draw_weights, fe_ols, wcr_t, wild_bootstrap_affine
from ailabor.econometrics.oews_panels import post_share
from tests.conftest import SHARED, requires_shared

DATE = "2022-11-30"
SEED_PANEL = SHARED / "reference" / "legacy" / "acemoglu_restrepo_did_panel_data.csv"


@pytest.fixture(scope="module")
def synth(synth_panel):
    return synth_panel


@pytest.fixture(scope="module")
def headline(synth):
    """The headline regression on the synthetic panel, 999 bootstrap and 999 permutation draws."""
    d, design = inference.headline_data(synth["panel"], synth["measure"], "ln_wage", DATE)
    res = fe_ols(d["y"].to_numpy(), design.X, design.names, d[["unit_code", "major_year"]], d["major"].to_numpy())
    boot = inference.bootstrap_chunk(
        synth["panel"], synth["measure"], outcome="ln_wage", date=DATE, draws=range(999), seed=11, kind="webb"
    )
    perm = inference.permutation_chunk(
        synth["panel"], synth["measure"], outcome="ln_wage", date=DATE, draws=range(999), seed=12
    )
    return dict(d=d, design=design, res=res, boot=boot, perm=perm, b=float(res.coef[0]), se=float(res.se()[0]))


# --- chunking --------------------------------------------------------------------------------


def test_inference_does_not_depend_on_chunking(synth):
    """Two chunkings of the same draws give identical chunk rows and an identical combined table
    (p-values, inverted intervals); the chunk ranges tile the draws."""
    kw = dict(outcome="ln_wage", date=DATE)
    whole = inference.bootstrap_chunk(synth["panel"], synth["measure"], draws=range(0, 60), seed=3, kind="webb", **kw)
    parts = pd.concat(
        [
            inference.bootstrap_chunk(
                synth["panel"], synth["measure"], draws=inference.chunk_range(60, 4, c), seed=3, kind="webb", **kw
            )
            for c in range(4)
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(whole, parts, check_exact=True)
    p1 = inference.permutation_chunk(synth["panel"], synth["measure"], draws=range(0, 30), seed=4, **kw)
    p2 = pd.concat(
        [
            inference.permutation_chunk(
                synth["panel"], synth["measure"], draws=inference.chunk_range(30, 3, c), seed=4, **kw
            )
            for c in range(3)
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(p1, p2, check_exact=True)
    ranges = [inference.chunk_range(999, 4, c) for c in range(4)]
    assert (
        [r.start for r in ranges[1:]] == [r.stop for r in ranges[:-1]]
        and ranges[0].start == 0
        and ranges[-1].stop == 999
    )
    a = inference.combine(synth["panel"], synth["measure"], whole, p1, measure_name="truth", **kw)
    b = inference.combine(
        synth["panel"],
        synth["measure"],
        parts.sample(frac=1, random_state=0),
        p2.iloc[::-1],
        measure_name="truth",
        **kw,
    )  # chunk order is irrelevant
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert set(a["method"].str.split(" ").str[0]) == {"wild", "randomisation"}
    for col in (
        "measure",
        "outcome",
        "date",
        "term",
        "estimate",
        "se_cr1_major",
        "t",
        "method",
        "draws",
        "p_value",
        "p_value_formula",
        "ci_low",
        "ci_high",
        "ci_method",
        "n_clusters",
    ):
        assert col in a.columns
    with pytest.raises(Exception, match="overlap"):
        inference.combine(
            synth["panel"], synth["measure"], pd.concat([whole, whole.iloc[:5]]), p1, measure_name="truth", **kw
        )


# --- the WCR bootstrap against brute force -------------------------------------------------------


def test_wcr_draws_equal_brute_force_refits_for_any_null(headline):
    """Reference: brute-force re-estimation. For null b0 each draw is rebuilt from scratch --
    restricted FE fit of y - b0 x, y* = fitted + v u_restricted, full FE regression of y* with CR1
    by major group -- and its t = (beta* - b0)/se* equals the affine-in-b0 coefficients stored by
    the chunk (which also checks that the FE projection commutes with the cluster weights)."""
    d, design, res, boot = headline["d"], headline["design"], headline["res"], headline["boot"]
    y, x, fe, cl = d["y"].to_numpy(), design.X[:, 0], d[["unit_code", "major_year"]], d["major"].to_numpy()
    codes, _ = pd.factorize(cl)
    for b0 in (0.0, headline["b"], -0.2, 0.35):
        u_r = Demeaner(fe)(y - b0 * x)
        t = []
        for b in range(25):
            ystar = (y - u_r) + draw_weights(11, b, res.n_clusters, "webb")[codes] * u_r
            r = fe_ols(ystar, design.X, design.names, fe, cl)
            t.append((r.coef[0] - b0) / r.se()[0])
        np.testing.assert_allclose(wcr_t(boot.iloc[:25], b0), t, rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(boot["t_star"], wcr_t(boot, 0.0))


def test_bootstrap_refuses_fixed_effects_not_nested_in_clusters(headline):
    d, design = headline["d"], headline["design"]
    res = fe_ols(d["y"].to_numpy(), design.X, design.names, d[["unit_code", "major_year"]], d["unit_code"].to_numpy())
    with pytest.raises(ValueError, match="nested"):
        wild_bootstrap_affine(res, 0, d["unit_code"].to_numpy(), range(5), 1)


def test_wild_bootstrap_is_a_valid_test_under_the_null(synth):
    """Size check: with an exposure unrelated to wages, the WCR bootstrap t-statistics of the
    (true) null are roughly standard."""
    d = event_study.prepare(synth["panel"], synth["measure"], "ln_wage")
    rng = np.random.default_rng(0)
    units = d["unit_code"].unique()
    measure_null = pd.DataFrame({"oews_code": units, "exposure": rng.random(len(units)), "employment": 1.0})
    boot = inference.bootstrap_chunk(
        synth["panel"], measure_null, outcome="ln_wage", date=DATE, draws=range(199), seed=1, kind="webb"
    )
    assert 0.7 < boot["t_star"].std() < 1.4  # t statistics of a true null are roughly standard


# --- test inversion ---------------------------------------------------------------------------


def _check_interval(pfun, lo: float, hi: float, estimate: float, scale: float, B: int, alpha: float = 0.05):
    eps = 1e-7 * scale
    assert lo < estimate < hi
    assert pfun(estimate) == 1.0
    for end, inside, outside in ((lo, lo + eps, lo - eps), (hi, hi - eps, hi + eps)):
        assert pfun(inside) > alpha >= pfun(outside), (end, pfun(inside), pfun(outside))
        assert abs(pfun(inside) - alpha) <= 2 / (B + 1)
    grid = np.linspace(estimate - 6 * scale, estimate + 6 * scale, 1201)  # closed form: p on a grid
    ins = grid[[pfun(g) > alpha for g in grid]]
    assert lo <= ins.min() < lo + grid[1] - grid[0] and hi - (grid[1] - grid[0]) < ins.max() <= hi


def test_bootstrap_interval_inverts_the_bootstrap_test(headline):
    """Reference: direct evaluation of p(b0) = (1 + #{|t*_b(b0)| >= |t(b0)|}) / (1 + B) from the
    draws (and a grid search). At the reported ends p crosses alpha; the interval contains the
    estimate; it is the set where p > alpha."""
    boot, b, se = headline["boot"], headline["b"], headline["se"]
    lo, hi, method = inference.wcr_confint(boot, b, se, 0.05)
    assert method == "wild bootstrap test inversion"
    _check_interval(lambda b0: inference.wcr_pvalue(boot, b, se, b0), lo, hi, b, se, len(boot))
    lo90, hi90, _ = inference.wcr_confint(boot, b, se, 0.10)
    assert lo < lo90 < hi90 < hi


def test_permutation_interval_inverts_the_permutation_test(headline):
    """Reference: brute-force re-estimation. For a few b0 the permutation estimates of y - b0 x
    are recomputed from scratch and give the p-value of the stored (beta*, kappa) draws; the
    inverted interval's ends are where that p-value crosses alpha."""
    d, design, perm, b, se = headline["d"], headline["design"], headline["perm"], headline["b"], headline["se"]
    dose = d["year"].map(lambda yr: post_share(int(yr), DATE)).to_numpy()
    by_unit, strata = d.groupby("unit_code")["exposure"].first(), d.groupby("unit_code")["major"].first()
    from ailabor.econometrics.fe import permutation_estimates

    for b0 in (b - 2 * se, b + 1.5 * se, 0.0):
        shifted = permutation_estimates(
            d["y"].to_numpy() - b0 * design.X[:, 0],
            by_unit,
            d["unit_code"].to_numpy(),
            lambda e: (e * dose)[:, None],
            d[["unit_code", "major_year"]],
            None,
            range(200),
            12,
            0,
            strata=strata,
        )
        np.testing.assert_allclose(
            shifted, perm["beta_star"].to_numpy()[:200] - b0 * perm["kappa"].to_numpy()[:200], rtol=1e-9, atol=1e-12
        )
    lo, hi, method = inference.ri_confint(perm["beta_star"], perm["kappa"], b, se)
    assert method.startswith("permutation test inversion")
    _check_interval(lambda b0: inference.ri_pvalue(perm["beta_star"], perm["kappa"], b, b0), lo, hi, b, se, len(perm))


def test_invert_test_closed_form():
    """Closed form: draws whose exceedance sets are known intervals [-a_b, a_b] (g_b = a_b^2 - delta^2)
    give p(delta) = (1 + #{a_b >= |delta|}) / (1 + B), so with B = 999 the 95% interval ends at the
    50th largest a_b ((1 + 50)/1000 > 0.05 >= (1 + 49)/1000). Draws that exceed only on [20, 30]
    make the confidence set non-convex: the component containing 0 and the hull are reported."""
    a = np.arange(1, 1000) / 100.0
    poly = np.column_stack([-np.ones_like(a), np.zeros_like(a), a**2])
    r = inference.invert_test(poly, 0.05)
    assert r["high"] == pytest.approx(np.sort(a)[-50], rel=1e-12) and r["low"] == pytest.approx(
        -np.sort(a)[-50], rel=1e-12
    )
    assert r["hull_low"] == r["low"] and r["hull_high"] == r["high"] and r["p_at_estimate"] == 1.0
    # one draw that always exceeds (g = 1): B = 1000, (2 + #)/1001 > 0.05 <=> # >= 49
    r = inference.invert_test(np.vstack([poly, [0.0, 0.0, 1.0]]), 0.05)
    assert r["high"] == pytest.approx(np.sort(a)[-49], rel=1e-12)
    # 60 draws exceeding only on [20, 30] (g = -(d - 20)(d - 30)): B = 1059, inside <=> # >= 53
    far = np.tile([-1.0, 50.0, -600.0], (60, 1))
    r = inference.invert_test(np.vstack([poly, far]), 0.05)
    assert r["high"] == pytest.approx(np.sort(a)[-53], rel=1e-12) and r["low"] == pytest.approx(
        -np.sort(a)[-53], rel=1e-12
    )
    assert r["hull_high"] == pytest.approx(30.0, rel=1e-12) and r["hull_low"] == r["low"]
    # every draw always exceeds: unbounded
    r = inference.invert_test(np.tile([0.0, 0.0, 1.0], (99, 1)), 0.05)
    assert r["low"] == -np.inf and r["high"] == np.inf


# --- p-values --------------------------------------------------------------------------------


def test_p_values_are_never_zero_and_state_their_formula(synth):
    """Closed form: with a planted effect so strong that no permutation or bootstrap draw is as
    extreme as the data, p = (1 + 0)/(1 + B), not 0 (the old #/B gave exactly 0)."""
    d = event_study.prepare(synth["panel"], synth["measure"], "ln_wage")
    e = d.groupby("unit_code")["exposure"].first()
    panel = synth["panel"].copy()
    shift = np.exp(-3.0 * panel["unit_code"].map(e).fillna(0.0) * panel["year"].map(lambda y: post_share(int(y), DATE)))
    panel["a_mean"] = panel["a_mean"] * shift
    kw = dict(outcome="ln_wage", date=DATE)
    boot = inference.bootstrap_chunk(panel, synth["measure"], draws=range(199), seed=1, kind="webb", **kw)
    perm = inference.permutation_chunk(panel, synth["measure"], draws=range(199), seed=2, **kw)
    out = inference.combine(panel, synth["measure"], boot, perm, measure_name="x", **kw)
    out.index = out["method"].str.split(" ").str[0]
    assert out.loc["randomisation", "p_value"] == pytest.approx(1 / 200)
    assert out.loc["wild", "p_value"] >= 1 / 200
    assert (out["p_value"] > 0).all()
    assert out.loc["wild", "p_value_formula"].startswith("(1 + #{b: |t*_b| >= |t|}) / (1 + B)")
    assert out.loc["randomisation", "p_value_formula"] == "(1 + #{b: |beta*_b| >= |beta|}) / (1 + B)"
    assert out.loc["wild", "ci_method"] == "wild bootstrap test inversion"
    assert out.loc["wild", "ci_high"] < 0 and out.loc["randomisation", "ci_high"] < 0


# --- the seed DiD panel against wildboottest ---------------------------------------------------


@pytest.fixture(scope="module")
def seed_did():
    """The seed's stacked two-period DiD (legacy.stacked): Delta ln wage on the treatment, post,
    their interaction and ln employment, with a constant, clustered by SOC code. Used only by
    tests marked ``realdata`` (skipped as a whole when ../shared/data is absent)."""
    long = legacy.stacked(pd.read_csv(SEED_PANEL))
    codes = pd.factorize(long["soc_code"])[0]  # wildboottest's numba kernel needs numeric cluster ids
    return long, codes


def _seed_design(long: pd.DataFrame, treat: str, inter: str) -> pd.DataFrame:
    import statsmodels.api as sm

    return sm.add_constant(long[[treat, "post", inter, "ln_employment"]])


def _mc_tol(p1: float, p2: float, B: int) -> float:
    """Two independent Monte Carlo p-values with B draws each: sd of the difference
    sqrt(2 p (1 - p) / B); allow 4 sd plus the (1 + #)/(1 + B) vs #/B offset."""
    p = (p1 + p2) / 2
    return 4 * np.sqrt(2 * p * (1 - p) / B) + 2 / (B + 1)


@requires_shared
@pytest.mark.realdata
@pytest.mark.parametrize(
    "treat,inter,kind", [("high_exposure", "high_x_post", "rademacher"), ("ai_exposure", "exposure_x_post", "webb")]
)
def test_seed_did_wcr_p_value_matches_wildboottest(seed_did, treat, inter, kind):
    """Reference: wildboottest (WCR, impose_null=True, bootstrap_type '11', same weights, B = 9999,
    its own random draws). The project's p-value of H0: beta = 0 agrees within Monte Carlo error,
    and its CR1 t equals wildboottest's t."""
    import statsmodels.api as sm
    from wildboottest.wildboottest import wildboottest

    long, codes = seed_did
    X = _seed_design(long, treat, inter)
    j = list(X.columns).index(inter)
    res = fe_ols(long["delta_ln_wage"].to_numpy(), X.to_numpy(), list(X.columns), None, codes)
    B = 9999
    ours = inference.wcr_pvalue(
        wild_bootstrap_affine(res, j, codes, range(B), 20260115, kind), res.coef[j], res.se()[j]
    )
    wb = wildboottest(
        sm.OLS(long["delta_ln_wage"], X),
        B=B,
        cluster=codes,
        param=inter,
        weights_type=kind,
        impose_null=True,
        bootstrap_type="11",
        seed=20260116,
        parallel=False,
        show=False,
    )
    theirs = float(wb["p-value"].iloc[0])
    assert float(np.ravel(wb["statistic"].iloc[0])[0]) == pytest.approx(res.coef[j] / res.se()[j], rel=1e-10)
    assert abs(ours - theirs) <= _mc_tol(ours, theirs, B), (ours, theirs)


@requires_shared
@pytest.mark.realdata
def test_seed_did_interval_ends_have_p_alpha_in_wildboottest(seed_did):
    """References: wildboottest on the outcome shifted by b0 x (its test of beta = 0 is the test
    of beta = b0 on the original data), and the project's own bootstrap of the shifted outcome
    (brute force: no affine algebra in b0).

    * At both ends of the project's test-inverted 95% interval wildboottest's p-value (its own
      draws) is 0.05 within Monte Carlo error.
    * Fed wildboottest's cluster weights at the lower end, the project's affine coefficients give
      wildboottest's bootstrap t-statistics draw by draw (to 1e-10).
    * For several b0 the shifted-outcome bootstrap with the same seeds reproduces p(b0)."""
    import statsmodels.api as sm
    from wildboottest.wildboottest import WildboottestCL, wildboottest

    long, codes = seed_did
    X = _seed_design(long, "high_exposure", "high_x_post")
    j = list(X.columns).index("high_x_post")
    y, x = long["delta_ln_wage"].to_numpy(), X["high_x_post"].to_numpy()
    res = fe_ols(y, X.to_numpy(), list(X.columns), None, codes)
    B = 4999
    coefs = wild_bootstrap_affine(res, j, codes, range(B), 7, "rademacher")
    b, se = res.coef[j], res.se()[j]
    lo, hi, _ = inference.wcr_confint(coefs, b, se)
    assert lo < b < hi < 0
    for b0 in (lo, hi, b - 1.3 * se, 0.0):
        shifted = fe_ols(y - b0 * x, X.to_numpy(), list(X.columns), None, codes)
        p_shift = inference.wcr_pvalue(
            wild_bootstrap_affine(shifted, j, codes, range(B), 7, "rademacher"), shifted.coef[j], shifted.se()[j], 0.0
        )
        assert p_shift == pytest.approx(
            inference.wcr_pvalue(coefs, b, se, b0), abs=1.5 / (B + 1)
        )  # equal up to a draw on the boundary
    R = np.zeros(X.shape[1])
    R[j] = 1
    wb = WildboottestCL(X=X.to_numpy(), Y=y - lo * x, cluster=codes, R=R, B=B, seed=3, parallel=False)
    wb.get_scores(bootstrap_type="11", impose_null=True)
    wb.get_weights("rademacher")
    wb.get_numer()
    wb.get_denom()
    wb.get_tboot()
    wb.get_vcov()
    wb.get_tstat()
    wb.get_pvalue()
    np.testing.assert_allclose(
        wcr_t(WCRBootstrap(res, j, codes).coefficients(wb.v), lo), wb.t_boot, rtol=1e-10, atol=1e-12
    )
    assert float(np.ravel(wb.t_stat)[0]) == pytest.approx((b - lo) / se, rel=1e-10)
    p_lo = float(wb.pvalue)
    p_hi = float(
        wildboottest(
            sm.OLS(y - hi * x, X),
            B=B,
            cluster=codes,
            param="high_x_post",
            weights_type="rademacher",
            impose_null=True,
            bootstrap_type="11",
            seed=4,
            parallel=False,
            show=False,
        )["p-value"].iloc[0]
    )
    for p in (p_lo, p_hi):
        assert abs(p - 0.05) <= _mc_tol(p, 0.05, B), (p_lo, p_hi)
