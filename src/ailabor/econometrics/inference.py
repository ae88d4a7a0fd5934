"""Wild cluster bootstrap and randomisation inference for the headline event-study coefficient,
split into chunks of draws that a cluster can run in parallel.

The headline is the dose coefficient (exposure x share of post-treatment OEWS panels) of the
primary specification. Draw ``b`` is seeded with ``(seed, b)``, so a chunk covering draws
[a, b) gives the same draws however the range is cut: results do not depend on the number of
chunks (a test checks it).

* wild cluster bootstrap-t, restricted (WCR), Webb weights, clusters = SOC major groups (which
  nest both sets of fixed effects, see :mod:`ailabor.econometrics.fe`);
* randomisation inference: exposure permuted across occupations within SOC major groups (the
  variation the major-group x year effects leave), the coefficient re-estimated. Permuting
  across all occupations would ignore that exposure clusters by major group and overstate
  precision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..oews_panels import post_share
from . import event_study as es
from .fe import Demeaner, fe_ols, permutation_estimates, wild_bootstrap


def chunk_range(draws: int, chunks: int, chunk: int) -> range:
    bounds = np.linspace(0, draws, chunks + 1).round().astype(int)
    return range(int(bounds[chunk]), int(bounds[chunk + 1]))


def headline_data(panel: pd.DataFrame, measure: pd.DataFrame, outcome: str, date: str) -> tuple[pd.DataFrame, es.Design]:
    d = es.prepare(panel, measure, outcome)
    return d, es.event_design(d, date, "dose")


def bootstrap_chunk(panel: pd.DataFrame, measure: pd.DataFrame, *, outcome: str, date: str, draws: range, seed: int, kind: str) -> pd.DataFrame:
    d, design = headline_data(panel, measure, outcome, date)
    fe = d[["unit_code", "major_year"]]
    clusters = d["major"].to_numpy()
    if Demeaner(fe).dof(clusters) != 1:
        raise AssertionError("the wild bootstrap shortcut needs fixed effects nested in the clusters")
    res = fe_ols(d["y"].to_numpy(), design.X, design.names, fe, clusters)
    t = wild_bootstrap(res, 0, clusters, None, draws, seed, kind)
    return pd.DataFrame({"draw": list(draws), "t_star": t})


def permutation_chunk(panel: pd.DataFrame, measure: pd.DataFrame, *, outcome: str, date: str, draws: range, seed: int) -> pd.DataFrame:
    d, design = headline_data(panel, measure, outcome, date)
    dose = d["year"].map(lambda y: post_share(int(y), date)).to_numpy()
    by_unit = d.groupby("unit_code")["exposure"].first()
    strata = d.groupby("unit_code")["major"].first()
    beta = permutation_estimates(d["y"].to_numpy(), by_unit, d["unit_code"].to_numpy(), lambda e: (e * dose)[:, None], d[["unit_code", "major_year"]], None, draws, seed, 0, strata=strata)
    return pd.DataFrame({"draw": list(draws), "beta_star": beta})


def combine(panel: pd.DataFrame, measure: pd.DataFrame, boot: pd.DataFrame, perm: pd.DataFrame, *, outcome: str, date: str, measure_name: str) -> pd.DataFrame:
    """p-values and a bootstrap-t interval for the headline coefficient."""
    d, design = headline_data(panel, measure, outcome, date)
    res = fe_ols(d["y"].to_numpy(), design.X, design.names, d[["unit_code", "major_year"]], d["major"].to_numpy())
    b, se = float(res.coef[0]), float(res.se()[0])
    t = b / se
    tb = boot.sort_values("draw")["t_star"].to_numpy()
    bp = perm.sort_values("draw")["beta_star"].to_numpy()
    q = float(np.quantile(np.abs(tb), 0.95))
    return pd.DataFrame(
        [
            {"measure": measure_name, "outcome": outcome, "date": date, "term": design.names[0], "estimate": b, "se_cr1_major": se, "t": t, "method": "wild cluster bootstrap-t (WCR, Webb, major groups)", "draws": len(tb), "p_value": float(np.mean(np.abs(tb) >= abs(t))), "ci_low": b - q * se, "ci_high": b + q * se, "n_clusters": res.n_clusters},
            {"measure": measure_name, "outcome": outcome, "date": date, "term": design.names[0], "estimate": b, "se_cr1_major": se, "t": t, "method": "randomisation inference (exposure permuted across occupations within SOC major groups)", "draws": len(bp), "p_value": float(np.mean(np.abs(bp) >= abs(b))), "ci_low": np.nan, "ci_high": np.nan, "n_clusters": res.n_clusters},
        ]
    )
