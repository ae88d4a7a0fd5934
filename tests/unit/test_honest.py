"""Rambachan-Roth (2023) sensitivity analysis (:mod:`ailabor.econometrics.honest`).

Independent references:

* the R package HonestDiD's README (github.com/asheshrambachan/HonestDiD, "Example usage -
  Medicaid expansions"): robust intervals for the Medicaid example, reproduced from the same
  data (``moderndid.load_ehec()``, the README's ehec_data.dta) and the same TWFE event study;
* the closed-form ordinary confidence interval l'β ± z sqrt(l'Σl);
* moderndid 0.2.0's own routines (``lp_conditional_test``, ``test_in_identified_set_lf_hybrid``,
  ``compute_least_favorable_cv``, ``compute_flci``) for the pieces this module evaluates itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest
from moderndid import load_ehec
from scipy import optimize, stats

from ailabor.econometrics import honest

FIRST = np.array([1.0, 0.0])
AVERAGE = np.array([0.5, 0.5])


@pytest.fixture(scope="module")
def medicaid():
    """(betahat, sigma) of the HonestDiD README's non-staggered Medicaid event study.

    ``dins ~ i(year, D, ref = 2013) | stfips + year`` on years < 2016 without the 2015 cohort,
    D = 1 for states expanding in 2014 (never-treated states have a missing ``yexp2``), clustered
    by state. pyfixest's CRV1 uses the fixest convention, as the README's ``fixest::feols``:
    V = G/(G-1) * (N-1)/(N-K) * (X'X)^-1 (sum_g X_g'u_g u_g'X_g) (X'X)^-1 with G = 43 states,
    N = 344 state-years and K = 15 (the 7 event-time coefficients and the year effects; the state
    effects are nested in the clusters and not counted), a factor of 1.0674. betahat: 2008..2012
    (5 pre periods, oldest first), then 2014, 2015 (2 post periods); 2013 is the reference.
    """
    df = load_ehec()
    df = df.to_pandas() if hasattr(df, "to_pandas") else pd.DataFrame(df)
    d = df[(df["year"] < 2016) & (df["yexp2"].isna() | (df["yexp2"] != 2015))].copy()
    d["D"] = (d["yexp2"] == 2014).astype(float)
    fit = pf.feols("dins ~ i(year, D, ref=2013) | stfips + year", data=d, vcov={"CRV1": "stfips"})
    names = [f"year::{y}:D" for y in (2008, 2009, 2010, 2011, 2012, 2014, 2015)]
    coef = fit.coef()
    assert list(coef.index) == names
    assert d["stfips"].nunique() == 43 and len(d) == 344
    return coef.to_numpy(), np.asarray(fit._vcov)


@pytest.fixture(scope="module")
def table(medicaid):
    b, v = medicaid
    return honest.sensitivity(b, v, 5, 2, mbar_grid=(0, 0.5, 1, 1.5, 2), m_grid=(0, 0.01, 0.02, 0.03))


@pytest.fixture(scope="module")
def breakdowns(medicaid):
    b, v = medicaid
    return honest.breakdown(b, v, 5, 2)


def _rows(table, target, restriction):
    return table[(table["target"] == target) & (table["restriction"] == restriction)].set_index("value")


def test_medicaid_relative_magnitudes_match_r_honestdid(table):
    """ΔRM, first post period (2014), C-LF: the R HonestDiD values for M̄ = 0.5 .. 2.

    The tolerance reflects R's printed precision: the README prints 3 significant figures (up
    to 5e-5 of rounding) of end points read off a 1,000-point grid (a step of about 4e-4 with the
    default grid range) with R's own random least-favourable draws. The measured largest gap is
    about 2.3e-4 (M̄ = 1); tolerance 3e-4."""
    r = {0.5: (0.0240, 0.0672), 1.0: (0.0170, 0.0720), 1.5: (0.00824, 0.0797), 2.0: (-0.000916, 0.0881)}
    got = _rows(table, honest.FIRST, honest.RM)
    assert (got["method"] == "C-LF").all() and (got["parameter"] == "Mbar").all()
    for mbar, (lb, ub) in r.items():
        assert got.loc[mbar, "lb"] == pytest.approx(lb, abs=3e-4)
        assert got.loc[mbar, "ub"] == pytest.approx(ub, abs=3e-4)


def test_medicaid_smoothness_matches_r_honestdid(table):
    """ΔSD, first post period, FLCI: R HonestDiD M = 0 -> [0.0259, 0.0607], M = 0.02 -> [0.00286, 0.0907].

    The tolerance, 1e-4, reflects R's printed precision (3 significant figures: up to 5e-5 of
    rounding); the FLCI involves no grid or random draws."""
    got = _rows(table, honest.FIRST, honest.SD)
    assert (got["method"] == "FLCI").all() and (got["parameter"] == "M").all()
    for m, (lb, ub) in {0.0: (0.0259, 0.0607), 0.02: (0.00286, 0.0907)}.items():
        assert got.loc[m, "lb"] == pytest.approx(lb, abs=1e-4)
        assert got.loc[m, "ub"] == pytest.approx(ub, abs=1e-4)


def test_original_ci_is_closed_form(table, medicaid):
    """The "none (original CI)" rows equal l'β ± z_{0.975} sqrt(l'Σl) for both targets."""
    b, v = medicaid
    z = stats.norm.ppf(0.975)
    assert z == pytest.approx(1.959963984540054)
    for target, l_vec in ((honest.FIRST, FIRST), (honest.AVERAGE, AVERAGE)):
        row = table[(table["target"] == target) & (table["restriction"] == honest.ORIGINAL)]
        assert len(row) == 1
        row = row.iloc[0]
        est = float(l_vec @ b[5:])
        se = float(np.sqrt(l_vec @ v[5:, 5:] @ l_vec))
        assert row["method"] == "original" and row["parameter"] == ""
        assert row["lb"] == pytest.approx(est - z * se, abs=1e-12)
        assert row["ub"] == pytest.approx(est + z * se, abs=1e-12)
        assert row["estimate"] == pytest.approx(est) and row["se"] == pytest.approx(se)
    assert set(table.columns) >= {
        "target",
        "restriction",
        "method",
        "parameter",
        "value",
        "lb",
        "ub",
        "alpha",
        "num_pre",
        "num_post",
        "note",
    }


def test_intervals_widen_with_mbar_and_m(table):
    """Robust intervals are nested (weakly) as M̄ and M grow, for both targets (Medicaid)."""
    for target in honest.TARGETS:
        for restriction in (honest.RM, honest.SD):
            r = _rows(table, target, restriction).sort_index()
            assert len(r) >= 4
            assert np.all(np.diff(r["lb"].to_numpy()) <= 1e-9), (target, restriction)
            assert np.all(np.diff(r["ub"].to_numpy()) >= -1e-9), (target, restriction)


def test_breakdown_is_where_the_robust_ci_first_includes_zero(breakdowns, medicaid):
    """At the breakdown value (just above it) the robust CI includes 0, just below it excludes 0.

    Checked with the interval routines, not with the search: ``honest.rm_ci`` (C-LF end points)
    for ΔRM and moderndid's ``compute_flci`` for ΔSD. Also consistent with the R README's grids
    (ΔRM: lb > 0 at M̄ = 1.5, < 0 at M̄ = 2; ΔSD: lb > 0 at M = 0.02, < 0 at M = 0.03)."""
    from moderndid.didhonest import compute_flci

    b, v = medicaid
    se1 = np.sqrt(v[5, 5])
    for target, l_vec in ((honest.FIRST, FIRST), (honest.AVERAGE, AVERAGE)):
        rm = breakdowns[(breakdowns["target"] == target) & (breakdowns["restriction"] == honest.RM)].iloc[0]
        sd = breakdowns[(breakdowns["target"] == target) & (breakdowns["restriction"] == honest.SD)].iloc[0]
        assert rm["parameter"] == "Mbar" and sd["parameter"] == "M"
        mbar, m = rm["breakdown"], sd["breakdown"]
        assert 0 < mbar < honest.MBAR_SEARCH_MAX and 0 < m < np.inf
        lb_above, ub_above = honest.rm_ci(b, v, 5, 2, l_vec, mbar + 2e-3)
        lb_below, _ = honest.rm_ci(b, v, 5, 2, l_vec, mbar - 2e-3)
        assert lb_above <= 0 <= ub_above and lb_below > 0, (target, mbar)
        above = compute_flci(b, v, m + 2e-3 * se1, 5, 2, post_period_weights=l_vec).flci
        below = compute_flci(b, v, m - 2e-3 * se1, 5, 2, post_period_weights=l_vec).flci
        assert above[0] <= 0 <= above[1] and below[0] > 0, (target, m)
    first = breakdowns.set_index(["target", "restriction"])["breakdown"]
    assert 1.5 < first[(honest.FIRST, honest.RM)] <= 2.0
    assert 0.02 < first[(honest.FIRST, honest.SD)] <= 0.03


def test_breakdown_is_zero_when_the_original_ci_includes_zero(medicaid):
    b, v = medicaid
    b0 = b.copy()
    b0[5:] = 0.005  # post effects well inside one standard error (~0.009)
    out = honest.breakdown(b0, v, 5, 2)
    assert len(out) == 4
    assert (out["breakdown"] == 0).all()
    assert out["note"].str.contains("original CI includes 0").all()


def test_no_pre_periods_gives_nan_rows_with_a_note(tmp_path):
    """num_pre == 0 (the seed's 2022-2024 data with reference 2022): no exception, NaN bounds, a note."""
    b = np.array([0.01, 0.02])
    v = np.array([[1e-4, 5e-5], [5e-5, 2e-4]])
    t = honest.sensitivity(b, v, 0, 2)
    robust = t[t["restriction"] != honest.ORIGINAL]
    assert set(robust["restriction"]) == {honest.RM, honest.SD} and len(robust) == 4
    assert robust[["lb", "ub"]].isna().all().all()
    assert (robust["note"] == honest.NO_PRE_NOTE).all()
    assert "not identified: no pre-period before the reference period" in honest.NO_PRE_NOTE
    original = t[t["restriction"] == honest.ORIGINAL]
    assert len(original) == 2 and original[["lb", "ub"]].notna().all().all()
    bd = honest.breakdown(b, v, 0, 2)
    assert len(bd) == 4 and bd["breakdown"].isna().all() and (bd["note"] == honest.NO_PRE_NOTE).all()


def test_figure_writes_png_and_pdf(tmp_path, table, breakdowns):
    from ailabor.econometrics.honest_figures import sensitivity_figure

    png = tmp_path / "fig" / "honest.png"
    sensitivity_figure(table, breakdowns, png, title="Medicaid example", note="Source: HonestDiD README data.")
    pdf = png.with_suffix(".pdf")
    assert png.stat().st_size > 10_000 and pdf.stat().st_size > 5_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and pdf.read_bytes()[:5] == b"%PDF-"
    b = np.array([0.01, 0.02])
    v = np.array([[1e-4, 5e-5], [5e-5, 2e-4]])
    png0 = tmp_path / "none.png"
    sensitivity_figure(honest.sensitivity(b, v, 0, 2), honest.breakdown(b, v, 0, 2), png0, title="No pre-period")
    assert png0.stat().st_size > 5_000 and png0.with_suffix(".pdf").stat().st_size > 2_000
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "none.pdf",
        "none.png",
    ]  # no temporary files left
    assert sorted(p.name for p in png.parent.iterdir()) == ["honest.pdf", "honest.png"]


