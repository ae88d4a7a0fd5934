"""Event study on the harmonised OEWS panel (spec REQ-DID-08 items 2-6).

    y_ot = alpha_o + delta_{g(o),t} + sum_{k != ref} beta_k E_o 1[t = k] + e_ot

with occupation fixed effects, SOC-major-group x year effects (absorbing the ECI ageing of older
panels by broad group), and E_o the occupation's exposure. The treatment date enters through the
OEWS panel composition: a May-Y estimate pools six panels (Nov Y-3 .. May Y), so its "dose" is the
share of panels collected after the date; the reference year is the last May estimate with dose
zero. The dose specification replaces the event-time coefficients by one, beta E_o dose_t: the
effect of an estimate made entirely of post-treatment panels.

Outcomes: ln mean annual wage and ln employment. Weights: none, base-year employment, or inverse
sampling variance from the PRSE. Inference: CR1 clustered by occupation and by SOC major group;
the wild cluster bootstrap and randomisation inference are in :mod:`ailabor.econometrics.inference`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import results
from .corrected import prse_floor
from .distributions import chi2_sf, f_sf, t_sf
from .fe import Demeaner
from .oews_panels import dose as oews_dose
from .oews_panels import post_share

OUTCOMES = {"ln_wage": ("a_mean", "mean_prse"), "ln_emp": ("tot_emp", "emp_prse")}


def unit_exposure(panel_units: pd.Series, measure: pd.DataFrame) -> pd.Series:
    """Exposure of harmonised units: the base-year-employment-weighted mean over the OEWS codes
    a unit combines (``15-1252+15-1253``); units none of whose codes has exposure are dropped."""
    units = pd.Series(pd.unique(panel_units), name="unit_code")
    pieces = units.str.split("+").explode().rename("oews_code").reset_index()
    pieces["unit_code"] = units.to_numpy()[pieces["index"].to_numpy()]
    m = pieces.merge(measure[["oews_code", "exposure", "employment"]], on="oews_code", how="inner")
    m["w"] = m["employment"].fillna(0.0)
    g = m.groupby("unit_code", sort=True)
    wsum = g["w"].sum()
    weighted = (m["exposure"] * m["w"]).groupby(m["unit_code"]).sum() / wsum.where(wsum > 0)
    return weighted.fillna(g["exposure"].mean()).rename("exposure")


def prepare(panel: pd.DataFrame, measure: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Complete unit-years with a positive outcome and an exposure value."""
    col, prse = OUTCOMES[outcome]
    e = unit_exposure(panel["unit_code"], measure)
    d = panel[panel["complete"] & panel[col].notna() & (panel[col] > 0)].copy()
    d = d[d["unit_code"].isin(e.index)]
    d["exposure"] = d["unit_code"].map(e)
    d["y"] = np.log(d[col])
    d["prse"] = d[prse]
    d["major"] = d["unit_code"].str[:2]
    d["major_year"] = d["major"] + "_" + d["year"].astype(str)
    return d.sort_values(["unit_code", "year"]).reset_index(drop=True)


def reference_year(years, date: str) -> int:
    pre = [y for y in years if post_share(y, date) == 0]
    if not pre:
        raise ValueError(f"no May estimate in {sorted(years)} precedes the treatment date {date}")
    return max(pre)


@dataclass
class Design:
    X: np.ndarray
    names: list[str]
    years: list[int]
    ref: int

    @property
    def pre(self) -> list[int]:
        return [i for i, y in enumerate(self.years) if y < self.ref]


def wage_level_trends(d: pd.DataFrame, ref: int) -> tuple[np.ndarray, list[str]]:
    """Pre-determined control: each unit's ln mean wage in the reference year x year dummies."""
    lw = d[d["year"] == ref].set_index("unit_code")["a_mean"].pipe(np.log)
    level = d["unit_code"].map(lw).to_numpy()
    ks = [y for y in sorted(d["year"].unique()) if y != ref]
    return np.column_stack([(d["year"].to_numpy() == k) * np.nan_to_num(level) for k in ks]), [
        f"ln wage {ref} x {k}" for k in ks
    ]


