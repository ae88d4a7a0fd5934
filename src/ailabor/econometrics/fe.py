"""Fixed-effects least squares by the Frisch-Waugh-Lovell theorem, with cluster-robust
variances, the wild cluster bootstrap and randomisation inference.

The point estimates and CR1 standard errors agree with pyfixest (tests check this); this module
exists because the bootstrap and permutation loops need the residualised data once, not a full
refit per draw.

* :class:`Demeaner` sweeps out several sets of fixed effects by alternating projections
  (weighted), to a tolerance.
* :func:`cluster_vcov` is CR1: (G/(G-1)) (N-1)/(N-K) (X'WX)^-1 (sum_g s_g s_g') (X'WX)^-1,
  with K the regressors plus the fixed effects not nested in the clusters (as Stata/pyfixest).
* :func:`wild_bootstrap` is the restricted (WCR) wild cluster bootstrap-t for one coefficient,
  Rademacher or Webb weights. With clusters that nest every fixed effect (SOC major groups
  nest occupations and major-group x year cells), weighting restricted residuals commutes with
  the FE projection, so draws cost one small matrix product each.
* Draw ``b`` always uses the random generator seeded with ``(seed, b)``: results depend on the
  draws, never on how they are split into chunks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


class Demeaner:
    """Residualise columns on one or more sets of (weighted) fixed effects."""

    def __init__(self, fe: pd.DataFrame | None, weights: np.ndarray | None = None, tol: float = 1e-12, max_iter: int = 10_000):
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

    def dof(self, clusters: np.ndarray | None) -> int:
        """Fixed-effect parameters that count against the residual degrees of freedom."""
        if not self.codes:
            return 0
        total = 1  # the intercept the fixed effects absorb (as pyfixest and Stata count it)
        for i, c in enumerate(self.codes):
            nested = clusters is not None and pd.Series(clusters).groupby(c).nunique().max() == 1
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

    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.vcov))

    def table(self) -> pd.DataFrame:
        from scipy import stats

        se = self.se()
        t = self.coef / se
        dfree = (self.n_clusters - 1) if self.n_clusters else self.df_resid
        p = 2 * stats.t.sf(np.abs(t), dfree)
        return pd.DataFrame({"term": self.names, "estimate": self.coef, "se": se, "t": t, "p_value": p})


def cluster_vcov(xt: np.ndarray, resid: np.ndarray, w: np.ndarray, clusters: np.ndarray, k: int) -> tuple[np.ndarray, int]:
    """CR1 cluster-robust covariance of weighted least squares on residualised data."""
    bread = np.linalg.inv(xt.T @ (w[:, None] * xt))
    codes, g = pd.factorize(clusters)
    scores = (w * resid)[:, None] * xt
    s = np.zeros((len(g), xt.shape[1]))
    np.add.at(s, codes, scores)
    n = len(resid)
    G = len(g)
    c = G / (G - 1) * (n - 1) / (n - k)
    return c * bread @ (s.T @ s) @ bread, G


def fe_ols(y: np.ndarray, X: np.ndarray, names: list[str], fe: pd.DataFrame | None, clusters: np.ndarray | None, weights: np.ndarray | None = None) -> FEResult:
    """Weighted least squares of y on X with absorbed fixed effects; CR1 or HC1 covariance."""
    dm = Demeaner(fe, weights)
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
    return FEResult(coef=coef, vcov=vcov, names=list(names), n=len(y), n_clusters=G, resid=resid, xt=xt, yt=yt, df_resid=len(y) - k)


def draw_weights(seed: int, draw: int, n_clusters: int, kind: str = "webb") -> np.ndarray:
    """Cluster weights of bootstrap draw ``draw`` (seeded by (seed, draw), chunk-independent)."""
    rng = np.random.default_rng([seed, draw])
    if kind == "rademacher":
        return rng.choice([-1.0, 1.0], size=n_clusters)
    if kind == "webb":
        vals = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
        return rng.choice(vals, size=n_clusters)
    raise ValueError(f"bootstrap weights must be 'rademacher' or 'webb', got {kind!r}")


def wild_bootstrap(res: FEResult, target: int, clusters: np.ndarray, weights: np.ndarray | None, draws: range, seed: int, kind: str = "webb") -> np.ndarray:
    """Bootstrap t-statistics of coefficient ``target`` under H0: beta_target = 0 (WCR).

    Valid when the fixed effects are nested in ``clusters`` (checked by the caller).
    """
    w = np.ones(res.n) if weights is None else np.asarray(weights, float)
    xt, yt = res.xt, res.yt
    others = [j for j in range(xt.shape[1]) if j != target]
    if others:
        xo = xt[:, others]
        beta_r = np.linalg.solve(xo.T @ (w[:, None] * xo), xo.T @ (w * yt))
        fit_r = xo @ beta_r
    else:
        fit_r = np.zeros_like(yt)
    u_r = yt - fit_r
    codes, g = pd.factorize(clusters)
    G = len(g)
    bread = np.linalg.inv(xt.T @ (w[:, None] * xt))
    k = res.n - res.df_resid
    c = G / (G - 1) * (res.n - 1) / (res.n - k)
    out = np.empty(len(draws))
    for i, b in enumerate(draws):
        v = draw_weights(seed, b, G, kind)[codes]
        ystar = fit_r + v * u_r
        beta = bread @ (xt.T @ (w * ystar))
        e = ystar - xt @ beta
        s = np.zeros((G, xt.shape[1]))
        np.add.at(s, codes, (w * e)[:, None] * xt)
        var = c * (bread @ (s.T @ s) @ bread)[target, target]
        out[i] = beta[target] / np.sqrt(var)
    return out


def permutation_estimates(y: np.ndarray, exposure_by_unit: pd.Series, unit: np.ndarray, design, fe: pd.DataFrame, weights: np.ndarray | None, draws: range, seed: int, target: int, strata: pd.Series | None = None) -> np.ndarray:
    """Coefficient ``target`` re-estimated with exposure permuted across units (randomisation
    inference), within ``strata`` (unit -> stratum) if given. ``design(e)`` builds the regressor
    matrix from a unit-level exposure vector."""
    dm = Demeaner(fe, weights)
    w = dm.w
    yt = dm(y)
    units = exposure_by_unit.index.to_numpy()
    values = exposure_by_unit.to_numpy()
    pos = pd.Index(units).get_indexer(unit)
    out = np.empty(len(draws))
    groups = [np.arange(len(values))] if strata is None else [np.flatnonzero(strata.reindex(units).to_numpy() == g) for g in pd.unique(strata.reindex(units))]
    for i, b in enumerate(draws):
        rng = np.random.default_rng([seed, b])
        perm = np.arange(len(values))
        for g in groups:
            perm[g] = g[rng.permutation(len(g))]
        e = values[perm][pos]
        xt = dm(design(e))
        coef = np.linalg.solve(xt.T @ (w[:, None] * xt), xt.T @ (w * yt))
        out[i] = coef[target]
    return out
