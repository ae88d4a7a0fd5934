"""Tidy result rows: every estimate states its sample, unit, weights and inference.

Columns of every results table (spec REQ-OUT-03): ``spec_mode``, ``model``, ``specification``,
``term``, ``estimate``, ``se``, ``p_value``, ``ci_low``, ``ci_high``, ``pct_exact``
(100 (e^beta - 1), for log outcomes), ``n``, ``unit``, ``weights``, ``se_type``,
``cluster_var``, ``n_clusters``, ``outcome``, ``measure``, ``note``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .distributions import t_ppf

COLUMNS = [
    "spec_mode",
    "model",
    "specification",
    "term",
    "estimate",
    "se",
    "p_value",
    "ci_low",
    "ci_high",
    "pct_exact",
    "n",
    "unit",
    "weights",
    "se_type",
    "cluster_var",
    "n_clusters",
    "outcome",
    "measure",
    "note",
]


def row(
    *,
    spec_mode: str,
    model: str,
    specification: str,
    term: str,
    estimate: float,
    se: float = np.nan,
    p_value: float = np.nan,
    n: int | None = None,
    unit: str,
    weights: str = "none",
    se_type: str,
    cluster_var: str | None = None,
    n_clusters: int | None = None,
    outcome: str,
    measure: str,
    log_outcome: bool = True,
    note: str = "",
    df: int | None = None,
) -> dict:
    crit = t_ppf(0.975, df) if df else 1.959963984540054
    ok = np.isfinite(se)
    return {
        "spec_mode": spec_mode,
        "model": model,
        "specification": specification,
        "term": term,
        "estimate": float(estimate),
        "se": float(se) if ok else np.nan,
        "p_value": float(p_value),
        "ci_low": float(estimate - crit * se) if ok else np.nan,
        "ci_high": float(estimate + crit * se) if ok else np.nan,
        "pct_exact": 100 * (np.exp(estimate) - 1) if log_outcome else np.nan,
        "n": n,
        "unit": unit,
        "weights": weights,
        "se_type": se_type,
        "cluster_var": cluster_var,
        "n_clusters": n_clusters,
        "outcome": outcome,
        "measure": measure,
        "note": note,
    }


def frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["n"] = out["n"].astype("Int64")
    out["n_clusters"] = out["n_clusters"].astype("Int64")
    return out


def from_statsmodels(res, term: str, **kw) -> dict:
    """A row from a fitted statsmodels result (pass ``n_clusters`` for clustered fits)."""
    se_type = {"HC3": "HC3", "cluster": "CR1 (statsmodels)", "nonrobust": "classical"}.get(res.cov_type, res.cov_type)
    kw.setdefault("se_type", se_type)
    return row(estimate=res.params[term], se=res.bse[term], p_value=res.pvalues[term], n=int(res.nobs), term=term, **kw)