# --- pieces computed here rather than by moderndid: checked against moderndid ---------------


def test_rm_polyhedra_include_the_oldest_pre_period_change():
    """ΔRM bounds post-period changes by M̄ x the largest of *all* T_pre pre-period changes.

    With betahat_pre = (0.05, 0, 0, 0, 0) (largest change: between the two oldest pre periods)
    and M̄ = 1 the identified set for the first post effect is [-0.05, 0.05] (R HonestDiD's
    ``.compute_IDset_DeltaRM``); moderndid 0.2.0 omits that polyhedron and reports {0}. With a
    negligible covariance the C-LF interval is the identified set."""
    from moderndid.didhonest.delta.rm.rm import _create_relative_magnitudes_constraint_matrix

    for s in range(-4, 0):  # moderndid's polyhedra are a subset of ours
        for positive in (True, False):
            np.testing.assert_array_equal(
                _create_relative_magnitudes_constraint_matrix(5, 2, 1.3, s, positive),
                honest.rm_constraint_matrix(5, 2, 1.3, 5 + s, positive),
            )
    b = np.array([0.05, 0, 0, 0, 0, 0, 0])
    lb, ub = honest.rm_ci(b, np.eye(7) * 1e-14, 5, 2, FIRST, 1.0)
    assert lb == pytest.approx(-0.05, abs=1e-5) and ub == pytest.approx(0.05, abs=1e-5)


