"""The seed project's exposure, reproduced with its flaws (LEGACY-ONLY, spec REQ-EXP-01).

Flaws kept and flagged: duplicated (occupation, task) pairs from the crosswalk duplicate
importance rows (ISSUE-03); every O*NET child carries its parent SOC code's full employment and
wage, joined by truncating the code (ISSUE-04, ISSUE-05); only occupations with an AI-touched
task have wages, so untouched occupations drop out (ISSUE-02); shared statements get full credit
in every candidate occupation (ISSUE-06); tasks outside the importance universe are lost (ISSUE-07).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LEGACY_FLAGS = ("ISSUE-02", "ISSUE-03", "ISSUE-04", "ISSUE-05", "ISSUE-06", "ISSUE-07")
OEWS_WAGE_COLUMNS = [
    "occ_code",
    "occ_title",
    "tot_emp",
    "h_mean",
    "a_mean",
    "h_median",
    "a_median",
    "h_pct10",
    "h_pct25",
    "h_pct75",
    "h_pct90",
    "a_pct10",
    "a_pct25",
    "a_pct75",
    "a_pct90",
]


def crosswalk_with_wages(
    crosswalk: pd.DataFrame, occupation_data: pd.DataFrame, job_zones: pd.DataFrame, oews_year: pd.DataFrame
) -> pd.DataFrame:
    """The seed's master_task_crosswalk_with_wages: titles, job zone, and the OEWS row of the
    truncated 6-digit code (left join; aggregate codes such as 13-1020 get no match)."""
    out = crosswalk.merge(
        occupation_data.rename(
            columns={"title": "onet_occupation_title", "description": "onet_occupation_description"}
        ),
        on="onet_soc_code",
        how="left",
    )
    out = out.merge(
        job_zones[["onet_soc_code", "job_zone"]].drop_duplicates("onet_soc_code"), on="onet_soc_code", how="left"
    )
    out["soc_6digit"] = out["onet_soc_code"].str.split(".").str[0]
    det = oews_year[oews_year["o_group"] == "detailed"][[c for c in OEWS_WAGE_COLUMNS if c in oews_year.columns]]
    det = det.drop_duplicates("occ_code").rename(columns={c: c.upper() for c in OEWS_WAGE_COLUMNS})
    return out.merge(det, left_on="soc_6digit", right_on="OCC_CODE", how="left")


def _first_nonnull(s: pd.Series):
    s = s.dropna()
    return s.iloc[0] if len(s) else np.nan


def occupation_exposure(crosswalk_w: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    """The seed's occupation_exposure.csv: importance-weighted binary exposure per O*NET code."""
    im = ratings[ratings["scale_id"] == "IM"][["onet_soc_code", "task_id", "data_value"]].rename(
        columns={"task_id": "onet_task_id", "data_value": "task_importance"}
    )
    usage = crosswalk_w[
        [
            "onet_soc_code",
            "onet_task_id",
            "api_usage_count",
            "TOT_EMP",
            "A_MEAN",
            "A_MEDIAN",
            "onet_occupation_title",
            "job_zone",
        ]
    ]
    full = im.merge(usage, on=["onet_soc_code", "onet_task_id"], how="left")
    full["api_usage_count"] = full["api_usage_count"].fillna(0)
    full["ai_task_importance"] = full["task_importance"] * (full["api_usage_count"] > 0).astype(float)
    occ = (
        full.groupby("onet_soc_code")
        .agg(
            total_task_importance=("task_importance", "sum"),
            ai_task_importance=("ai_task_importance", "sum"),
            api_usage_count=("api_usage_count", "sum"),
            A_MEAN=("A_MEAN", _first_nonnull),
            A_MEDIAN=("A_MEDIAN", _first_nonnull),
            TOT_EMP=("TOT_EMP", _first_nonnull),
            onet_occupation_title=("onet_occupation_title", _first_nonnull),
            job_zone=("job_zone", _first_nonnull),
        )
        .reset_index()
    )
    occ = occ[
        occ["A_MEAN"].notna() & occ["TOT_EMP"].notna() & (occ["TOT_EMP"] > 0) & (occ["total_task_importance"] > 0)
    ].copy()
    occ["ai_exposure"] = (occ["ai_task_importance"] / occ["total_task_importance"]).clip(0, 1)
    occ["usage_per_worker"] = occ["api_usage_count"] / occ["TOT_EMP"]
    occ["job_zone"] = occ["job_zone"].astype(float)
    return occ.reset_index(drop=True)
