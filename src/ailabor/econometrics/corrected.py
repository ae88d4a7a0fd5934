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
from .distributions import t_sf
from .legacy import _ols, stacked


def three_windows(
    wide: pd.DataFrame, exposure: str, years: tuple[int, int, int], *, spec_mode: str, measure: str, unit: str
) -> pd.DataFrame:
    y0, y1, y2 = years
    X = pd.DataFrame(
        {"exposure": wide[exposure].to_numpy(), "ln_employment_first": np.log(wide[f"employment_{y0}"]).to_numpy()}
    )
    rows, betas = [], {}
    for a, b in ((y0, y2), (y0, y1), (y1, y2)):
        y = (wide[f"ln_wage_{b}"] - wide[f"ln_wage_{a}"]).to_numpy()
        res = _ols(y, X)
        betas[(a, b)] = res.params["exposure"]
        rows.append(
            results.from_statsmodels(
                res,
                "exposure",
                spec_mode=spec_mode,
                model="three-window identity",
                specification=f"{a}-{b}",
                unit=unit,
                outcome=f"Delta ln mean wage {a}-{b}",
                measure=measure,
                note=f"control ln employment {y0} (pre-determined); cross-sectional association",
            )
        )
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
    note = (
        f"base {base}; joint F {float(joint.fvalue):.3f} (p {float(joint.pvalue):.4f}); equal coefficients "
        f"p {float(equal.pvalue):.4f}; monotone point estimates: {monotone}"
    )
    rows = []
    for col, term in names.items():
        r = results.from_statsmodels(
            res,
            col,
            spec_mode=spec_mode,
            model="quartile DiD (regression)",
            specification="Delta^2 ln w on quartile dummies (Q1 base)"
            if base == "Q1"
            else "Delta^2 ln w on quartiles of positive exposure (zero base)",
            unit=unit,
            outcome="(2023-24 change) - (2022-23 change) in ln mean wage",
            measure=measure,
            note=note,
        )
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
        rows.append(
            results.from_statsmodels(
                res,
                "treat",
                spec_mode=spec_mode,
                model="pre-period difference",
                specification=name,
                unit=unit,
                outcome="Delta ln mean wage 2022-23",
                measure=measure,
                note="one pre-period change: parallel trends cannot be tested (ISSUE-20)",
            )
        )
    return results.frame(rows)


def prse_floor(prse):
    """BLS rounds PRSEs to 0.1 percent: a published 0.0 becomes 0.05 (half the rounding unit)
    so that inverse-variance weights stay finite."""
    return np.maximum(np.asarray(prse, float), 0.05)


LEGACY_DID_SPEC = (
    "stacked changes of ln mean annual wage, pre 2022-23 and post 2023-24, on High, Post, High x Post "
    "(continuous: E, Post, E x Post) "
    "and period-specific ln employment (2022 pre, 2023 post); OLS, equal weights, SE clustered by occupation; "
    "High = 1[E > median E] over the legacy sample"
)
ROBUSTNESS_MODEL = "DiD robustness (REQ-DID-08)"


def _did_variant(
    long: pd.DataFrame, treat: str, *, weights=None, group_period_fe: bool = False, cluster: str = "soc_code"
) -> dict:
    """One binary or continuous DiD of the stacked panel ``long`` (:func:`legacy.stacked` plus
    ``major_group``), clustered by ``cluster``.

    ``group_period_fe``: SOC major group x period effects (one dummy per (group, pre/post) cell,
    the constant absorbing one cell). They absorb the Post main effect and every group's level
    of wage growth in each period; a time-invariant major-group dummy would absorb only
    group-level differences in growth common to both periods, which in a regression of changes
    leaves High x Post essentially where it was.
    """
    inter = "high_x_post" if treat == "high_exposure" else "exposure_x_post"
    if group_period_fe:
        cell = long["major_group"].astype(str) + np.where(long["post"].to_numpy() == 1, " x post", " x pre")
        X = pd.concat(
            [long[[treat, inter, "ln_employment"]], pd.get_dummies(cell, prefix="mg", drop_first=True, dtype=float)],
            axis=1,
        )
    else:
        X = long[[treat, "post", inter, "ln_employment"]]
    res = _ols(long["delta_ln_wage"], X, "cluster", long[cluster], weights)
    G = int(long[cluster].nunique())
    p = float(
        2 * t_sf(abs(res.params[inter] / res.bse[inter]), G - 1)
    )  # t(G-1), as the event study (statsmodels' cluster p uses the normal)
    return {
        "estimate": res.params[inter],
        "se": res.bse[inter],
        "p_value": p,
        "n": int(res.nobs),
        "n_clusters": G,
        "n_occupations": int(long["soc_code"].nunique()),
    }