def _synthetic():
    """7 pre / 3 post periods, standard errors 0.005-0.009, positively correlated as coefficients
    sharing a reference period are."""
    idx = np.r_[np.arange(-8, -1), np.arange(0, 3)]
    se = np.r_[np.linspace(0.009, 0.005, 7), 0.005, 0.006, 0.007]
    corr = 0.45 + 0.35 * 0.7 ** np.abs(idx[:, None] - idx[None, :])
    np.fill_diagonal(corr, 1.0)
    v = corr * np.outer(se, se)
    b = np.r_[np.random.default_rng(1).multivariate_normal(np.zeros(7), v[:7, :7]), -0.012, -0.018, -0.022]
    return b, v


def test_lf_critical_value_equals_moderndid(medicaid):
    """c_LF from the dual vertices equals moderndid's ``compute_least_favorable_cv`` (1,000 LPs, same draws)."""
    from moderndid.didhonest import compute_least_favorable_cv

    b, v = medicaid
    p = honest._rm_polyhedra(b, v, 5, 2, AVERAGE, 1.0, 0.05)[3]
    ref = compute_least_favorable_cv(p.x, p.sigma_y, 0.005, rows_for_arp=p.rows)
    assert p.lf_cv == pytest.approx(ref, abs=1e-8)


@pytest.mark.parametrize("case", ["medicaid first", "medicaid average", "synthetic", "one post period"])
def test_conditional_test_equals_moderndid(case, medicaid):
    """Accept/reject decisions of the closed-form C-LF test equal moderndid's ``lp_conditional_test``
    (nuisance parameters; "medicaid first" goes through its dual/bisection branch, "medicaid
    average" through the basis branch) or ``test_in_identified_set_lf_hybrid`` (one post period),
    at θ values across each polyhedron's first-stage acceptance region, where the conditional
    second stage decides."""
    b, v = medicaid
    args = {
        "medicaid first": (b, v, 5, 2, FIRST, 1.0),
        "medicaid average": (b, v, 5, 2, AVERAGE, 1.0),
        "synthetic": (*_synthetic(), 7, 3, np.full(3, 1 / 3), 0.5),
        "one post period": (b[:6], v[:6, :6], 5, 1, np.ones(1), 1.0),
    }[case]
    polys = [p for p in honest._rm_polyhedra(*args, 0.05) if isinstance(p, honest._Polyhedron) and p.outer is not None]
    decided = []
    for p in polys[:4]:
        lo, hi = p.outer
        for theta in np.linspace(lo, hi, 9)[1:-1]:
            mine = p.accept(theta)
            assert mine == p.accept_moderndid(theta), (case, theta)
            if 0 < p.eta(theta) <= p.lf_cv:
                decided.append(mine)
    assert len(decided) >= 10 and any(decided) and not all(decided)  # the second stage both accepts and rejects