def event_design(d: pd.DataFrame, date: str, kind: str = "event") -> Design:
    years = sorted(d["year"].unique())
    ref = reference_year(years, date)
    if kind in ("dose", "dose_wage_trends"):
        dose = oews_dose(d["year"].to_numpy(), date)
        X, names = (d["exposure"].to_numpy() * dose)[:, None], ["exposure x dose"]
        if kind == "dose_wage_trends":
            C, cn = wage_level_trends(d, ref)
            X, names = np.column_stack([X, C]), names + cn
        return Design(X=X, names=names, years=[], ref=ref)
    ks = [y for y in years if y != ref]
    X = np.column_stack([(d["year"].to_numpy() == k) * d["exposure"].to_numpy() for k in ks])
    return Design(X=X, names=[f"exposure x {k}" for k in ks], years=ks, ref=ref)


def weights_for(d: pd.DataFrame, scheme: str, base_employment: pd.Series | None = None) -> np.ndarray | None:
    if scheme == "none":
        return None
    if scheme == "employment":
        w = d["unit_code"].map(base_employment)
        return np.where(w.notna(), w, np.nan)
    if scheme == "prse":
        return 1.0 / (prse_floor(d["prse"].to_numpy()) / 100.0) ** 2
    raise ValueError(f"weights must be none, employment or prse, got {scheme!r}")


CLUSTERINGS = {
    "major_group": "SOC major group",
    "occupation": "occupation",
    "occupation+year": "occupation and May year (two-way)",
}
SE_TYPE = (
    "CR1, fixest/reghdfe convention: c = G/(G-1) (N-1)/(N-K), K = regressors + fixed effects not nested in the "
    "clusters + 1"
)
MIN_TWO_WAY_CLUSTERS = (
    10  # fewer year clusters than this: the two-way SE is not reported (few-cluster CRVE is unreliable)
)
SE_TYPE_TWO_WAY = "two-way CR1 (Cameron-Gelbach-Miller), fixest convention: G = min(G_occupation, G_year), K as one-way"


# PanelOLS methods whose results depend on the model's data (and the parameters) only, not on the
# covariance requested from ``fit``: see :func:`_share_across_fits`.
_DATA_ONLY = ("_fast_path", "_weighted_fast_path", "_rsquared", "_rsquared_corr")


def _share_across_fits(model) -> None:
    """Let fits of one linearmodels ``PanelOLS`` model that differ only in their clustering share
    the work that does not depend on it. ``PanelOLS.fit`` demeans the data for the fixed effects
    (iteratively, for occupation and major group x year effects) and computes the between, within
    and overall R² on every call, and that is most of its time; the clustering changes only the
    covariance. So these methods (:data:`_DATA_ONLY`) are memoised on this model, keyed by their
    arguments, and return copies in the same memory layout (so every product sums in the same
    order). Every clustering's result is checked against a fresh model's in
    tests/unit/test_event_study.py."""
    for name in _DATA_ONLY:
        method, memo = getattr(model, name), {}

        def shared(*args, _method=method, _memo=memo, **kwargs):
            key = repr([a.tobytes() if isinstance(a, np.ndarray) else a for a in args] + sorted(kwargs.items()))
            if key not in _memo:
                _memo[key] = _method(*args, **kwargs)
            out = _memo[key]
            return tuple(a.copy(order="K") if isinstance(a, np.ndarray) else a for a in out)

        setattr(model, name, shared)


@dataclass
class Fit:
    """One event-study regression: coefficients from linearmodels PanelOLS and its covariance
    under each clustering (``vcov[name] = (matrix, G)``)."""

    coef: np.ndarray
    vcov: dict
    n: int
    names: list[str]


