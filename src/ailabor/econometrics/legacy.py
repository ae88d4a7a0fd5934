"""The seed project's econometrics, reproduced exactly (LEGACY-ONLY; spec §4.2, §4.3, §4.6).

* simple correlations: Delta ln w on exposure and ln employment 2022, HC3, windows 2022-2024 and
  2023-2024 (REQ-EV-01);
* DiD on the stacked two-period panel (pre = 2022-23, post = 2023-24), High = E > median, with a
  period-specific ln employment control, clustered by occupation; the continuous version; the
  quartile "DiD" from raw means; the < 1 pp "parallel trends" verdict (REQ-DID-02..05);
* the O-ring usage-wage models: GLM Poisson with an ln employment offset, log-linear OLS, the
  task-level OLS, each also without ambiguous tasks (REQ-OR-01).

The flaws are the point of this module; the corrected designs are in
:mod:`ailabor.econometrics.corrected`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import results

LEGACY_FLAGS = ("ISSUE-20", "ISSUE-21", "ISSUE-25", "ISSUE-27", "ISSUE-28", "ISSUE-31", "ISSUE-41")
UNIT = "SOC 6-digit (seed panel)"


def _ols(y, X, cov_type="HC3", groups=None, weights=None):
    import statsmodels.api as sm

    model = sm.OLS(y, sm.add_constant(X)) if weights is None else sm.WLS(y, sm.add_constant(X), weights=weights)
    if cov_type == "cluster":
        return model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    return model.fit(cov_type=cov_type)


def window_change(did: pd.DataFrame, start: int, end: int) -> pd.Series:
    return did[f"ln_wage_{end}"] - did[f"ln_wage_{start}"]


def simple_correlations(did: pd.DataFrame, measure: str = "seed exposure") -> pd.DataFrame:
    """REQ-EV-01: the two published windows (the seed reports these two only)."""
    X = pd.DataFrame({"ai_exposure": did["ai_exposure"], "ln_employment_2022": np.log(did["employment_2022"])})
    rows = []
    for start, end in ((2022, 2024), (2023, 2024)):
        res = _ols(window_change(did, start, end), X)
        rows.append(
            results.from_statsmodels(
                res,
                "ai_exposure",
                spec_mode="legacy",
                model="simple correlation",
                specification=f"{start}-{end}",
                unit=UNIT,
                outcome=f"Delta ln mean wage {start}-{end}",
                measure=measure,
                note=(
                    f"control ln employment 2022; R2 {res.rsquared:.4f}; mean "
                    f"growth {window_change(did, start, end).mean():.5f}"
                ),
            )
        )
    return results.frame(rows)


def stacked(did: pd.DataFrame) -> pd.DataFrame:
    """Two rows per occupation: pre (2022-23, ln emp 2022) and post (2023-24, ln emp 2023)."""
    pre = pd.DataFrame(
        {
            "soc_code": did["soc_code"],
            "delta_ln_wage": did["delta_ln_wage_pre"],
            "post": 0,
            "high_exposure": did["high_exposure"],
            "ai_exposure": did["ai_exposure"],
            "ln_employment": np.log(did["employment_2022"]),
        }
    )
    post = pd.DataFrame(
        {
            "soc_code": did["soc_code"],
            "delta_ln_wage": did["delta_ln_wage_post"],
            "post": 1,
            "high_exposure": did["high_exposure"],
            "ai_exposure": did["ai_exposure"],
            "ln_employment": np.log(did["employment_2023"]),
        }
    )
    # interleave as the seed did (pre, post for each occupation)
    out = pd.concat([pre, post]).sort_index(kind="stable").reset_index(drop=True)
    out["high_x_post"] = out["high_exposure"] * out["post"]
    out["exposure_x_post"] = out["ai_exposure"] * out["post"]
    return out


def group_means(did: pd.DataFrame) -> dict[str, float]:
    hi = did["high_exposure"] == 1
    return {
        "pre_high": did.loc[hi, "delta_ln_wage_pre"].mean(),
        "pre_low": did.loc[~hi, "delta_ln_wage_pre"].mean(),
        "post_high": did.loc[hi, "delta_ln_wage_post"].mean(),
        "post_low": did.loc[~hi, "delta_ln_wage_post"].mean(),
    }


def did_models(did: pd.DataFrame, measure: str = "seed exposure") -> pd.DataFrame:
    """REQ-DID-02..05: simple, regression binary, continuous and quartile DiD, the pre-difference."""
    long = stacked(did)
    n_occ = did["soc_code"].nunique()
    common = dict(
        spec_mode="legacy",
        unit=f"{UNIT} x 2 periods",
        outcome="Delta ln mean wage (stacked 2022-23, 2023-24)",
        measure=measure,
    )
    g = group_means(did)
    simple = (g["post_high"] - g["post_low"]) - (g["pre_high"] - g["pre_low"])
    rows = [
        results.row(
            model="DiD",
            specification="Simple DiD (Binary)",
            term="group means",
            estimate=simple,
            n=len(did),
            se_type="none",
            note="raw group means",
            **common,
        )
    ]
    for spec, treat, inter in (
        ("Regression DiD (Binary)", "high_exposure", "high_x_post"),
        ("Regression DiD (Continuous)", "ai_exposure", "exposure_x_post"),
    ):
        res = _ols(long["delta_ln_wage"], long[[treat, "post", inter, "ln_employment"]], "cluster", long["soc_code"])
        rows.append(
            results.from_statsmodels(
                res,
                inter,
                model="DiD",
                specification=spec,
                cluster_var="soc_code",
                n_clusters=n_occ,
                note="control: period-specific ln employment (2022 pre, 2023 post)",
                **common,
            )
        )
    q = did.groupby("exposure_quartile", observed=True)[["delta_ln_wage_pre", "delta_ln_wage_post"]].mean()
    quart = (q.loc["Q4", "delta_ln_wage_post"] - q.loc["Q1", "delta_ln_wage_post"]) - (
        q.loc["Q4", "delta_ln_wage_pre"] - q.loc["Q1", "delta_ln_wage_pre"]
    )
    rows.append(
        results.row(
            model="DiD",
            specification="Quartile DiD (Q4 vs Q1)",
            term="raw means Q4 - Q1",
            estimate=quart,
            n=len(did),
            se_type="none",
            note="raw means, no regression, no SE (ISSUE-25)",
            **common,
        )
    )
    rows.append(
        results.row(
            model="parallel trends check",
            specification="pre-period difference (High - Low)",
            term="group means",
            estimate=g["pre_high"] - g["pre_low"],
            n=len(did),
            se_type="none",
            note=(
                f"legacy verdict: {'PASSED' if abs(g['pre_high'] - g['pre_low']) < 0.01 else 'FAILED'} "
                "(|diff| < 0.01; not a test, ISSUE-20)"
            ),
            **common,
        )
    )
    return results.frame(rows)


def did_summary_file(table: pd.DataFrame) -> pd.DataFrame:
    """The seed's did_results_summary.csv layout."""
    t = table[table["model"] == "DiD"]
    interp = {
        "Simple DiD (Binary)": lambda b: f"{b * 100:.2f}% additional change in high-exposure group",
        "Regression DiD (Binary)": lambda b: f"{b * 100:.2f}% additional change in high-exposure group",
        "Regression DiD (Continuous)": lambda b: f"{b * 0.1 * 100:.2f}% per 10pp exposure increase",
        "Quartile DiD (Q4 vs Q1)": lambda b: f"{b * 100:.2f}% Q4 vs Q1 difference",
    }
    return pd.DataFrame(
        {
            "Specification": t["specification"].to_numpy(),
            "Estimate": t["estimate"].to_numpy(),
            "SE": t["se"].to_numpy(),
            "P_value": t["p_value"].to_numpy(),
            "Interpretation": [interp[s](b) for s, b in zip(t["specification"], t["estimate"])],
        }
    )