def test_synthetic_seven_pre_three_post_runs_and_is_ordered():
    """The pipeline's shape (7 pre, 3 post), default M grid: finite, ordered bounds; the M̄ = 1
    interval contains the M̄ = 0 one; FLCI length grows with M."""
    b, v = _synthetic()
    t = honest.sensitivity(b, v, 7, 3, mbar_grid=(0, 1), m_grid=None)
    assert len(t) == 2 * (1 + 2 + len(honest.DEFAULT_M_GRID_SE))
    assert t[["lb", "ub"]].notna().all().all() and (t["lb"] <= t["ub"]).all()
    for target in honest.TARGETS:
        rm = _rows(t, target, honest.RM)
        assert rm.loc[1.0, "lb"] <= rm.loc[0.0, "lb"] and rm.loc[1.0, "ub"] >= rm.loc[0.0, "ub"]
        sd = _rows(t, target, honest.SD).sort_index()
        assert np.all(np.diff((sd["ub"] - sd["lb"]).to_numpy()) >= -1e-9)  # FLCI length grows with M


def _lp_worst_bias(l_vec: np.ndarray, m: float) -> float:
    """Worst-case bias of the one-pre-period estimator (sum_t t l_t) β_{-1} + l'β_post over ΔSD(M),
    by linear programming (scipy ``linprog``): max |v'δ| over δ = (δ_{-1}, δ_1, ..., δ_T), δ_0 = 0,
    s.t. |δ_{t+1} - 2 δ_t + δ_{t-1}| <= M for t = 0 .. T-1."""
    T = l_vec.size
    v = np.r_[np.arange(1, T + 1) @ l_vec, l_vec]
    full = np.zeros((T, T + 2))  # second differences on (δ_{-1}, δ_0, δ_1, ..., δ_T)
    for t in range(T):
        full[t, t : t + 3] = (1.0, -2.0, 1.0)
    a = np.delete(full, 1, axis=1)  # δ_0 = 0
    a_ub, b_ub = np.vstack([a, -a]), np.full(2 * T, m)
    free = [(None, None)] * (T + 1)
    hi = optimize.linprog(-v, A_ub=a_ub, b_ub=b_ub, bounds=free, method="highs")
    lo = optimize.linprog(v, A_ub=a_ub, b_ub=b_ub, bounds=free, method="highs")
    assert hi.status == 0 and lo.status == 0
    return max(-hi.fun, -lo.fun)


