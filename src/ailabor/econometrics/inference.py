"""Wild cluster bootstrap and randomisation inference for the headline event-study coefficient,
split into chunks of draws that a cluster can run in parallel.

The headline is the dose coefficient (exposure x share of post-treatment OEWS panels) of the
primary specification. Draw ``b`` is seeded with ``(seed, b)``, so a chunk covering draws
[a, b) gives the same draws however the range is cut: results do not depend on the number of
chunks (a test checks it).

* Wild cluster bootstrap-t, restricted (WCR), Webb (or Rademacher) weights, clusters = SOC major
  groups (which nest both sets of fixed effects, see :mod:`ailabor.econometrics.fe`). Each chunk
  stores, per draw, the coefficients of the bootstrap t-statistic as a function of the null
  value b0 (numerator affine, CR1 variance quadratic in b0, :func:`fe.wild_bootstrap_affine`).
  ``combine`` reports the p-value of H0: beta = 0 and the confidence interval obtained by
  *inverting the bootstrap test*, as boottest (Roodman et al. 2019) and wildboottest: the set of
  b0 whose WCR bootstrap p-value, with the null b0 imposed, exceeds alpha.
* Randomisation inference: exposure permuted across occupations within SOC major groups (the
  variation the major-group x year effects leave), the coefficient re-estimated. Permuting
  across all occupations would ignore that exposure clusters by major group and overstate
  precision. The interval inverts the permutation test of the sharp null of a constant effect
  b0 (outcome y - b0 x unaffected by the assignment); each chunk stores the permuted estimate
  and kappa, the coefficient of the observed regressor on the permuted design.

p-values count the observed statistic among the draws: p = (1 + #{b: |T*_b| >= |T|}) / (1 + B)
(the Monte Carlo test p-value of Davison and Hinkley 1997; never 0, and for randomisation
inference a valid level-alpha test with randomly drawn permutations).

Test inversion, exactly (not by bisection). In units delta = (b0 - beta_hat)/se, draw b
"exceeds" the observed statistic at b0 iff a polynomial g_b(delta) >= 0:

* bootstrap: |t*_b(b0)| >= |t(b0)| <=> (A0 + A1 delta)^2 - delta^2 (V0 + V1 delta + V2 delta^2) >= 0,
  a quartic (the squared affine numerator against the observed t = -delta times the quadratic
  variance);
* permutation: |beta*_b - b0 kappa_b| >= |beta_hat - b0| <=> a quadratic.

The real roots of every g_b (companion-matrix eigenvalues, Newton-polished) are the only
points where a draw's indicator can change; the sign of g_b between consecutive roots gives each
draw's exceedance set, and a sweep over all roots gives the count #(b0) -- hence p(b0) -- as an
exact step function. The reported interval is the connected component of {b0: p(b0) > alpha}
that contains the estimate (where p = 1); its ends are the jump points where p falls to
<= alpha (p just inside > alpha, just outside <= alpha, up to the precision of the
Newton-polished roots).
boottest instead brackets outward from the estimate and bisects p(b0) - alpha to a tolerance;
both find the same crossing. If the confidence set is not an interval (possible, rare) the
method label says so and gives its hull; an unbounded side is reported as +-inf.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..errors import AilaborError
from . import event_study as es
from .fe import WCR_COLUMNS, fe_ols, permutation_estimates, wcr_t, wild_bootstrap_affine
from .oews_panels import dose as oews_dose

log = logging.getLogger(__name__)

P_FORMULA_BOOT = "(1 + #{b: |t*_b| >= |t|}) / (1 + B), symmetric, t*_b under WCR with H0 imposed"
P_FORMULA_RI = "(1 + #{b: |beta*_b| >= |beta|}) / (1 + B)"
CI_BOOT = "wild bootstrap test inversion"
CI_RI = "permutation test inversion (sharp null of a constant effect)"


def chunk_range(draws: int, chunks: int, chunk: int) -> range:
    bounds = np.linspace(0, draws, chunks + 1).round().astype(int)
    return range(int(bounds[chunk]), int(bounds[chunk + 1]))


def headline_data(
    panel: pd.DataFrame, measure: pd.DataFrame, outcome: str, date: str
) -> tuple[pd.DataFrame, es.Design]:
    d = es.prepare(panel, measure, outcome)
    return d, es.event_design(d, date, "dose")


def _headline_fit(d: pd.DataFrame, design: es.Design):
    return fe_ols(d["y"].to_numpy(), design.X, design.names, d[["unit_code", "major_year"]], d["major"].to_numpy())


def bootstrap_chunk(
    panel: pd.DataFrame, measure: pd.DataFrame, *, outcome: str, date: str, draws: range, seed: int, kind: str
) -> pd.DataFrame:
    """Per draw: ``draw``, ``t_star`` (t* of H0: beta = 0), the coefficients ``num_0, num_1, var_0,
    var_1, var_2`` of t*(b0) for every null b0, and (constant) ``estimate``, ``se``, ``weights``
    so that ``combine`` can detect chunks computed from other data."""
    d, design = headline_data(panel, measure, outcome, date)
    res = _headline_fit(d, design)
    out = wild_bootstrap_affine(res, 0, d["major"].to_numpy(), draws, seed, kind)
    out.insert(1, "t_star", wcr_t(out, 0.0))
    return out.assign(estimate=float(res.coef[0]), se=float(res.se()[0]), weights=kind)


def permutation_chunk(
    panel: pd.DataFrame, measure: pd.DataFrame, *, outcome: str, date: str, draws: range, seed: int
) -> pd.DataFrame:
    """Per draw: ``draw``, ``beta_star`` (the permuted estimate) and ``kappa`` (the observed
    regressor's coefficient on the permuted design, for inverting the test)."""
    d, design = headline_data(panel, measure, outcome, date)
    dose = oews_dose(d["year"].to_numpy(), date)
    by_unit = d.groupby("unit_code")["exposure"].first()
    strata = d.groupby("unit_code")["major"].first()
    est = permutation_estimates(
        d["y"].to_numpy(),
        by_unit,
        d["unit_code"].to_numpy(),
        lambda e: (e * dose)[:, None],
        d[["unit_code", "major_year"]],
        None,
        draws,
        seed,
        0,
        strata=strata,
        with_kappa=True,
    )
    return pd.DataFrame({"draw": np.asarray(list(draws), dtype=np.int64), "beta_star": est[:, 0], "kappa": est[:, 1]})


def run_chunk(
    method: str,
    panel: pd.DataFrame,
    measure: pd.DataFrame,
    *,
    outcome: str,
    date: str,
    draws: range,
    seed: int,
    weights: str,
) -> pd.DataFrame:
    """One chunk of draws of ``method``: :func:`bootstrap_chunk` (wild cluster bootstrap with
    ``weights``) or :func:`permutation_chunk`."""
    if method == "bootstrap":
        return bootstrap_chunk(panel, measure, outcome=outcome, date=date, draws=draws, seed=seed, kind=weights)
    if method == "permutation":
        return permutation_chunk(panel, measure, outcome=outcome, date=date, draws=draws, seed=seed)
    raise ValueError(f"inference method must be bootstrap or permutation, got {method!r}")


# --- p-values ---------------------------------------------------------------------------------


def wcr_pvalue(coefs: pd.DataFrame, estimate: float, se: float, beta0: float = 0.0) -> float:
    """Bootstrap p-value of H0: beta = beta0, (1 + #{|t*_b(beta0)| >= |t(beta0)|}) / (1 + B)."""
    t = (estimate - beta0) / se
    ts = wcr_t(coefs, beta0)
    return float((1 + np.sum(np.abs(ts) >= abs(t))) / (1 + len(ts)))


def ri_pvalue(beta_star: np.ndarray, kappa: np.ndarray | None, estimate: float, beta0: float = 0.0) -> float:
    """Permutation p-value of the sharp null beta = beta0, (1 + #{|beta*_b(beta0)| >= |beta - beta0|}) / (1 + B)."""
    b = np.asarray(beta_star, float) - (0.0 if kappa is None else beta0 * np.asarray(kappa, float))
    return float((1 + np.sum(np.abs(b) >= abs(estimate - beta0))) / (1 + len(b)))


# --- exact test inversion -----------------------------------------------------------------------


def _polyval(poly: np.ndarray, x: np.ndarray) -> np.ndarray:
    val = np.zeros_like(x)
    for j in range(poly.shape[1]):
        val = val * x + poly[:, j : j + 1]
    return val


def _real_roots(poly: np.ndarray) -> np.ndarray:
    """Real roots of each row's polynomial (highest degree first), sorted, padded with +inf."""
    D, n1 = poly.shape
    deg = n1 - 1
    out = np.full((D, deg), np.inf)
    scale = np.abs(poly).max(axis=1, keepdims=True)
    p = poly / np.where(scale > 0, scale, 1.0)
    ok = np.abs(p[:, 0]) > 1e-10
    if ok.any():
        q = p[ok]
        C = np.zeros((len(q), deg, deg))
        C[:, 0, :] = -q[:, 1:] / q[:, :1]
        C[:, np.arange(1, deg), np.arange(deg - 1)] = 1.0
        z = np.linalg.eigvals(C)
        out[ok] = np.where(np.abs(z.imag) <= 1e-7 * np.maximum(1.0, np.abs(z)), z.real, np.inf)
    for i in np.flatnonzero(~ok):  # (nearly) vanishing leading coefficient: lower degree
        nz = np.flatnonzero(np.abs(p[i]) > 1e-10)
        if len(nz) == 0 or nz[0] == deg:
            continue
        z = np.roots(p[i, nz[0] :])
        r = z.real[np.abs(z.imag) <= 1e-7 * np.maximum(1.0, np.abs(z))]
        out[i, : len(r)] = r
    # Newton polish (kept only where it reduces |g|)
    dp = p[:, :-1] * np.arange(deg, 0, -1)
    fin = np.isfinite(out)
    x = np.where(fin, out, 0.0)
    for _ in range(3):
        f, fd = _polyval(p, x), _polyval(dp, x)
        step = np.where(fd != 0, f / np.where(fd != 0, fd, 1.0), 0.0)
        xn = x - step
        better = np.abs(_polyval(p, xn)) < np.abs(f)
        x = np.where(better & fin, xn, x)
    out = np.where(fin, x, np.inf)
    out.sort(axis=1)
    return out


def invert_test(poly: np.ndarray, alpha: float) -> dict:
    """Exact inversion of a Monte Carlo test. Row b of ``poly`` (highest degree first) is g_b(delta);
    draw b counts as at least as extreme as the data at delta iff g_b(delta) >= 0, and
    p(delta) = (1 + #{b: g_b(delta) >= 0}) / (1 + B). Returns the connected component of
    {delta: p(delta) > alpha} containing 0 (``low``, ``high``) and the hull of the whole set
    (``hull_low``, ``hull_high``), +-inf where unbounded."""
    D = poly.shape[0]
    roots = _real_roots(poly)
    deg = roots.shape[1]
    left = np.column_stack([np.full(D, -np.inf), roots])
    right = np.column_stack([roots, np.full(D, np.inf)])
    with np.errstate(invalid="ignore"):
        pt = np.where(
            np.isfinite(left) & np.isfinite(right),
            (left + right) / 2,
            np.where(np.isfinite(right), right - 1 - np.abs(right), left + 1 + np.abs(left)),
        )
    pt = np.where(np.isinf(left) & np.isinf(right) & (left < 0), 0.0, pt)
    s = _polyval(poly, np.nan_to_num(pt, posinf=0.0, neginf=0.0)) >= 0
    for i in range(1, deg + 1):  # segments starting at a +inf pad are empty: carry the sign
        s[:, i] = np.where(np.isposinf(left[:, i]), s[:, i - 1], s[:, i])
    delta = s[:, 1:].astype(np.int64) - s[:, :-1].astype(np.int64)
    count0 = int(s[:, 0].sum())
    fin = np.isfinite(roots)
    bp, dl = roots[fin], delta[fin]
    bp, inv = np.unique(bp, return_inverse=True)
    dl = np.bincount(inv, weights=dl, minlength=len(bp)).astype(np.int64)
    cnt_right = count0 + np.cumsum(dl)
    cnt_left = np.r_[count0, cnt_right[:-1]]
    inside = lambda c: (1 + c) / (1 + D) > alpha  # noqa: E731
    i0 = int(np.searchsorted(bp, 0.0, side="right"))
    at0 = cnt_right[i0 - 1] if i0 > 0 else count0
    out = {"low": np.nan, "high": np.nan, "hull_low": np.nan, "hull_high": np.nan, "p_at_estimate": (1 + at0) / (1 + D)}
    if not inside(at0):
        return out
    up = np.flatnonzero(~inside(cnt_right[i0:]))
    out["high"] = float(bp[i0 + up[0]]) if len(up) else np.inf
    lo = np.flatnonzero(~inside(cnt_left[:i0]))
    out["low"] = float(bp[lo[-1]]) if len(lo) else -np.inf
    ins_r = np.flatnonzero(inside(cnt_right))
    out["hull_low"] = -np.inf if inside(count0) else float(bp[ins_r[0]])
    out["hull_high"] = (
        np.inf if inside(cnt_right[-1] if len(bp) else count0) else float(bp[np.flatnonzero(inside(cnt_left))[-1]])
    )
    return out


def wcr_polys(coefs: pd.DataFrame, estimate: float, se: float) -> np.ndarray:
    """g_b(delta), b0 = estimate + se delta: |t*_b(b0)| >= |t(b0)| <=> g_b >= 0 (a quartic)."""
    n0, n1, v0, v1, v2 = (coefs[c].to_numpy(float) for c in WCR_COLUMNS)
    A0, A1 = (n0 + n1 * estimate) / se, n1
    V0, V1, V2 = (v0 + v1 * estimate + v2 * estimate**2) / se**2, (v1 + 2 * v2 * estimate) / se, v2
    return np.column_stack([-V2, -V1, A1**2 - V0, 2 * A0 * A1, A0**2])


def ri_polys(beta_star: np.ndarray, kappa: np.ndarray, estimate: float, scale: float) -> np.ndarray:
    """g_b(delta), b0 = estimate + scale delta: |beta*_b - b0 kappa_b| >= |estimate - b0| <=> g_b >= 0."""
    E0, E1 = (np.asarray(beta_star, float) - np.asarray(kappa, float) * estimate) / scale, -np.asarray(kappa, float)
    return np.column_stack([E1**2 - 1, 2 * E0 * E1, E0**2])


def _interval(poly: np.ndarray, estimate: float, scale: float, alpha: float, label: str) -> tuple[float, float, str]:
    r = invert_test(poly, alpha)
    lo, hi = estimate + scale * r["low"], estimate + scale * r["high"]
    hl, hh = estimate + scale * r["hull_low"], estimate + scale * r["hull_high"]
    if np.isfinite(r["low"]) and (hl < lo or hh > hi):
        log.warning(
            "%s: the %.0f%% confidence set is not an interval; reporting the component containing the estimate "
            "[%g, %g], hull [%g, %g]",
            label,
            100 * (1 - alpha),
            lo,
            hi,
            hl,
            hh,
        )
        label = (
            f"{label} (confidence set not an interval; component containing the estimate; hull [{hl:.6g}, {hh:.6g}])"
        )
    return lo, hi, label


def wcr_confint(coefs: pd.DataFrame, estimate: float, se: float, alpha: float = 0.05) -> tuple[float, float, str]:
    """(low, high, ci_method) of the WCR bootstrap test inversion at level 1 - alpha."""
    return _interval(wcr_polys(coefs, estimate, se), estimate, se, alpha, CI_BOOT)


def ri_confint(
    beta_star: np.ndarray, kappa: np.ndarray, estimate: float, scale: float, alpha: float = 0.05
) -> tuple[float, float, str]:
    """(low, high, ci_method) of the permutation test inversion at level 1 - alpha."""
    return _interval(ri_polys(beta_star, kappa, estimate, scale), estimate, scale, alpha, CI_RI)


# --- combine ------------------------------------------------------------------------------------


def _draws(frame: pd.DataFrame, what: str, cols: tuple[str, ...]) -> pd.DataFrame:
    missing = [c for c in ("draw", *cols) if c not in frame.columns]
    if missing:
        raise AilaborError(
            f"{what} chunks lack columns {missing} (written by an older version?): delete the inference chunk files "
            "and rerun"
        )
    f = frame.sort_values("draw", kind="stable").reset_index(drop=True)
    if f["draw"].duplicated().any():
        raise AilaborError(
            f"{what} chunks overlap: draws {sorted(f.loc[f['draw'].duplicated(), 'draw'].unique())[:5]} appear twice"
        )
    return f


def combine(
    panel: pd.DataFrame,
    measure: pd.DataFrame,
    boot: pd.DataFrame,
    perm: pd.DataFrame,
    *,
    outcome: str,
    date: str,
    measure_name: str,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """One row per method: p-value of H0: beta = 0 ((1 + #)/(1 + B)) and the (1 - alpha)
    confidence interval by test inversion, for the headline coefficient."""
    d, design = headline_data(panel, measure, outcome, date)
    res = _headline_fit(d, design)
    b, se = float(res.coef[0]), float(res.se()[0])
    boot = _draws(boot, "bootstrap", WCR_COLUMNS)
    perm = _draws(perm, "permutation", ("beta_star",))
    for col, val in (("estimate", b), ("se", se)):
        if col in boot.columns and not np.allclose(boot[col].to_numpy(float), val, rtol=1e-8, atol=0):
            raise AilaborError(
                f"bootstrap chunks were computed with {col} {boot[col].iloc[0]!r}, the data give {val!r}: the "
                "chunks are stale, delete them and rerun"
            )
    kind = str(boot["weights"].iloc[0]).capitalize() if "weights" in boot.columns and len(boot) else "Webb"
    lo, hi, ci_boot = wcr_confint(boot, b, se, alpha) if len(boot) else (np.nan, np.nan, "")
    if "kappa" in perm.columns and len(perm):
        rlo, rhi, ci_ri = ri_confint(perm["beta_star"].to_numpy(), perm["kappa"].to_numpy(), b, se, alpha)
    else:
        rlo, rhi, ci_ri = np.nan, np.nan, "not computed (no kappa in the permutation chunks)"
    common = {
        "measure": measure_name,
        "outcome": outcome,
        "date": date,
        "term": design.names[0],
        "estimate": b,
        "se_cr1_major": se,
        "t": b / se,
    }
    return pd.DataFrame(
        [
            {
                **common,
                "method": f"wild cluster bootstrap-t (WCR, {kind}, major groups)",
                "draws": len(boot),
                "p_value": wcr_pvalue(boot, b, se, 0.0),
                "p_value_formula": P_FORMULA_BOOT,
                "ci_level": 1 - alpha,
                "ci_low": lo,
                "ci_high": hi,
                "ci_method": ci_boot,
                "n_clusters": res.n_clusters,
            },
            {
                **common,
                "method": "randomisation inference (exposure permuted across occupations within SOC major groups)",
                "draws": len(perm),
                "p_value": ri_pvalue(perm["beta_star"].to_numpy(), None, b, 0.0),
                "p_value_formula": P_FORMULA_RI,
                "ci_level": 1 - alpha,
                "ci_low": rlo,
                "ci_high": rhi,
                "ci_method": ci_ri,
                "n_clusters": res.n_clusters,
            },
        ]
    )