def timing_comparison_file(correlations: pd.DataFrame) -> pd.DataFrame:
    """The seed's timing_comparison.csv layout from the two :func:`simple_correlations` rows
    (2022-2024, then 2023-2024)."""
    p = correlations["p_value"]
    return pd.DataFrame(
        {
            "Period": ["2022-2024 (includes pre-LLM)", "2023-2024 (post-LLM only)"],
            "Beta": correlations["estimate"],
            "SE": correlations["se"],
            "P_value": p,
            "Significance": np.where(p < 0.001, "***", np.where(p < 0.01, "**", np.where(p < 0.05, "*", ""))),
            "N": correlations["n"],
        }
    )


def oring_data(cw: pd.DataFrame) -> pd.DataFrame:
    """Cleaned task rows of the seed's crosswalk with wages (REQ-OR-01)."""
    d = cw.dropna(subset=["soc_6digit", "TOT_EMP", "api_usage_count"]).copy()
    d["wage_annual"] = d["A_MEAN"].fillna(d["H_MEAN"] * 2080)
    d["wage_hourly"] = d["H_MEAN"].fillna(d["A_MEAN"] / 2080)
    d = d[(d["TOT_EMP"] > 0) & (d["wage_annual"] > 0) & d["wage_annual"].notna()]
    d["is_core_task"] = d["onet_task_type"].astype("object").str.lower().str.contains("core", na=False).astype(int)
    d["is_ambiguous"] = d["is_ambiguous"].astype(bool)
    return d


def oring_soc(d: pd.DataFrame) -> pd.DataFrame:
    soc = (
        d.groupby("soc_6digit")
        .agg(
            usage_total=("api_usage_count", "sum"),
            employment=("TOT_EMP", "first"),
            wage_annual=("wage_annual", "first"),
            wage_hourly=("wage_hourly", "first"),
            occ_title=("OCC_TITLE", "first"),
            share_core=("is_core_task", "mean"),
            avg_match_score=("match_score", "mean"),
            share_ambiguous=("is_ambiguous", "mean"),
        )
        .reset_index()
    )
    soc["usage_per_worker"] = soc["usage_total"] / soc["employment"]
    soc["log_wage"] = np.log(soc["wage_annual"])
    soc["log_employment"] = np.log(soc["employment"])
    soc["log_usage_intensity"] = np.log(soc["usage_per_worker"] + 1e-6)
    return soc