@pytest.mark.parametrize(
    "l_vec",
    [
        np.array([1.0, 0.0]),
        np.array([0.5, 0.5]),
        np.array([1.0, 0.0, 0.0]),
        np.full(3, 1 / 3),
        np.array([1.0, -1.0]),
        np.array([-1.0, 0.0]),
        np.array([0.3, -1.0, 0.5]),
        np.array([-0.2, -0.3, -0.5]),
    ],
    ids=[
        "e1 (2 post)",
        "average (2 post)",
        "e1 (3 post)",
        "average (3 post)",
        "(1, -1)",
        "(-1, 0)",
        "(0.3, -1, 0.5)",
        "negative",
    ],
)
def test_single_pre_period_flci_matches_a_linear_programme(l_vec):
    """num_pre == 1 (closed form, not moderndid): the worst-case bias over ΔSD(M) equals an
    independent linear programme for any weights l, including the pipeline's two targets (e_1 and
    the average, l >= 0) and weights with sum_t t l_t < 0 (l = (1, -1): 2 M, l = (-1, 0): M); the
    interval is the estimate ± h times the 1 - alpha quantile of |N(bias/h, 1)| (found here by
    root finding), h = sqrt(v'Σv)."""
    T = l_vec.size
    b = np.r_[0.004, np.linspace(-0.01, -0.02, T)]
    idx = np.arange(T + 1)
    v_cov = (0.4 + 0.6 * 0.5 ** np.abs(idx[:, None] - idx[None, :])) * np.outer(
        np.linspace(0.005, 0.008, T + 1), np.linspace(0.005, 0.008, T + 1)
    )
    if T == 2 and np.array_equal(l_vec, [1.0, -1.0]):
        assert _lp_worst_bias(l_vec, 1.0) == pytest.approx(2.0, abs=1e-9)
    if T == 2 and np.array_equal(l_vec, [-1.0, 0.0]):
        assert _lp_worst_bias(l_vec, 1.0) == pytest.approx(1.0, abs=1e-9)
    w = float(np.arange(1, T + 1) @ l_vec)
    v = np.r_[w, l_vec]
    h = float(np.sqrt(v @ v_cov @ v))
    for m in (0.0, 0.004, 0.02):
        bias = _lp_worst_bias(l_vec, m)
        assert honest.sd_single_pre_bias(l_vec, m) == pytest.approx(bias, rel=1e-9, abs=1e-12)
        mu = bias / h
        cv = optimize.brentq(
            lambda c, mu=mu: stats.norm.cdf(c - mu) - stats.norm.cdf(-c - mu) - 0.95, 0.0, mu + 10.0, xtol=1e-14
        )
        lb, ub = honest.sd_ci(b, v_cov, 1, T, l_vec, m)
        assert lb == pytest.approx(v @ b - cv * h, abs=1e-9) and ub == pytest.approx(v @ b + cv * h, abs=1e-9)


