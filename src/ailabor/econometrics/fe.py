"""Fixed-effects least squares by the Frisch-Waugh-Lovell theorem, with one-way cluster-robust
variances, the wild cluster bootstrap and randomisation inference.

The point estimates and CR1 standard errors agree with pyfixest (tests check this); this module
exists because the bootstrap and permutation loops need the residualised data once, not a full
refit per draw.

* :class:`Demeaner` sweeps out several sets of fixed effects by alternating projections
  (weighted), to a tolerance.
* :func:`cluster_vcov` is CR1: (G/(G-1)) (N-1)/(N-K) (X'WX)^-1 (sum_g s_g s_g') (X'WX)^-1,
  with K the regressors plus the fixed effects not nested in the clusters (as Stata/pyfixest).
* Two-way clustering of the event study is computed with linearmodels in
  :mod:`ailabor.econometrics.event_study`; :meth:`Demeaner.dof` counts the fixed effects for it.
* :class:`WCRBootstrap` / :func:`wild_bootstrap_affine` is the restricted (WCR) wild cluster
  bootstrap-t for one coefficient, Rademacher or Webb weights, for *every* null
  H0: beta = beta0 at once: under WCR
  the restricted residuals, the bootstrap coefficient, its residuals and scores are affine in
  beta0, so each draw is summarised by the numerator num_0 + num_1 beta0 and the CR1 variance
  var_0 + var_1 beta0 + var_2 beta0^2 (Roodman, MacKinnon, Nielsen and Webb 2019, "Fast and
  wild", sec. 3-5). Test inversion (the confidence interval) happens on these coefficients, in
  :mod:`ailabor.econometrics.inference`. With clusters that nest every fixed effect (SOC major
  groups nest occupations and major-group x year cells), weighting restricted residuals commutes
  with the FE projection, so the bootstrap runs on the residualised data (checked, not assumed).
* Draw ``b`` always uses the random generator seeded with ``(seed, b)``: results depend on the
  draws, never on how they are split into chunks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .distributions import t_sf

log = logging.getLogger(__name__)

# per-draw columns of :func:`wild_bootstrap_affine`: numerator num_0 + num_1 b0, variance var_0 + var_1 b0 + var_2 b0^2
WCR_COLUMNS = ("num_0", "num_1", "var_0", "var_1", "var_2")


class Demeaner:
    """Residualise columns on one or more sets of (weighted) fixed effects."""

    def __init__(
        self, fe: pd.DataFrame | None, weights: np.ndarray | None = None, tol: float = 1e-12, max_iter: int = 10_000
    ):
        self.codes = [] if fe is None else [pd.factorize(fe[c])[0] for c in fe.columns]
        self.n_levels = [int(c.max()) + 1 for c in self.codes]
        self.n = len(self.codes[0]) if self.codes else (0 if weights is None else len(weights))
        self.w = np.ones(self.n) if weights is None else np.asarray(weights, float)
        self.wsum = [np.bincount(c, weights=self.w, minlength=k) for c, k in zip(self.codes, self.n_levels)]
        self.tol, self.max_iter = tol, max_iter

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.array(x, float, copy=True)
        squeeze = x.ndim == 1
        if squeeze:
            x = x[:, None]
        if not self.codes:
            return x[:, 0] if squeeze else x
        for _ in range(self.max_iter):
            delta = 0.0
            for c, k, ws in zip(self.codes, self.n_levels, self.wsum):
                for j in range(x.shape[1]):
                    means = np.bincount(c, weights=self.w * x[:, j], minlength=k) / np.where(ws > 0, ws, 1)
                    step = means[c]
                    x[:, j] -= step
                    delta = max(delta, float(np.abs(step).max()))
            if len(self.codes) == 1 or delta < self.tol:
                break
        return x[:, 0] if squeeze else x

    def nested_in(self, *clusters: np.ndarray | None) -> list[bool]:
        """For each set of fixed effects: is every level inside one cluster of any of ``clusters``?"""
        out = []
        for c in self.codes:
            out.append(
                any(cl is not None and pd.Series(np.asarray(cl)).groupby(c).nunique().max() == 1 for cl in clusters)
            )
        return out

    def dof(self, clusters: np.ndarray | None, *more_clusters: np.ndarray) -> int:
        """Fixed-effect parameters that count against the residual degrees of freedom; a set of
        fixed effects nested in the clusters (in any dimension, for multiway clustering, as
        pyfixest's ``k_fixef="nonnested"``) does not count."""
        if not self.codes:
            return 0
        total = 1  # the intercept the fixed effects absorb (as pyfixest and Stata count it)
        for i, nested in enumerate(self.nested_in(clusters, *more_clusters)):
            total += 0 if nested else self.n_levels[i] - 1
        return total


@dataclass
class FEResult:
    coef: np.ndarray
    vcov: np.ndarray
    names: list[str]
    n: int
    n_clusters: int | None
    resid: np.ndarray
    xt: np.ndarray
    yt: np.ndarray
    df_resid: int
    fe: pd.DataFrame | None = None  # the absorbed fixed effects (for the nesting check of the bootstrap)
    w: np.ndarray | None = None  # regression weights (ones when unweighted)

    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.vcov))

    def table(self) -> pd.DataFrame:
        se = self.se()
        t = self.coef / se
        dfree = (self.n_clusters - 1) if self.n_clusters else self.df_resid
        p = 2 * t_sf(np.abs(t), dfree)
        return pd.DataFrame({"term": self.names, "estimate": self.coef, "se": se, "t": t, "p_value": p})