def oring_models(cw: pd.DataFrame, measure: str = "seed crosswalk") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The five O-ring models of REQ-OR-01 and the SOC-level data."""
    import statsmodels.api as sm

    d = oring_data(cw)
    soc = oring_soc(d)
    rows = []
    common = dict(spec_mode="legacy", measure=measure)
    p = soc[["usage_total", "log_wage", "log_employment", "share_core", "avg_match_score"]].dropna()
    glm = sm.GLM(
        p["usage_total"],
        sm.add_constant(p[["log_wage", "share_core", "avg_match_score"]]),
        family=sm.families.Poisson(),
        offset=p["log_employment"],
    ).fit(cov_type="HC3")
    glm_se = "HC0 (the seed asked statsmodels' GLM for HC3, which GLM computes as HC0)"
    rows.append(
        results.from_statsmodels(
            glm,
            "log_wage",
            model="O-ring",
            specification="A1: GLM Poisson (full)",
            unit="SOC 6-digit",
            outcome="API usage (split-weighted), ln employment offset",
            log_outcome=False,
            se_type=glm_se,
            **common,
        )
    )
    no = (
        d[~d["is_ambiguous"]]
        .groupby("soc_6digit")
        .agg(
            api_usage_count=("api_usage_count", "sum"),
            TOT_EMP=("TOT_EMP", "first"),
            wage_annual=("wage_annual", "first"),
            is_core_task=("is_core_task", "mean"),
            match_score=("match_score", "mean"),
        )
        .reset_index()
    )
    no["log_wage"] = np.log(no["wage_annual"])
    glm2 = sm.GLM(
        no["api_usage_count"],
        sm.add_constant(no[["log_wage", "is_core_task", "match_score"]].fillna(0)),
        family=sm.families.Poisson(),
        offset=np.log(no["TOT_EMP"]),
    ).fit(cov_type="HC3")
    rows.append(
        results.from_statsmodels(
            glm2,
            "log_wage",
            model="O-ring",
            specification="A1: GLM Poisson (no amb)",
            unit="SOC 6-digit",
            outcome="API usage (split-weighted), ln employment offset",
            log_outcome=False,
            se_type=glm_se,
            **common,
        )
    )
    o = soc[["log_usage_intensity", "log_wage", "share_core", "avg_match_score"]].dropna()
    ols = _ols(o["log_usage_intensity"], o[["log_wage", "share_core", "avg_match_score"]])
    rows.append(
        results.from_statsmodels(
            ols,
            "log_wage",
            model="O-ring",
            specification="A2: Log-linear OLS",
            unit="SOC 6-digit",
            outcome="ln(usage per worker + 1e-6)",
            log_outcome=False,
            **common,
        )
    )
    t = d.assign(
        log_usage_plus1=np.log(1 + d["api_usage_count"]),
        log_wage=np.log(d["wage_annual"]),
        is_ambiguous_num=d["is_ambiguous"].astype(int),
    )
    t = t[["log_usage_plus1", "log_wage", "is_core_task", "match_score", "is_ambiguous_num", "soc_6digit"]].dropna()
    for spec, sub, cols in (
        ("B1: Task-level OLS (full)", t, ["log_wage", "is_core_task", "match_score", "is_ambiguous_num"]),
        ("B1: Task-level OLS (no amb)", t[t["is_ambiguous_num"] == 0], ["log_wage", "is_core_task", "match_score"]),
    ):
        res = _ols(sub["log_usage_plus1"], sub[cols], "cluster", sub["soc_6digit"])
        rows.append(
            results.from_statsmodels(
                res,
                "log_wage",
                model="O-ring",
                specification=spec,
                unit="task row (SOC x task)",
                outcome="ln(1 + API usage)",
                cluster_var="soc_6digit",
                n_clusters=sub["soc_6digit"].nunique(),
                log_outcome=False,
                **common,
            )
        )
    return results.frame(rows), soc


def model_summary_file(table: pd.DataFrame) -> pd.DataFrame:
    """The seed's model_summary.csv layout."""
    sig = (table["p_value"] < 0.05).map({True: "***", False: ""})
    return pd.DataFrame(
        {
            "Model": table["specification"].to_numpy(),
            "Beta_log_wage": table["estimate"].to_numpy(),
            "SE": table["se"].to_numpy(),
            "P_value": table["p_value"].to_numpy(),
            "N": table["n"].to_numpy(),
            "Significant": sig.to_numpy(),
            "Beta_formatted": [f"{b:.4f} ({s:.4f}){g}" for b, s, g in zip(table["estimate"], table["se"], sig)],
        }
    )
