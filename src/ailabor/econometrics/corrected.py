"""Corrected designs on the three-wave samples (spec REQ-EV-02, REQ-DID-04/05, REQ-DID-08).

* :func:`three_windows`: the slope of wage growth on exposure over 2022-24, 2022-23 and 2023-24
  on one sample and one regressor set, so that beta(22-24) = beta(22-23) + beta(23-24) holds
  exactly (asserted); the pre-window slope is the one the seed did not report;
* :func:`quartile_regression`: Delta^2 ln w (post change minus pre change) on quartile dummies,
  HC3, with the joint test and a monotonicity check (ISSUE-25);
* :func:`pre_difference`: the pre-period difference with a standard error (ISSUE-20: with one
  pre-period change this is all there is; parallel trends is untestable);
* :func:`robustness_table`: the REQ-DID-08 variants of the legacy binary and continuous DiD.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import results
from .legacy import _ols, stacked


def three_windows(wide: pd.DataFrame, exposure: str, years: tuple[int, int, int], *, spec_mode: str, measure: str, unit: str) -> pd.DataFrame:
    y0, y1, y2 = years
    X = pd.DataFrame({"exposure": wide[exposure].to_numpy(), "ln_employment_first": np.log(wide[f"employment_{y0}"]).to_numpy()})
    rows, betas = [], {}
    for a, b in ((y0, y2), (y0, y1), (y1, y2)):
        y = (wide[f"ln_wage_{b}"] - wide[f"ln_wage_{a}"]).to_numpy()
        res = _ols(y, X)
        betas[(a, b)] = res.params["exposure"]
        rows.append(results.from_statsmodels(res, "exposure", spec_mode=spec_mode, model="three-window identity", specification=f"{a}-{b}", unit=unit, outcome=f"Delta ln mean wage {a}-{b}", measure=measure, note=f"control ln employment {y0} (pre-determined); cross-sectional association"))
    gap = betas[(y0, y2)] - betas[(y0, y1)] - betas[(y1, y2)]
    if abs(gap) > 1e-10:
        raise AssertionError(f"three-window identity fails by {gap}")
    out = results.frame(rows)
    out["identity_gap"] = gap
    return out


def quartile_regression(wide: pd.DataFrame, exposure: str, *, spec_mode: str, measure: str, unit: str) -> pd.DataFrame:
    import statsmodels.api as sm

    e = wide[exposure]
    try:
        q = pd.qcut(e, 4, labels=["Q1", "Q2", "Q3", "Q4"])
        terms, base = ["Q2", "Q3", "Q4"], "Q1"
    except ValueError:  # many zeros (corrected measures): zero exposure is the base group
        q = pd.Series("zero", index=e.index, dtype=object)
        q[e > 0] = pd.qcut(e[e > 0], 4, labels=["Q1+", "Q2+", "Q3+", "Q4+"]).astype(str)
        q = pd.Categorical(q, categories=["zero", "Q1+", "Q2+", "Q3+", "Q4+"])
        terms, base = ["Q1+", "Q2+", "Q3+", "Q4+"], "zero exposure"
    X = sm.add_constant(pd.get_dummies(pd.Series(q), drop_first=True, dtype=float).reset_index(drop=True))
    X.columns = ["const", *[t.replace("+", "p") for t in terms]]
    names = {t.replace("+", "p"): t for t in terms}
    y = (wide["delta_ln_wage_post"] - wide["delta_ln_wage_pre"]).reset_index(drop=True)
    res = sm.OLS(y, X).fit(cov_type="HC3")
    cols = list(names)
    joint = res.f_test(", ".join(f"{c} = 0" for c in cols))
    equal = res.f_test(", ".join(f"{a} = {b}" for a, b in zip(cols[:-1], cols[1:])))
    b = res.params[cols].to_numpy()
    monotone = bool(np.all(np.diff(np.r_[0.0, b]) <= 0) or np.all(np.diff(np.r_[0.0, b]) >= 0))
    note = f"base {base}; joint F {float(joint.fvalue):.3f} (p {float(joint.pvalue):.4f}); equal coefficients p {float(equal.pvalue):.4f}; monotone point estimates: {monotone}"
    rows = []
    for col, term in names.items():
        r = results.from_statsmodels(res, col, spec_mode=spec_mode, model="quartile DiD (regression)", specification="Delta^2 ln w on quartile dummies (Q1 base)" if base == "Q1" else "Delta^2 ln w on quartiles of positive exposure (zero base)", unit=unit, outcome="(2023-24 change) - (2022-23 change) in ln mean wage", measure=measure, note=note)
        r["term"] = term
        rows.append(r)
    out = results.frame(rows)
    out["joint_p"] = float(joint.pvalue)
    out["monotone"] = monotone
    return out


def pre_difference(wide: pd.DataFrame, exposure: str, *, spec_mode: str, measure: str, unit: str) -> pd.DataFrame:
    rows = []
    high = (wide[exposure] > wide[exposure].median()).astype(float)
    for name, x in (("binary (E > median)", high), ("continuous", wide[exposure])):
        res = _ols(wide["delta_ln_wage_pre"].to_numpy(), pd.DataFrame({"treat": x.to_numpy()}))
        rows.append(results.from_statsmodels(res, "treat", spec_mode=spec_mode, model="pre-period difference", specification=name, unit=unit, outcome="Delta ln mean wage 2022-23", measure=measure, note="one pre-period change: parallel trends cannot be tested (ISSUE-20)"))
    return results.frame(rows)


def prse_floor(prse):
    """BLS rounds PRSEs to 0.1 percent: a published 0.0 becomes 0.05 (half the rounding unit)
    so that inverse-variance weights stay finite."""
    return np.maximum(np.asarray(prse, float), 0.05)


def _did_variant(long: pd.DataFrame, treat: str, *, weights=None, fe=None, cluster="soc_code") -> tuple:
    inter = "high_x_post" if treat == "high_exposure" else "exposure_x_post"
    X = long[[treat, "post", inter, "ln_employment"]].copy()
    if fe is not None:
        X = pd.concat([X, pd.get_dummies(long[fe], prefix="fe", drop_first=True, dtype=float)], axis=1)
    res = _ols(long["delta_ln_wage"], X, "cluster", long[cluster], weights)
    return res.params[inter], res.bse[inter], res.pvalues[inter], int(res.nobs), long[cluster].nunique()


def robustness_table(did: pd.DataFrame, extra: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """REQ-DID-08 item 8 on the legacy panel.

    ``extra`` adds per soc_code: wage_annual_median_<y>, mean_prse_<y> for the three years and
    ``exposure_unambiguous`` (legacy exposure without shared-task credit).
    """
    d = did.merge(extra, on="soc_code", how="left")
    d["major_group"] = d["soc_code"].str[:2]
    variants = []

    def panel(frame, wage="mean", exposure_col="ai_exposure"):
        f = frame.copy()
        if wage == "median":
            for y in (2022, 2023, 2024):
                f[f"ln_wage_{y}"] = np.log(f[f"wage_annual_median_{y}"])
            f["delta_ln_wage_pre"] = f["ln_wage_2023"] - f["ln_wage_2022"]
            f["delta_ln_wage_post"] = f["ln_wage_2024"] - f["ln_wage_2023"]
            f = f.dropna(subset=["delta_ln_wage_pre", "delta_ln_wage_post"])
        if exposure_col != "ai_exposure":
            f["ai_exposure"] = f[exposure_col]
            f = f.dropna(subset=["ai_exposure"])
            f["high_exposure"] = (f["ai_exposure"] > f["ai_exposure"].median()).astype(int)
        long = stacked(f)
        long["major_group"] = long["soc_code"].str[:2]
        long = long.merge(f[["soc_code", "employment_2022", "mean_prse_2022", "mean_prse_2023", "mean_prse_2024"]], on="soc_code", how="left")
        return long

    base = panel(d)
    prse = {y: prse_floor(base[f"mean_prse_{y}"]) / 100 for y in (2022, 2023, 2024)}
    prse_w = np.where(base["post"] == 0, 1 / (prse[2023] ** 2 + prse[2022] ** 2), 1 / (prse[2024] ** 2 + prse[2023] ** 2))
    specs = [
        ("Legacy (occupation-clustered)", base, {}),
        ("Median wage instead of mean", panel(d, wage="median"), {}),
        ("+ SOC major-group FE", base, {"fe": "major_group"}),
        ("Employment-weighted (2022)", base, {"weights": base["employment_2022"]}),
        ("Inverse PRSE-variance weighted", base.assign(w=prse_w).dropna(subset=["w"]), {"weights": "w"}),
        ("Cluster by major group", base, {"cluster": "major_group"}),
        ("Drop SOC 25 (Education)", base[base["major_group"] != "25"], {}),
        ("Drop postsecondary teachers 25-1xxx", base[~base["soc_code"].str.startswith("25-1")], {}),
        ("Exposure without shared-task credit", panel(d, exposure_col="exposure_unambiguous"), {}),
    ]
    rows = []
    for name, long, kw in specs:
        kw = dict(kw)
        if isinstance(kw.get("weights"), str):
            kw["weights"] = long["w"]
        for label, treat in (("binary", "high_exposure"), ("continuous", "ai_exposure")):
            b, se, p, n, g = _did_variant(long, treat, **kw)
            rows.append(
                results.row(
                    spec_mode="corrected", model="DiD robustness (REQ-DID-08)", specification=name, term=label, estimate=b, se=se, p_value=p, n=n,
                    unit="SOC 6-digit (seed panel) x 2 periods", weights={"Employment-weighted (2022)": "employment 2022", "Inverse PRSE-variance weighted": "1 / var(Delta ln w) from MEAN_PRSE"}.get(name, "none"),
                    se_type="CR1 (statsmodels)", cluster_var=kw.get("cluster", "soc_code"), n_clusters=g, outcome="Delta ln wage (stacked)", measure=measure,
                    note="legacy design otherwise (period-specific ln employment control)",
                )
            )
    return results.frame(rows)


def exposure_without_shared_credit(rows: pd.DataFrame, rated_pairs: pd.DataFrame, seed_exposure: pd.DataFrame) -> pd.Series:
    """The seed's exposure with shared statements given no credit, per 6-digit SOC.

    ``rows``: crosswalk rows with ``task_importance``; ``rated_pairs``: the (onet_soc_code,
    task_id) pairs of the importance universe. Numerator: importance of touched, unambiguous,
    rated pairs (each pair once); denominator: the seed's total task importance. O*NET children
    are averaged per SOC code as in the seed's DiD.
    """
    rated = set(map(tuple, rated_pairs[["onet_soc_code", "task_id"]].to_numpy()))
    r = rows[(~rows["is_ambiguous"].astype(bool)) & (rows["api_usage_count"] > 0)]
    r = r[[(c, t) in rated for c, t in zip(r["onet_soc_code"], r["onet_task_id"])]]
    r = r.drop_duplicates(["onet_soc_code", "onet_task_id"])
    ai = r.groupby("onet_soc_code")["task_importance"].sum()
    s = seed_exposure.set_index("onet_soc_code")
    e = (ai.reindex(s.index).fillna(0.0) / s["total_task_importance"]).clip(0, 1)
    return e.groupby(e.index.str[:7]).mean().rename("exposure_unambiguous")


def wide_from_panel(panel: pd.DataFrame, exposure: pd.Series, years: tuple[int, int, int]) -> pd.DataFrame:
    """Three-wave wide sample from the harmonised panel: complete units with wages and
    employment in every year, and an exposure value."""
    p = panel[panel["year"].isin(years) & panel["complete"] & panel["a_mean"].notna() & panel["tot_emp"].notna()]
    counts = p.groupby("unit_code")["year"].nunique()
    keep = counts[counts == 3].index.intersection(exposure.index)
    p = p[p["unit_code"].isin(keep)]
    wide = p.pivot(index="unit_code", columns="year", values=["a_mean", "tot_emp"])
    out = pd.DataFrame(index=wide.index)
    for y in years:
        out[f"ln_wage_{y}"] = np.log(wide[("a_mean", y)])
        out[f"employment_{y}"] = wide[("tot_emp", y)]
    y0, y1, y2 = years
    out["delta_ln_wage_pre"] = out[f"ln_wage_{y1}"] - out[f"ln_wage_{y0}"]
    out["delta_ln_wage_post"] = out[f"ln_wage_{y2}"] - out[f"ln_wage_{y1}"]
    out["exposure"] = exposure.reindex(out.index)
    return out.reset_index()