def _cluster_codes(clusters: np.ndarray) -> tuple[np.ndarray, int]:
    codes, uniq = pd.factorize(pd.Series(np.asarray(clusters)))
    if (codes < 0).any():
        raise ValueError("cluster variable has missing values")
    return codes, len(uniq)


def _cluster_meat(scores: np.ndarray, codes: np.ndarray, G: int) -> np.ndarray:
    s = np.zeros((G, scores.shape[1]))
    np.add.at(s, codes, scores)
    return s.T @ s


def cluster_vcov(
    xt: np.ndarray, resid: np.ndarray, w: np.ndarray, clusters: np.ndarray, k: int
) -> tuple[np.ndarray, int]:
    """CR1 cluster-robust covariance of weighted least squares on residualised data."""
    bread = np.linalg.inv(xt.T @ (w[:, None] * xt))
    codes, G = _cluster_codes(clusters)
    scores = (w * resid)[:, None] * xt
    n = len(resid)
    c = G / (G - 1) * (n - 1) / (n - k)
    return c * bread @ _cluster_meat(scores, codes, G) @ bread, G


def fe_ols(
    y: np.ndarray,
    X: np.ndarray,
    names: list[str],
    fe: pd.DataFrame | None,
    clusters: np.ndarray | None,
    weights: np.ndarray | None = None,
) -> FEResult:
    """Weighted least squares of y on X with absorbed fixed effects; CR1 or HC1 covariance.
    Without fixed effects (``fe=None``) X must contain the constant if one is wanted."""
    y = np.asarray(y, float)
    dm = Demeaner(fe, np.ones(len(y)) if weights is None else weights)
    w = dm.w
    yt = dm(y)
    xt = dm(np.asarray(X, float).reshape(len(y), -1))
    xtwx = xt.T @ (w[:, None] * xt)
    coef = np.linalg.solve(xtwx, xt.T @ (w * yt))
    resid = yt - xt @ coef
    k = xt.shape[1] + dm.dof(clusters)
    if clusters is not None:
        vcov, G = cluster_vcov(xt, resid, w, clusters, k)
    else:
        bread = np.linalg.inv(xtwx)
        meat = (xt * (w * resid)[:, None]).T @ (xt * (w * resid)[:, None])
        vcov, G = len(y) / (len(y) - k) * bread @ meat @ bread, None
    return FEResult(
        coef=coef,
        vcov=vcov,
        names=list(names),
        n=len(y),
        n_clusters=G,
        resid=resid,
        xt=xt,
        yt=yt,
        df_resid=len(y) - k,
        fe=fe,
        w=w,
    )