@pytest.mark.parametrize("l_vec", [FIRST, AVERAGE])
def test_compiled_bias_programme_equals_moderndids_maximize_bias(medicaid, l_vec):
    """The worst-case-bias programme compiled once with h² as a parameter gives moderndid's
    ``maximize_bias`` (a fresh problem per h), over the h range its FLCI search visits."""
    from moderndid.didhonest.fixed_length_ci import maximize_bias

    b, v = medicaid
    h_min = float(np.sqrt(l_vec @ v[5:, 5:] @ l_vec))
    solved = 0
    for h in h_min * np.array([0.5, 1.05, 1.3, 2.0, 4.0, 8.0, 1.3]):
        ours = honest._maximize_bias(h, v, 5, 2, l_vec, 0.02)
        ref = maximize_bias(h, v, 5, 2, l_vec, 0.02)
        assert ours["status"] == ref["status"], h
        if ref["status"] == "optimal":
            solved += 1
            assert ours["value"] == pytest.approx(ref["value"], rel=1e-7, abs=1e-12)
            np.testing.assert_allclose(ours["optimal_l"], ref["optimal_l"], rtol=1e-5, atol=1e-8)
    assert solved >= 3


def test_flci_goes_through_the_compiled_programme_and_restores_moderndid(medicaid, monkeypatch):
    """sd_ci's FLCI calls the compiled programme (every bias maximisation of moderndid's search)
    and leaves moderndid's own function in place afterwards."""
    from moderndid.didhonest import fixed_length_ci

    b, v = medicaid
    calls = []
    original, compiled = fixed_length_ci.maximize_bias, honest._maximize_bias
    monkeypatch.setattr(honest, "_maximize_bias", lambda *a, **k: calls.append(a[0]) or compiled(*a, **k))
    quantile = fixed_length_ci.folded_normal_quantile
    lb, ub = honest.sd_ci(b, v, 5, 2, AVERAGE, 0.01)
    assert len(calls) > 10 and lb < ub
    assert fixed_length_ci.maximize_bias is original
    assert fixed_length_ci.folded_normal_quantile is quantile


@pytest.mark.parametrize("p", [0.95, 0.9, 0.5])
def test_folded_normal_quantile_equals_moderndids(p):
    """The quantile of |N(mu, sd²)| with scipy.special.ndtr gives moderndid's (scipy.stats.norm.cdf
    in the same brentq) bit for bit, and is the quantile: P(|X| <= q) = p (scipy.stats.norm)."""
    from moderndid.didhonest.fixed_length_ci import folded_normal_quantile
    from scipy import stats

    for mu in (0.0, 1e-6, 0.3, -1.2, 2.5, 17.0, 400.0):
        for sd in (1.0, 0.4):
            q = honest._folded_normal_quantile(p, mu, sd)
            assert q == folded_normal_quantile(p, mu, sd), (mu, sd)
            cover = stats.norm.cdf(q, abs(mu), sd) - stats.norm.cdf(-q, abs(mu), sd)
            assert cover == pytest.approx(p, abs=1e-10), (mu, sd)


def test_truncated_normal_quantile_equals_moderndids():
    """The truncated-normal quantile with scipy.special gives moderndid's _norminvp_generalized
    (scipy.stats.norm) bit for bit, inside the interval and at its ends."""
    from moderndid.didhonest.conditional import _norminvp_generalized

    for p in (0.0, 0.05, 0.5, 0.9, 0.95, 1.0):
        for lo, hi in ((-np.inf, np.inf), (-1.0, 2.0), (0.3, np.inf), (-np.inf, -0.2), (1.5, 1.5000001), (8.0, 9.0)):
            assert honest._truncated_normal_quantile(p, lo, hi) == _norminvp_generalized(p, lo, hi), (p, lo, hi)
