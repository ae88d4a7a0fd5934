"""Corrected usage-wage regressions (spec REQ-OR-02).

Unit: OEWS codes of the base year with rated O*NET tasks and a published mean wage, including
those with no AI usage at all (the seed's sample had none, selecting on the outcome).

* PPML (Poisson pseudo-likelihood, robust HC1) of usage on ln mean wage, with ln employment as
  a free regressor and the test that its coefficient is 1 (the seed imposed it as an offset);
  the offset version is reported next to it;
* economic controls instead of match artefacts: exposure (the primary measure), ln number of
  rated tasks, mean job zone, SOC major-group fixed effects;
* the equal and the employment-weighted split of shared statements; the usage-positive subsample
  (to show the selection); and the task-level model (rated tasks, clustered by OEWS code).

Usage here is API task-classification counts, not usage by workers of the occupation: these
are associations and identify neither complementarity nor O-ring production.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import results

NOTE = "association only: API task counts are not use by workers in the occupation (ISSUE-42)"


def soc_table(crosswalk: pd.DataFrame, mapping: pd.DataFrame, base: pd.DataFrame, exposure: pd.DataFrame, job_zones: pd.DataFrame) -> pd.DataFrame:
    m = mapping[["onet_soc_code", "oews_code"]].dropna()
    cw = crosswalk.merge(m, on="onet_soc_code", how="inner")
    usage = cw.groupby("oews_code").agg(usage_equal=("api_usage_count", "sum"), usage_emp=("api_usage_count_emp", "sum"))
    jz = job_zones.merge(m, on="onet_soc_code").groupby("oews_code")["job_zone"].mean()
    e = exposure.set_index("oews_code")
    t = base.set_index("oews_code").join(e[["exposure", "n_rated_tasks"]], how="inner").join(usage, how="left").join(jz.rename("job_zone"), how="left")
    t[["usage_equal", "usage_emp"]] = t[["usage_equal", "usage_emp"]].fillna(0.0)
    t = t[(t["employment"] > 0) & (t["a_mean"] > 0)].copy()
    t["ln_wage"] = np.log(t["a_mean"])
    t["ln_employment"] = np.log(t["employment"])
    t["ln_tasks"] = np.log(t["n_rated_tasks"])
    t["major"] = t.index.str[:2]
    return t.reset_index()


def _glm(y, X, offset=None, groups=None):
    import statsmodels.api as sm

    model = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset)
    if groups is not None:
        return model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    return model.fit(cov_type="HC1")


def _design(t: pd.DataFrame, free_employment: bool) -> pd.DataFrame:
    import statsmodels.api as sm

    cols = ["ln_wage", "exposure", "ln_tasks", "job_zone"] + (["ln_employment"] if free_employment else [])
    X = t[cols].copy()
    X["job_zone"] = X["job_zone"].fillna(X["job_zone"].mean())
    X = pd.concat([X, pd.get_dummies(t["major"], prefix="major", drop_first=True, dtype=float)], axis=1)
    return sm.add_constant(X)


def models(soc: pd.DataFrame, task_table: pd.DataFrame, mapping: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    rows = []
    common = dict(spec_mode="corrected", measure=measure, model="usage-wage PPML", log_outcome=False, se_type="HC1")
    zeros = int((soc["usage_equal"] == 0).sum())
    for spec, t, usage, free in (
        ("offset ln employment (imposed elasticity 1), zeros included", soc, "usage_equal", False),
        ("free ln employment, zeros included", soc, "usage_equal", True),
        ("free ln employment, employment-weighted split", soc, "usage_emp", True),
        ("free ln employment, usage-positive codes only", soc[soc["usage_equal"] > 0], "usage_equal", True),
    ):
        X = _design(t, free)
        res = _glm(t[usage], X, offset=None if free else t["ln_employment"])
        note = f"{NOTE}; {int((t[usage] == 0).sum())} of {len(t)} codes with zero usage; controls: exposure, ln rated tasks, job zone, major-group FE"
        rows.append(results.from_statsmodels(res, "ln_wage", specification=spec, unit="OEWS code (base year)", outcome=f"API usage ({usage})", note=note, **common))
        if free:
            b, se = res.params["ln_employment"], res.bse["ln_employment"]
            from scipy import stats

            p1 = 2 * stats.norm.sf(abs((b - 1) / se))
            rows.append(results.row(specification=spec, term="ln_employment", estimate=b, se=se, p_value=res.pvalues["ln_employment"], n=int(res.nobs), unit="OEWS code (base year)", outcome=f"API usage ({usage})", note=f"offset test H0 elasticity = 1: p = {p1:.4g}", **common))
    # task level: every rated task of the covered codes, clustered by OEWS code
    tk = task_table.merge(mapping[["onet_soc_code", "oews_code"]], on="onet_soc_code").merge(soc[["oews_code", "ln_wage", "ln_employment", "major"]], on="oews_code")
    import statsmodels.api as sm

    X = tk[["ln_wage", "ln_employment"]].copy()
    if tk["im"].notna().all():
        X["importance"] = tk["im"]
    X = sm.add_constant(pd.concat([X, pd.get_dummies(tk["major"], prefix="major", drop_first=True, dtype=float)], axis=1))
    res = _glm(tk["usage_split"], X, groups=tk["oews_code"])
    rows.append(results.from_statsmodels(res, "ln_wage", specification="task level: rated tasks incl. zeros", unit="rated (occupation, task) pair", outcome="API usage of the task (equal split)", cluster_var="oews_code", n_clusters=tk["oews_code"].nunique(), se_type="CR1 (statsmodels)", measure=measure, model="usage-wage PPML", spec_mode="corrected", log_outcome=False, note=f"{NOTE}; {int((tk['usage_split'] == 0).sum())} of {len(tk)} tasks with zero usage"))
    out = results.frame(rows)
    out["zero_usage_codes"] = zeros
    return out