def draw_weights(seed: int, draw: int, n_clusters: int, kind: str = "webb") -> np.ndarray:
    """Cluster weights of bootstrap draw ``draw`` (seeded by (seed, draw), chunk-independent)."""
    rng = np.random.default_rng([seed, draw])
    if kind == "rademacher":
        return rng.choice([-1.0, 1.0], size=n_clusters)
    if kind == "webb":
        vals = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
        return rng.choice(vals, size=n_clusters)
    raise ValueError(f"bootstrap weights must be 'rademacher' or 'webb', got {kind!r}")


class WCRBootstrap:
    """Restricted (WCR) wild cluster bootstrap of coefficient ``target`` for all nulls
    H0: beta_target = b0 at once.

    For null b0 the restricted residuals are u(b0) = M_Z (y - b0 x) = u0 - b0 m (Z the other
    regressors, x the target's), so the bootstrap numerator beta*_b - b0 and every cluster score
    of the bootstrap residuals are affine in b0, and the CR1 variance (same factor as ``res``)
    is quadratic. :meth:`coefficients` returns, per column of cluster weights, ``num_0``,
    ``num_1``, ``var_0``, ``var_1``, ``var_2`` with

        t*_b(b0) = (num_0 + num_1 b0) / sqrt(var_0 + var_1 b0 + var_2 b0^2),

    to be compared with t(b0) = (beta_hat - b0) / se. Per draw cost O(G k) (the boottest
    algorithm): with v the cluster weights, P_g = sum_g w h u0, Q_g = sum_g w h m
    (h = X (X'WX)^-1 e_target), H_g = sum_g w h X, U_g = sum_g w X u0, Um_g = sum_g w X m, the
    target's bootstrap cluster scores are alpha - b0 gamma with alpha = v P - H (X'WX)^-1 U'v and
    gamma = v Q - H (X'WX)^-1 Um'v; numerator = v'P - b0 v'Q.

    Requires the absorbed fixed effects (``res.fe``) to be nested in ``clusters`` (ValueError
    otherwise): then the FE projection commutes with cluster-constant weights and the bootstrap
    on the residualised data is the bootstrap of the full model. Without fixed effects, X should
    contain the constant. Clusters are numbered in order of first appearance (``pd.factorize``).
    """

    def __init__(self, res: FEResult, target: int, clusters: np.ndarray, weights: np.ndarray | None = None):
        if res.fe is not None and not all(Demeaner(res.fe).nested_in(clusters)):
            raise ValueError(
                "the wild cluster bootstrap on residualised data needs every set of fixed effects nested in the "
                "bootstrap clusters"
            )
        xt, yt = res.xt, res.yt
        w = (np.ones(res.n) if res.w is None else res.w) if weights is None else np.asarray(weights, float)
        x = xt[:, target]
        others = [j for j in range(xt.shape[1]) if j != target]
        if others:
            xo = xt[:, others]
            rhs = np.column_stack([yt, x])
            u0, m = (rhs - xo @ np.linalg.solve(xo.T @ (w[:, None] * xo), xo.T @ (w[:, None] * rhs))).T
        else:
            u0, m = yt, x
        codes, G = _cluster_codes(clusters)
        bread = np.linalg.inv(xt.T @ (w[:, None] * xt))
        wh = w * (xt @ bread[:, target])

        def by_cluster(a: np.ndarray) -> np.ndarray:
            out = np.zeros((G,) + a.shape[1:])
            np.add.at(out, codes, a)
            return out

        self.G = G
        self.P, self.Q = by_cluster(wh * u0), by_cluster(wh * m)
        self.HB = by_cluster(wh[:, None] * xt) @ bread
        self.U, self.Um = by_cluster((w * u0)[:, None] * xt), by_cluster((w * m)[:, None] * xt)
        self.c = G / (G - 1) * (res.n - 1) / res.df_resid

    def draw(self, v: np.ndarray) -> tuple[float, float, float, float, float]:
        """(num_0, num_1, var_0, var_1, var_2) for the cluster weights ``v`` of one draw. One draw at a
        time, with matrix-vector products only, so a draw's numbers are bit-identical however the
        draws are grouped into chunks (matrix-matrix products can round differently with width)."""
        alpha = v * self.P - self.HB @ (self.U.T @ v)
        gamma = v * self.Q - self.HB @ (self.Um.T @ v)
        return (
            float(self.P @ v),
            -float(self.Q @ v),
            self.c * float(alpha @ alpha),
            -2 * self.c * float(alpha @ gamma),
            self.c * float(gamma @ gamma),
        )

    def coefficients(self, V: np.ndarray) -> pd.DataFrame:
        """Per-draw coefficients (columns ``num_0 .. var_2``) for cluster weights ``V`` (G x draws)."""
        V = np.asarray(V, float)
        return pd.DataFrame([self.draw(V[:, i]) for i in range(V.shape[1])], columns=list(WCR_COLUMNS), dtype=float)