def fit(d: pd.DataFrame, design: Design, weights: np.ndarray | None) -> tuple[Fit, pd.DataFrame]:
    """One FE regression estimated by linearmodels ``PanelOLS``: occupation (entity) effects and
    SOC-major-group x year effects (``other_effects``), weighted if ``weights`` is given.

    Covariances: linearmodels' clustered sandwich without any small-sample factor
    (``debiased=False, group_debias=False, auto_df=False, count_effects=False``) scaled by the
    fixest/reghdfe CR1 factor G/(G-1) (N-1)/(N-K), where K counts the regressors, the fixed
    effects not nested in the clusters and the absorbed intercept (so that the covariance is the
    one R HonestDiD examples and Stata use; linearmodels' own default counts every effect and
    gives larger SEs). Clusterings: SOC major group, occupation, and, for the dose designs,
    two-way occupation x May year (Cameron-Gelbach-Miller, G = the smaller dimension, as
    fixest), reported only with at least :data:`MIN_TWO_WAY_CLUSTERS` clusters in each
    dimension and where the block of the reported coefficients is positive definite (the
    year-specific wage-trend controls have zero year scores, so they are left out of that check).
    The two-way matrix is not defined for
    the event-time design: with a coefficient per year and major-group x year effects, every
    year cluster's score sums to zero, so V_year vanishes and V_occ - V_occ x year is not a
    covariance (it can have negative variances).
    """
    from linearmodels.panel import PanelOLS

    ok = np.isfinite(weights) & (weights > 0) if weights is not None else np.ones(len(d), bool)
    dd = d[ok].reset_index(drop=True)
    X = design.X[ok]
    # occupations as integer codes in sorted order (the frame is sorted by unit and year): the
    # same panel for linearmodels, without the cost of string index levels in every step
    unit = pd.factorize(dd["unit_code"], sort=True)[0]
    idx = pd.MultiIndex.from_arrays([unit, dd["year"].to_numpy()], names=["unit_code", "year"])
    exog = pd.DataFrame(X, index=idx, columns=design.names)
    other = pd.DataFrame({"major_year": pd.factorize(dd["major_year"])[0]}, index=idx)
    w = None if weights is None else pd.Series(weights[ok], index=idx)
    model = PanelOLS(
        pd.Series(dd["y"].to_numpy(), index=idx), exog, entity_effects=True, other_effects=other, weights=w
    )
    _share_across_fits(model)  # one demeaning for every clustering
    raw = dict(cov_type="clustered", debiased=False, group_debias=False, auto_df=False, count_effects=False)
    n, p = len(dd), X.shape[1]
    dof = Demeaner(dd[["unit_code", "major_year"]])  # counts fixed effects as fixest does (nothing is demeaned here)
    vcov, coef = {}, None
    clusterings = [("major_group", ["major"]), ("occupation", ["unit_code"])]
    if design.years == []:  # dose designs; see the docstring for the event-time design
        clusterings.append(("occupation+year", ["unit_code", "year"]))
    for name, cols in clusterings:
        cl = pd.DataFrame({c: pd.factorize(dd[c])[0] for c in cols}, index=idx)
        res = model.fit(clusters=cl, **raw)
        coef = res.params.to_numpy() if coef is None else coef
        G = int(min(dd[c].nunique() for c in cols))
        k = p + dof.dof(*(dd[c].to_numpy() for c in cols))
        V = res.cov.to_numpy() * G / (G - 1) * (n - 1) / (n - k)
        if len(cols) == 2:
            shown = [
                j for j, nm in enumerate(design.names) if not nm.startswith("ln wage")
            ]  # controls are not reported
            if G < MIN_TWO_WAY_CLUSTERS or np.any(np.linalg.eigvalsh(V[np.ix_(shown, shown)]) <= 0):
                V = np.full_like(V, np.nan)
        vcov[name] = (V, G)
    return Fit(coef=coef, vcov=vcov, n=n, names=list(design.names)), dd


