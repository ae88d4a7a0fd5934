"""Corrected exposure measures (spec REQ-EXP-03), per O*NET-SOC occupation and per OEWS code.

For occupation j with rated tasks T_j, weights w_jk and a credit c_jk in [0, 1] per task:

    E_j = sum_k w_jk c_jk / sum_k w_jk

* **universe**: every rated (occupation, task) pair, unique; occupations with no AI-touched task
  enter with E = 0 (the seed dropped them, ISSUE-02). Without the Task Ratings file the universe
  is the Core and Supplemental statements and only uniform weights exist.
* **credits**: ``binary`` 1[U > 0] (full credit for shared statements, as the seed);
  ``fractional`` 1/n for a statement shared by n occupations (the corrected headline);
  ``fractional_emp`` the employment-weighted share instead of 1/n; ``unambiguous`` only
  statements of a single occupation; ``intensity`` min(1, U_split / cap), cap the ``q``-quantile
  of positive split usage; ``tau<N>`` 1[U >= N] for the touch thresholds. U is the AEI count of
  the task text (all descriptions matched to it), U_split its equal-split share.
* **weights**: ``im`` importance (1-5), ``uniform``, ``imrt`` importance x relevance.

Aggregation to OEWS codes is the pooled ratio sum_j sum_k w c / sum_j sum_k w over the O*NET
children of the code (``pooled``); the unweighted mean of the children's E is available
(``mean``, the seed's DiD step).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .names import credits


def rated_universe(statements: pd.DataFrame, ratings: pd.DataFrame | None) -> pd.DataFrame:
    """Unique rated (occupation, task) pairs with importance and relevance where available."""
    if ratings is not None:
        im = ratings[ratings["scale_id"] == "IM"][["onet_soc_code", "task_id", "data_value"]].rename(
            columns={"data_value": "im"}
        )
        rt = ratings[ratings["scale_id"] == "RT"][["onet_soc_code", "task_id", "data_value"]].rename(
            columns={"data_value": "rt"}
        )
        u = im.merge(rt, on=["onet_soc_code", "task_id"], how="left")
        u["universe"] = "IM-rated tasks (Task Ratings)"
    else:
        s = statements[statements["task_type"].notna()]
        u = pd.DataFrame({"onet_soc_code": s["onet_soc_code"], "task_id": s["task_id"], "im": np.nan, "rt": np.nan})
        u["universe"] = "Core and Supplemental statements (no Task Ratings: uniform weights)"
    u = u.drop_duplicates(["onet_soc_code", "task_id"]).reset_index(drop=True)
    return u


def pair_usage(crosswalk: pd.DataFrame) -> pd.DataFrame:
    """AEI usage per unique (occupation, task) pair.

    ``usage_text``: AEI count of the task text (summed over the distinct AEI descriptions
    matched to it, e.g. punctuation variants); ``usage_split``: its equal-split share;
    ``usage_split_emp``: its employment-weighted share (if the split was computed).
    """
    cw = crosswalk.drop_duplicates(["anthropic_task_description", "onet_soc_code", "onet_task_id"])
    agg = {
        "usage_text": ("api_usage_count_original", "sum"),
        "usage_split": ("api_usage_count", "sum"),
        "n_candidates": ("n_candidate_socs", "max"),
        "split_weight": ("split_weight", "max"),
    }
    if "split_weight_emp" in cw.columns:
        agg["split_weight_emp"] = ("split_weight_emp", "max")
        agg["usage_split_emp"] = ("api_usage_count_emp", "sum")
    out = cw.groupby(["onet_soc_code", "onet_task_id"], sort=True).agg(**agg).reset_index()
    return out.rename(columns={"onet_task_id": "task_id"})


def task_credits(universe: pd.DataFrame, usage: pd.DataFrame, thresholds, cap_quantile: float) -> pd.DataFrame:
    """The universe with usage attached and one credit column per credit type."""
    t = universe.merge(usage, on=["onet_soc_code", "task_id"], how="left")
    for c in ("usage_text", "usage_split"):
        t[c] = t[c].fillna(0.0)
    t["n_candidates"] = t["n_candidates"].fillna(0).astype(int)
    touched = t["usage_text"] > 0
    t["c_binary"] = touched.astype(float)
    t["c_fractional"] = np.where(touched, t["split_weight"].fillna(0.0), 0.0)
    emp_w = t["split_weight_emp"] if "split_weight_emp" in t.columns else t["split_weight"]
    t["c_fractional_emp"] = np.where(touched, emp_w.fillna(0.0), 0.0)
    t["c_unambiguous"] = (touched & (t["n_candidates"] == 1)).astype(float)
    positive = t.loc[t["usage_split"] > 0, "usage_split"]
    cap = float(positive.quantile(cap_quantile)) if len(positive) else 1.0
    t["c_intensity"] = np.minimum(1.0, t["usage_split"] / cap) if cap > 0 else 0.0
    for tau in thresholds:
        t[f"c_tau{int(tau)}"] = (t["usage_text"] >= tau).astype(float)
    t["w_im"] = t["im"]
    t["w_uniform"] = 1.0
    t["w_imrt"] = t["im"] * t["rt"] / 100.0
    t.attrs["intensity_cap"] = cap
    return t


def exposure_onet(task_table: pd.DataFrame, thresholds, weights) -> pd.DataFrame:
    """Long table: one row per (O*NET-SOC occupation, variant)."""
    frames = []
    for c in credits(thresholds):
        for w in weights:
            d = task_table[["onet_soc_code"]].copy()
            d["total_weight"] = task_table[f"w_{w}"]
            d["ai_weight"] = task_table[f"w_{w}"] * task_table[f"c_{c}"]
            d["touched"] = task_table["c_binary"]
            g = d.groupby("onet_soc_code", sort=True)
            out = pd.DataFrame(
                {
                    "total_weight": g["total_weight"].sum(min_count=1),
                    "ai_weight": g["ai_weight"].sum(min_count=1),
                    "n_rated_tasks": g.size(),
                    "n_touched_tasks": g["touched"].sum(),
                }
            ).reset_index()
            out.insert(1, "variant", f"{c}_{w}")
            out.insert(2, "credit", c)
            out.insert(3, "weight", w)
            frames.append(out)
    long = pd.concat(frames, ignore_index=True)
    long["exposure"] = (long["ai_weight"] / long["total_weight"]).clip(0, 1)
    return long


def exposure_oews(
    onet_long: pd.DataFrame, mapping: pd.DataFrame, base: pd.DataFrame, method: str = "pooled"
) -> pd.DataFrame:
    """Aggregate O*NET-level exposure to OEWS codes; attach the weighting base once per code."""
    m = onet_long.merge(mapping[["onet_soc_code", "oews_code"]], on="onet_soc_code", how="inner")
    m = m[m["oews_code"].notna()]
    g = m.groupby(["oews_code", "variant", "credit", "weight"], sort=True)
    out = pd.DataFrame(
        {
            "ai_weight": g["ai_weight"].sum(min_count=1),
            "total_weight": g["total_weight"].sum(min_count=1),
            "mean_of_children": g["exposure"].mean(),
            "n_onet": g.size(),
            "n_rated_tasks": g["n_rated_tasks"].sum(),
            "n_touched_tasks": g["n_touched_tasks"].sum(),
        }
    ).reset_index()
    pooled = (out["ai_weight"] / out["total_weight"]).clip(0, 1)
    if method == "pooled":
        out["exposure"] = pooled
    elif method == "mean":
        out["exposure"] = out["mean_of_children"]
    else:
        raise ValueError(f"aggregation must be 'pooled' or 'mean', got {method!r}")
    out["aggregation"] = method
    return out.merge(base, on="oews_code", how="left")


def summary(oews_long: pd.DataFrame) -> pd.DataFrame:
    """Per variant: N, mean, median, share at zero, employment- and wage-bill-weighted means."""
    rows = []
    for v, d in oews_long.groupby("variant", sort=False):
        d = d[d["exposure"].notna()]
        emp = d["employment"].fillna(0)
        bill = d["wage_bill"].fillna(0)
        rows.append(
            {
                "variant": v,
                "credit": d["credit"].iloc[0],
                "weight": d["weight"].iloc[0],
                "n_oews_codes": len(d),
                "mean": d["exposure"].mean(),
                "median": d["exposure"].median(),
                "std": d["exposure"].std(ddof=1),
                "min": d["exposure"].min(),
                "max": d["exposure"].max(),
                "share_zero": float((d["exposure"] == 0).mean()),
                "employment_weighted": float((d["exposure"] * emp).sum() / emp.sum()) if emp.sum() else np.nan,
                "wage_bill_weighted": float((d["exposure"] * bill).sum() / bill.sum()) if bill.sum() else np.nan,
                "employment_covered": float(emp.sum()),
                "wage_bill_covered": float(bill.sum()),
            }
        )
    return pd.DataFrame(rows)