def wild_bootstrap_affine(
    res: FEResult,
    target: int,
    clusters: np.ndarray,
    draws: range,
    seed: int,
    kind: str = "webb",
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    """WCR bootstrap draws ``draws`` (weights of draw b seeded by (seed, b)): one row per draw with
    ``draw`` and the coefficients of :class:`WCRBootstrap` (``num_0 .. var_2``)."""
    wcr = WCRBootstrap(res, target, clusters, weights)
    draws = list(draws)
    rows = [wcr.draw(draw_weights(seed, b, wcr.G, kind)) for b in draws]
    return pd.concat(
        [
            pd.DataFrame({"draw": np.asarray(draws, dtype=np.int64)}),
            pd.DataFrame(rows, columns=list(WCR_COLUMNS), dtype=float),
        ],
        axis=1,
    )


def wcr_t(coefs: pd.DataFrame, beta0: float) -> np.ndarray:
    """Bootstrap t-statistics t*_b(beta0) from the per-draw coefficients of :func:`wild_bootstrap_affine`."""
    num = coefs["num_0"].to_numpy() + coefs["num_1"].to_numpy() * beta0
    var = coefs["var_0"].to_numpy() + coefs["var_1"].to_numpy() * beta0 + coefs["var_2"].to_numpy() * beta0**2
    return num / np.sqrt(np.clip(var, 0, None))


def permutation_estimates(
    y: np.ndarray,
    exposure_by_unit: pd.Series,
    unit: np.ndarray,
    design,
    fe: pd.DataFrame,
    weights: np.ndarray | None,
    draws: range,
    seed: int,
    target: int,
    strata: pd.Series | None = None,
    with_kappa: bool = False,
) -> np.ndarray:
    """Coefficient ``target`` re-estimated with exposure permuted across units (randomisation
    inference), within ``strata`` (unit -> stratum) if given. ``design(e)`` builds the regressor
    matrix from a unit-level exposure vector.

    With ``with_kappa`` returns an (n_draws, 2) array: the permuted estimate beta*_b and kappa_b,
    the coefficient of the *observed* target regressor on the permuted design. Under the sharp
    null of a constant effect b0 (outcome y - b0 x unaffected by the assignment) the permuted
    estimate is beta*_b - b0 kappa_b, which is what inverting the permutation test needs.
    """
    dm = Demeaner(fe, weights)
    w = dm.w
    yt = dm(y)
    units = exposure_by_unit.index.to_numpy()
    values = exposure_by_unit.to_numpy()
    pos = pd.Index(units).get_indexer(unit)
    rhs = np.column_stack([yt, dm(design(values[pos])[:, target])]) if with_kappa else yt[:, None]
    out = np.empty((len(draws), rhs.shape[1]))
    groups = (
        [np.arange(len(values))]
        if strata is None
        else [np.flatnonzero(strata.reindex(units).to_numpy() == g) for g in pd.unique(strata.reindex(units))]
    )
    for i, b in enumerate(draws):
        rng = np.random.default_rng([seed, b])
        perm = np.arange(len(values))
        for g in groups:
            perm[g] = g[rng.permutation(len(g))]
        e = values[perm][pos]
        xt = dm(design(e))
        coef = np.linalg.solve(xt.T @ (w[:, None] * xt), xt.T @ (w[:, None] * rhs))
        out[i] = coef[target]
    return out if with_kappa else out[:, 0]
