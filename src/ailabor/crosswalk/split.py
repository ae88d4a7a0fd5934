"""Split-weight allocation of shared task statements (spec REQ-PROC-03).

An AEI task matched to a statement shared by n occupations is spread over them. The seed used
an equal split (``split_weight = 1/n``); the employment-weighted split gives each candidate
occupation its share of the candidates' employment. An O*NET occupation's employment is its
OEWS code's employment divided equally among the O*NET occupations mapped to that code (OEWS
publishes nothing finer). Where no candidate has employment the split falls back to equal and
says so. Both splits conserve usage: they sum back to the task's count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def onet_employment(mapping: pd.DataFrame, base: pd.DataFrame) -> pd.Series:
    """Employment per O*NET-SOC code: its OEWS code's employment / its O*NET children."""
    m = mapping[mapping["oews_code"].notna()].merge(base[["oews_code", "employment"]], on="oews_code", how="left")
    n = m.groupby("oews_code")["onet_soc_code"].transform("count")
    return pd.Series((m["employment"] / n).to_numpy(), index=m["onet_soc_code"].to_numpy())


def add_employment_split(crosswalk: pd.DataFrame, mapping: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    cw = crosswalk.copy()
    emp = cw["onet_soc_code"].map(onet_employment(mapping, base)).fillna(0.0)
    total = emp.groupby(cw["anthropic_task_description"]).transform("sum")
    fallback = total <= 0
    cw["split_weight_emp"] = np.where(fallback, cw["split_weight"], emp / total.where(~fallback, 1.0))
    cw["split_emp_fallback"] = fallback.to_numpy()
    cw["api_usage_count_emp"] = cw["api_usage_count_original"] * cw["split_weight_emp"]
    return cw


def conservation(crosswalk: pd.DataFrame, tol: float = 1e-9) -> pd.DataFrame:
    """Per AEI task: original usage and the sums of both splits; raises if either drifts."""
    g = crosswalk.groupby("anthropic_task_description", sort=True)
    out = pd.DataFrame(
        {
            "usage_original": g["api_usage_count_original"].first(),
            "usage_equal_split": g["api_usage_count"].sum(),
            "usage_employment_split": g["api_usage_count_emp"].sum() if "api_usage_count_emp" in crosswalk else np.nan,
            "n_candidates": g.size(),
        }
    ).reset_index()
    for col in ("usage_equal_split", "usage_employment_split"):
        dev = (out[col] - out["usage_original"]).abs()
        bad = dev > tol * np.maximum(1.0, out["usage_original"])
        if bad.any():
            r = out[bad].iloc[0]
            raise AssertionError(
                "split usage does not sum back to the task's count "
                f"for {r['anthropic_task_description']!r}: {r[col]} vs {r['usage_original']}"
            )
    return out