def wald(coef: np.ndarray, vcov: np.ndarray, idx: list[int], n_clusters: int) -> tuple[float, float, float]:
    """Joint test beta_idx = 0: (F, p from F(q, G-1), p from chi2(q))."""
    if not idx:
        return np.nan, np.nan, np.nan
    b = coef[idx]
    V = vcov[np.ix_(idx, idx)]
    w = float(b @ np.linalg.solve(V, b))
    q = len(idx)
    return w / q, float(f_sf(w / q, q, n_clusters - 1)), float(chi2_sf(w, q))


def estimate(
    panel: pd.DataFrame,
    measure: pd.DataFrame,
    *,
    measure_name: str,
    outcome: str,
    date: str,
    date_label: str,
    weights: str,
    kind: str,
    base_employment: pd.Series,
    prepared: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Rows for one specification (every clustering of :data:`CLUSTERINGS`) and, for the event
    study, its pre-trend tests and coefficient covariances. ``prepared``: the estimation sample
    ``prepare(panel, measure, outcome)`` when the caller has it already (it is not modified).

    Event time is counted in OEWS May waves (``event_time = year - ref``). A wave between the
    first and last year that the panel lacks (the mirror has no May 2015 and 2016) gets an
    explicit row with a missing estimate, so no reader mistakes 2014 -> 2017 for one step.
    """
    d = prepare(panel, measure, outcome) if prepared is None else prepared
    if kind == "dose_wage_trends":  # units need a reference-year wage
        ref = reference_year(sorted(d["year"].unique()), date)
        have = set(d.loc[(d["year"] == ref) & d["a_mean"].notna(), "unit_code"])
        d = d[d["unit_code"].isin(have)].reset_index(drop=True)
    design = event_design(d, date, kind)
    w = weights_for(d, weights, base_employment)
    res, dd = fit(d, design, w)
    model = "event study" if kind == "event" else "dose response"
    spec = f"{date_label} ({date}); ref May {design.ref}" + (
        " + ln wage (ref year) x year" if kind == "dose_wage_trends" else ""
    )
    common = dict(
        spec_mode="corrected",
        model=model,
        specification=spec,
        unit="harmonised occupation x May year",
        weights=weights,
        outcome=outcome,
        measure=measure_name,
    )
    rows = []
    for cluster, (vc, G) in res.vcov.items():
        se = np.sqrt(np.diag(vc))
        for j, name in enumerate(design.names):
            if name.startswith("ln wage"):  # control coefficients are not reported
                continue
            p = 2 * t_sf(abs(res.coef[j] / se[j]), G - 1) if np.isfinite(se[j]) else np.nan
            note = "occupation FE + SOC major group x year FE; estimated with linearmodels PanelOLS"
            if cluster == "occupation+year" and not np.isfinite(se[j]):
                note += (
                    f"; two-way SE not reported: only {G} May-year clusters (fewer than {MIN_TWO_WAY_CLUSTERS})"
                    if G < MIN_TWO_WAY_CLUSTERS
                    else "; two-way SE not reported: the two-way covariance is not positive definite"
                )
            rows.append(
                results.row(
                    term=name,
                    estimate=res.coef[j],
                    se=se[j],
                    p_value=p,
                    n=res.n,
                    se_type=SE_TYPE_TWO_WAY if "+" in cluster else SE_TYPE,
                    cluster_var=cluster,
                    n_clusters=G,
                    df=G - 1,
                    note=note,
                    **common,
                )
            )
        if kind == "event":
            present = set(design.years) | {design.ref}
            for y in range(min(present), max(present) + 1):
                if y not in present:
                    rows.append(
                        results.row(
                            term=f"exposure x {y}",
                            estimate=np.nan,
                            se=np.nan,
                            p_value=np.nan,
                            n=res.n,
                            se_type=SE_TYPE,
                            cluster_var=cluster,
                            n_clusters=G,
                            note=f"no OEWS May {y} wave in the data: not estimated",
                            **common,
                        )
                    )
    out = results.frame(rows)
    out["year"] = [int(n.rsplit(" ", 1)[1]) if kind == "event" else np.nan for n in out["term"]]
    out["event_time"] = out["year"] - design.ref
    if kind == "event":
        out = out.sort_values(["cluster_var", "year"], kind="stable").reset_index(drop=True)
    test = {}
    if kind == "event":
        for cluster, (vc, G) in res.vcov.items():
            F, pF, pchi = wald(res.coef, vc, design.pre, G) if np.isfinite(vc).all() else (np.nan, np.nan, np.nan)
            test[cluster] = {"n_pre_years": len(design.pre), "F": F, "p_F": pF, "p_chi2": pchi, "n_clusters": G}
    return out, {"design": design, "result": res, "data": dd, "weights": None if w is None else w, "pretrend": test}


def vcov_table(info: dict, keys: dict) -> pd.DataFrame:
    """The event study's coefficient vector and full covariance matrix under each clustering, in
    long form (one row per coefficient pair), so that anyone can redo the Rambachan-Roth
    sensitivity: ``keys`` (measure, date, outcome, weights) are repeated on every row."""
    design, res = info["design"], info["result"]
    rows = []
    for cluster, (V, G) in res.vcov.items():
        for i, yi in enumerate(design.years):
            for j, yj in enumerate(design.years):
                rows.append(
                    {
                        **keys,
                        "cluster_var": cluster,
                        "n_clusters": G,
                        "ref_year": design.ref,
                        "year_i": yi,
                        "year_j": yj,
                        "event_time_i": yi - design.ref,
                        "event_time_j": yj - design.ref,
                        "estimate_i": res.coef[i],
                        "covariance": V[i, j],
                    }
                )
    out = pd.DataFrame(rows)
    out["se_convention"] = np.where(out["cluster_var"].str.contains("+", regex=False), SE_TYPE_TWO_WAY, SE_TYPE)
    return out


def sensitivity_inputs(vcov: pd.DataFrame, cluster: str = "major_group") -> dict:
    """(betahat, sigma, num_pre, num_post, years) for Rambachan-Roth from :func:`vcov_table`
    rows of one specification.

    Rambachan-Roth restrict changes between consecutive periods, so the pre-periods must be
    consecutive waves ending at the reference wave. Pre-periods separated from the reference by
    a missing wave (May 2014 when 2015 and 2016 are absent) are left out, and listed in
    ``dropped_pre``; likewise post-periods after a missing wave (``dropped_post``).
    """
    v = vcov[vcov["cluster_var"] == cluster]
    if v.empty:
        raise ValueError(f"no covariance rows for clustering {cluster!r}")
    ref = int(v["ref_year"].iloc[0])
    years = sorted(int(y) for y in v["year_i"].unique())
    pre = [y for y in years if y < ref]
    keep_pre = []
    for y in range(ref - 1, min(pre, default=ref) - 1, -1):
        if y not in pre:
            break
        keep_pre.insert(0, y)
    post = []
    for y in range(ref + 1, max(years) + 1):
        if y not in years:
            break
        post.append(y)
    use = keep_pre + post
    V = v.pivot(index="year_i", columns="year_j", values="covariance").loc[use, use].to_numpy()
    b = v.drop_duplicates("year_i").set_index("year_i")["estimate_i"].loc[use].to_numpy()
    return {
        "betahat": b,
        "sigma": V,
        "num_pre": len(keep_pre),
        "num_post": len(post),
        "pre_years": keep_pre,
        "post_years": post,
        "dropped_pre": [y for y in pre if y not in keep_pre],
        "dropped_post": [y for y in years if y > ref and y not in post],
        "ref": ref,
    }