def _robustness_panel(
    d: pd.DataFrame, *, wage: str = "mean", exposure_col: str = "ai_exposure"
) -> tuple[pd.DataFrame, dict]:
    """The legacy wide panel with ONE change (outcome or treatment), stacked; and facts for the text.

    ``wage='median'`` rebuilds the changes from ``wage_annual_median_<y>`` (occupations without a
    median in some year are dropped); ``exposure_col`` replaces the exposure and redefines High
    as above the median of that exposure over the occupations that have it. Otherwise the
    legacy High (``did['high_exposure']``) is kept as is."""
    f = d.copy()
    info = {"n_in": len(f)}
    if wage == "median":
        for y in (2022, 2023, 2024):
            f[f"ln_wage_{y}"] = np.log(pd.to_numeric(f[f"wage_annual_median_{y}"], errors="coerce"))
        f["delta_ln_wage_pre"] = f["ln_wage_2023"] - f["ln_wage_2022"]
        f["delta_ln_wage_post"] = f["ln_wage_2024"] - f["ln_wage_2023"]
        f = f.dropna(subset=["delta_ln_wage_pre", "delta_ln_wage_post"])
    if exposure_col != "ai_exposure":
        f = f.dropna(subset=[exposure_col])
        old_high = f["high_exposure"].astype(int)
        f["ai_exposure"] = f[exposure_col]
        info["median"] = float(f["ai_exposure"].median())
        f["high_exposure"] = (f["ai_exposure"] > info["median"]).astype(int)
        info["switched"] = int((f["high_exposure"] != old_high).sum())
    info["n_out"] = len(f)
    long = stacked(f)
    long["major_group"] = long["soc_code"].str[:2]
    keep = ["soc_code", "employment_2022", *[c for c in f.columns if c.startswith("mean_prse_")]]
    long = long.merge(f[keep], on="soc_code", how="left")
    return long, info


