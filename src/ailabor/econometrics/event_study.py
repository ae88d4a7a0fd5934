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
from scipy import stats

from ..oews_panels import post_share
from . import results
from .fe import cluster_vcov, fe_ols

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
    return np.column_stack([(d["year"].to_numpy() == k) * np.nan_to_num(level) for k in ks]), [f"ln wage {ref} x {k}" for k in ks]


def event_design(d: pd.DataFrame, date: str, kind: str = "event") -> Design:
    years = sorted(d["year"].unique())
    ref = reference_year(years, date)
    if kind in ("dose", "dose_wage_trends"):
        dose = d["year"].map(lambda y: post_share(int(y), date)).to_numpy()
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
        from .corrected import prse_floor

        return 1.0 / (prse_floor(d["prse"].to_numpy()) / 100.0) ** 2
    raise ValueError(f"weights must be none, employment or prse, got {scheme!r}")


def fit(d: pd.DataFrame, design: Design, weights: np.ndarray | None):
    """One FE regression; returns the result and CR1 covariances for both cluster variables."""
    ok = np.isfinite(weights) & (weights > 0) if weights is not None else np.ones(len(d), bool)
    dd = d[ok].reset_index(drop=True)
    X = design.X[ok]
    w = None if weights is None else weights[ok]
    fe = dd[["unit_code", "major_year"]]
    res = fe_ols(dd["y"].to_numpy(), X, design.names, fe, dd["major"].to_numpy(), w)
    from .fe import Demeaner

    dm = Demeaner(fe, w)
    vc = {}
    for var, clusters in (("major_group", dd["major"].to_numpy()), ("occupation", dd["unit_code"].to_numpy())):
        k = X.shape[1] + dm.dof(clusters)
        vc[var] = cluster_vcov(res.xt, res.resid, dm.w, clusters, k)
    return res, vc, dd


def wald(coef: np.ndarray, vcov: np.ndarray, idx: list[int], n_clusters: int) -> tuple[float, float, float]:
    """Joint test beta_idx = 0: (F, p from F(q, G-1), p from chi2(q))."""
    if not idx:
        return np.nan, np.nan, np.nan
    b = coef[idx]
    V = vcov[np.ix_(idx, idx)]
    w = float(b @ np.linalg.solve(V, b))
    q = len(idx)
    return w / q, float(stats.f.sf(w / q, q, n_clusters - 1)), float(stats.chi2.sf(w, q))


def estimate(panel: pd.DataFrame, measure: pd.DataFrame, *, measure_name: str, outcome: str, date: str, date_label: str, weights: str, kind: str, base_employment: pd.Series) -> tuple[pd.DataFrame, dict]:
    """Rows for one specification (both cluster variables) and its pre-trend test."""
    d = prepare(panel, measure, outcome)
    if kind == "dose_wage_trends":  # units need a reference-year wage
        ref = reference_year(sorted(d["year"].unique()), date)
        have = set(d.loc[(d["year"] == ref) & d["a_mean"].notna(), "unit_code"])
        d = d[d["unit_code"].isin(have)].reset_index(drop=True)
    design = event_design(d, date, kind)
    w = weights_for(d, weights, base_employment)
    res, vcs, dd = fit(d, design, w)
    rows = []
    for cluster, (vc, G) in vcs.items():
        se = np.sqrt(np.diag(vc))
        for j, name in enumerate(design.names):
            if name.startswith("ln wage"):  # control coefficients are not reported
                continue
            p = 2 * stats.t.sf(abs(res.coef[j] / se[j]), G - 1)
            spec = f"{date_label} ({date}); ref May {design.ref}" + (" + ln wage (ref year) x year" if kind == "dose_wage_trends" else "")
            rows.append(
                results.row(
                    spec_mode="corrected", model="event study" if kind == "event" else "dose response", specification=spec,
                    term=name, estimate=res.coef[j], se=se[j], p_value=p, n=res.n, unit="harmonised occupation x May year", weights=weights,
                    se_type="CR1", cluster_var=cluster, n_clusters=G, outcome=outcome, measure=measure_name, df=G - 1,
                    note="occupation FE + SOC major group x year FE",
                )
            )
    out = results.frame(rows)
    out["year"] = [int(n.rsplit(" ", 1)[1]) if kind == "event" else np.nan for n in out["term"]]
    test = {}
    if kind == "event":
        for cluster, (vc, G) in vcs.items():
            F, pF, pchi = wald(res.coef, vc, design.pre, G)
            test[cluster] = {"n_pre_years": len(design.pre), "F": F, "p_F": pF, "p_chi2": pchi, "n_clusters": G}
    return out, {"design": design, "result": res, "data": dd, "weights": None if w is None else w, "pretrend": test}


def honest_bounds(coefs: pd.DataFrame, mbar_grid, cluster: str = "major_group") -> pd.DataFrame:
    """HonestDiD-style sensitivity (relative magnitudes, conservative).

    Post-period k's bias is bounded by Mbar x (k periods) x the largest change between
    consecutive pre-period coefficients (the reference year counts as 0). The reported interval
    widens the 95% CI by that bias; ``breakdown`` is the smallest Mbar whose interval includes 0.
    This is the Rambachan-Roth relative-magnitudes idea with a simple union bound, not their
    optimal fixed-length confidence interval.
    """
    c = coefs[(coefs["cluster_var"] == cluster)].dropna(subset=["year"]).sort_values("year")
    ref = int(c["specification"].str.extract(r"ref May (\d{4})")[0].iloc[0])
    pre = c[c["year"] < ref]
    post = c[c["year"] > ref]
    path = np.r_[pre["estimate"].to_numpy(), 0.0]
    max_pre = float(np.max(np.abs(np.diff(path)))) if len(path) > 1 else np.nan
    rows = []
    for _, r in post.iterrows():
        k = int(r["year"] - ref)
        crit = (r["ci_high"] - r["estimate"])
        bd = np.nan
        if np.isfinite(max_pre) and max_pre > 0:
            bd = max(0.0, (abs(r["estimate"]) - crit) / (k * max_pre))
        for m in mbar_grid:
            bias = m * k * max_pre if np.isfinite(max_pre) else np.nan
            rows.append({"year": int(r["year"]), "mbar": m, "estimate": r["estimate"], "max_pre_change": max_pre, "lower": r["ci_low"] - bias, "upper": r["ci_high"] + bias, "breakdown_mbar": bd, "cluster_var": cluster})
    return pd.DataFrame(rows)