def robustness_table(did: pd.DataFrame, extra: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """REQ-DID-08 item 8 on the legacy panel: each row makes ONE change to the legacy
    specification (the first row), stated in words in the ``change`` column.

    ``did``: the seed's DiD panel (one row per SOC code, as :func:`legacy.did_models` takes it);
    ``extra`` adds per soc_code: wage_annual_median_<y>, mean_prse_<y> for 2022-2024 and
    ``exposure_unambiguous`` (legacy exposure without shared-task credit).

    Rows (binary and continuous each): legacy; median wage; SOC major group x period effects;
    2022-employment weights; inverse PRSE-variance weights; clustering by major group; without
    SOC 25; without 25-1xxx; exposure without shared-task credit. High keeps the legacy split
    (above the legacy sample's median exposure) in every row but the last, which changes the
    exposure measure and so has to redefine it (above the median of the new measure).
    Extra columns after the standard ones: ``change``, ``n_occupations``.
    """
    d = did.merge(extra, on="soc_code", how="left")
    base, _ = _robustness_panel(d)
    base_occ = base["soc_code"].nunique()
    med, med_info = _robustness_panel(d, wage="median")
    una, una_info = _robustness_panel(d, exposure_col="exposure_unambiguous")
    prse = {y: prse_floor(base[f"mean_prse_{y}"]) / 100 for y in (2022, 2023, 2024)}
    w_prse = pd.Series(
        np.where(base["post"] == 0, 1 / (prse[2023] ** 2 + prse[2022] ** 2), 1 / (prse[2024] ** 2 + prse[2023] ** 2)),
        index=base.index,
    )
    ok_prse = w_prse.notna().groupby(base["soc_code"]).transform("all")  # both periods of an occupation, or neither
    prse_long = base[ok_prse]
    n_groups = base["major_group"].nunique()
    no25 = base[base["major_group"] != "25"]
    no251 = base[~base["soc_code"].str.startswith("25-1")]
    kept = "High keeps the legacy split (above the median exposure of the legacy sample)"
    specs = [
        (
            "Legacy (occupation-clustered)",
            base,
            {},
            "none",
            f"none: the legacy specification, the reference for every other row ({LEGACY_DID_SPEC})",
        ),
        (
            "Median wage instead of mean",
            med,
            {},
            "none",
            "outcome: changes of ln median annual wage (A_MEDIAN) instead of ln "
            f"mean; {med_info['n_in'] - med_info['n_out']} of {med_info['n_in']} occupations without a published "
            f"median in some year (top-coded or suppressed) dropped; {kept}",
        ),
        (
            "+ SOC major-group x period effects",
            base,
            {"group_period_fe": True},
            "none",
            f"adds SOC major group x period fixed effects ({n_groups} groups x 2 periods), absorbing group-specific "
            "wage growth in each period (and with it the Post main effect), so High x Post is identified within "
            "major group and period; a time-invariant major-group dummy (the earlier version of this row) only "
            "absorbs growth differences common to both periods, which High x Post already differences out, so it "
            "leaves the estimate essentially unchanged",
        ),
        (
            "Employment-weighted (2022)",
            base,
            {"weights": base["employment_2022"]},
            "employment 2022",
            "weights: WLS with May 2022 employment (TOT_EMP) of the occupation in both periods instead of equal "
            "weights; the estimand becomes the employment-weighted average",
        ),
        (
            "Inverse PRSE-variance weighted",
            prse_long,
            {"weights": w_prse[ok_prse]},
            "1 / var(Delta ln w) from MEAN_PRSE",
            "weights: inverse sampling variance of each change, 1 / (PRSE_t^2 + PRSE_t-1^2) from MEAN_PRSE "
            "(published 0.0 floored at 0.05 percent; covariance from shared OEWS panels "
            f"ignored); {base_occ - prse_long['soc_code'].nunique()} occupations without a PRSE in some year dropped",
        ),
        (
            "Cluster by major group",
            base,
            {"cluster": "major_group"},
            "none",
            f"inference only: standard errors clustered by SOC major group ({n_groups} clusters) instead of "
            "occupation; point estimates unchanged",
        ),
        (
            "Drop SOC 25 (Education)",
            no25,
            {},
            "none",
            "sample: drops SOC major group 25, Educational Instruction and Library "
            f"({base_occ - no25['soc_code'].nunique()} occupations); {kept}",
        ),
        (
            "Drop postsecondary teachers 25-1xxx",
            no251,
            {},
            "none",
            f"sample: drops postsecondary teachers 25-1xxx ({base_occ - no251['soc_code'].nunique()} occupations; "
            f"their exposure is inflated by shared-task credit, ISSUE-06); {kept}",
        ),
        (
            "Exposure without shared-task credit",
            una,
            {},
            "none",
            "treatment: the seed's exposure with no credit for task statements shared by several occupations; High "
            f"redefined as above this measure's median ({una_info.get('median', np.nan):.4f}) over "
            f"the {una_info['n_out']} occupations that have it ({una_info.get('switched', 0)} change group); the "
            "continuous row uses the new measure",
        ),
    ]
    rows, changes, n_occ = [], [], []
    for name, long, kw, weights, change in specs:
        for label, treat in (("binary", "high_exposure"), ("continuous", "ai_exposure")):
            r = _did_variant(long, treat, **kw)
            cluster = kw.get("cluster", "soc_code")
            rows.append(
                results.row(
                    spec_mode="corrected",
                    model=ROBUSTNESS_MODEL,
                    specification=name,
                    term=label,
                    estimate=r["estimate"],
                    se=r["se"],
                    p_value=r["p_value"],
                    n=r["n"],
                    unit="SOC 6-digit (seed panel) x 2 periods",
                    weights=weights,
                    se_type="CR1 (statsmodels: G/(G-1) (N-1)/(N-K)); p and CI from t(G-1)",
                    cluster_var="major_group" if cluster == "major_group" else "soc_code",
                    n_clusters=r["n_clusters"],
                    df=r["n_clusters"] - 1,
                    outcome="Delta ln median wage (stacked)"
                    if name.startswith("Median")
                    else "Delta ln mean wage (stacked)",
                    measure=measure,
                    note=(
                        "one change from the legacy specification (see change); period-specific ln employment "
                        "control kept in every row"
                    ),
                )
            )
            changes.append(change)
            n_occ.append(r["n_occupations"])
    out = results.frame(rows)
    out["change"] = changes
    out["n_occupations"] = n_occ
    return out


def exposure_without_shared_credit(
    rows: pd.DataFrame, rated_pairs: pd.DataFrame, seed_exposure: pd.DataFrame
) -> pd.Series:
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
