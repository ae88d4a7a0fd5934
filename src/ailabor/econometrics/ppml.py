"""Corrected usage-wage regressions (spec REQ-OR-02), and the path to them from the seed's.

Unit: OEWS codes of the base year with rated O*NET tasks and a published mean wage, including
those with no AI usage at all (the seed's sample had none, selecting on the outcome).

* :func:`stepwise`: from the seed's specification (REQ-OR-01 A1: Poisson GLM of usage on ln
  wage, share of core tasks and mean match score, ln employment as offset, usage-positive codes)
  to the corrected one, one change per row, so that a reader sees which change moves the wage
  elasticity;
* :func:`models`: the corrected PPML (Poisson pseudo-likelihood, robust HC1) of usage on ln mean
  wage with ln employment as a free regressor and the test that its coefficient is 1 (the seed
  imposed it as an offset; the offset version is reported next to it); the employment-weighted
  split of shared statements; the usage-positive subsample (to show the selection); and the
  task-level model (rated tasks, clustered by OEWS code).

Controls. Regressors that are functions of the outcome are bad controls and are not used:
exposure (the importance share of rated tasks with AI usage > 0, built from the same AEI counts
as the outcome) and the seed's share of core tasks and mean match score (means over the
AEI-matched task rows, so defined only where usage is positive). Kept: ln number of rated O*NET
tasks (how many statements usage can be classified to; fixed by O*NET before any usage is
observed), mean O*NET job zone (preparation level; pre-determined, a confounder of wage and
usage; the wage elasticity is then within job zone) and SOC major-group fixed effects.

Estimation: statsmodels GLM Poisson (IRLS). Standard errors HC1 = HC0 sandwich x n / (n - k),
k counting every estimated coefficient including the constant and the G - 1 fixed-effect dummies;
this is what pyfixest.fepois(vcov="hetero") reports with its default small-sample correction
(checked in the tests). statsmodels' GLM applies no small-sample factor for any of its
"HC0".."HC3" labels, so the factor is applied here explicitly. Fixed effects are dummies, after
an explicit separation check: a fixed-effect group (or 0/1 regressor) whose usage is all zero has
its coefficient at -infinity; its observations are dropped (count and groups reported, as fixest
does) and the optimiser never sees them.

Usage here is API task-classification counts, not usage by workers of the occupation: these
are associations and identify neither complementarity nor O-ring production.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from . import results

NOTE = "association only: API task counts are not use by workers in the occupation (ISSUE-42)"
BAD_CONTROLS_NOTE = (
    "exposure is not a regressor: it is built from AEI usage (share of rated task importance with usage > 0), "
    "a function of the outcome (bad control); "
    "nor are the seed's share of core tasks and mean match score (means over the usage-matched task rows)"
)
CONTROLS = ("ln_tasks", "job_zone")
CONTROLS_NOTE = (
    "controls: ln rated O*NET tasks (statements usage can fall on, fixed before usage is observed), "
    "mean job zone (pre-determined preparation level; "
    "missing values mean-filled with a missing indicator), SOC major-group FE"
)
SEED_CONTROLS = ("share_core", "avg_match_score")
SE_TYPE = "HC1 (HC0 x n/(n-k), k incl. FE dummies)"
UNIT = "OEWS code (base year)"


def soc_table(
    crosswalk: pd.DataFrame, mapping: pd.DataFrame, base: pd.DataFrame, exposure: pd.DataFrame, job_zones: pd.DataFrame
) -> pd.DataFrame:
    """One row per OEWS code of ``base`` with an exposure value: usage (equal and
    employment-weighted split, 0 where no AEI task matched), ln wage, ln employment, ln rated
    tasks, mean job zone, major group, and the seed's match-based controls ``share_core``
    (share of matched task rows whose O*NET type contains 'core') and ``avg_match_score``,
    NaN for codes without matched rows (as in the seed's SOC aggregation, REQ-OR-01)."""
    m = mapping[["onet_soc_code", "oews_code"]].dropna()
    cw = crosswalk.merge(m, on="onet_soc_code", how="inner")
    cw = cw.assign(
        is_core_task=cw["onet_task_type"].astype("object").str.lower().str.contains("core", na=False).astype(float)
    )
    usage = cw.groupby("oews_code").agg(
        usage_equal=("api_usage_count", "sum"),
        usage_emp=("api_usage_count_emp", "sum"),
        share_core=("is_core_task", "mean"),
        avg_match_score=("match_score", "mean"),
        n_matched_rows=("api_usage_count", "size"),
    )
    jz = job_zones.merge(m, on="onet_soc_code").groupby("oews_code")["job_zone"].mean()
    e = exposure.set_index("oews_code")
    t = (
        base.set_index("oews_code")
        .join(e[["exposure", "n_rated_tasks"]], how="inner")
        .join(usage, how="left")
        .join(jz.rename("job_zone"), how="left")
    )
    t[["usage_equal", "usage_emp", "n_matched_rows"]] = t[["usage_equal", "usage_emp", "n_matched_rows"]].fillna(0.0)
    t = t[(t["employment"] > 0) & (t["a_mean"] > 0)].copy()
    t["ln_wage"] = np.log(t["a_mean"])
    t["ln_employment"] = np.log(t["employment"])
    t["ln_tasks"] = np.log(t["n_rated_tasks"])
    t["major"] = t.index.str[:2]
    return t.reset_index()


# --------------------------------------------------------------------------------------------
# estimation


@dataclass
class PoissonFit:
    """A Poisson pseudo-ML fit: coefficients of the named regressors (FE dummies excluded from
    ``params`` but counted in ``k``), robust SEs, the sample used and what separation dropped."""

    params: pd.Series
    bse: pd.Series
    pvalues: pd.Series
    nobs: int
    k: int
    regressors: list[str]
    n_fe_groups: int
    separated_groups: list[str]
    separated_dropped: int
    dropped_indicators: list[str]
    sample_index: pd.Index
    se_type: str
    n_clusters: int | None = None
    result: object = field(default=None, repr=False)


def separated(
    y: pd.Series, groups: pd.Series | None = None, indicators: pd.DataFrame | None = None
) -> tuple[pd.Series, list[str], list[str]]:
    """Observations a Poisson fit must drop: those of fixed-effect groups (``groups``) and of 0/1
    regressors (``indicators``, where the indicator is 1) whose outcome is zero throughout.

    Such a coefficient diverges to -infinity (perfect separation); the observations carry no
    information on the other coefficients, so dropping them gives the limit of the MLE (fixest's
    and ppmlhdfe's "fe" separation rule). Iterated until no group or indicator is separated.
    Returns (keep mask, separated groups, indicators that became all-zero and must be dropped)."""
    keep = pd.Series(True, index=y.index)
    seps: list[str] = []
    dead: list[str] = []
    while True:
        changed = False
        if groups is not None:
            tot = y[keep].groupby(groups[keep]).sum()
            bad = [str(g) for g in tot.index[tot <= 0]]
            if bad:
                seps += bad
                keep &= ~groups.astype(str).isin(bad)
                changed = True
        if indicators is not None:
            for c in indicators.columns:
                on = keep & (indicators[c] == 1)
                if c not in dead and on.any() and y[on].sum() <= 0:
                    keep &= ~on
                    dead.append(c)
                    changed = True
        if not changed:
            break
    if indicators is not None:  # an indicator left with no 1 in the sample is constant: drop it
        dead += [c for c in indicators.columns if c not in dead and not (indicators.loc[keep, c] == 1).any()]
    return keep, sorted(set(seps)), dead


def _job_zone_columns(t: pd.DataFrame) -> pd.DataFrame:
    jz = t["job_zone"].astype(float)
    if jz.isna().all():
        raise ValueError("job_zone is missing for every code: check the O*NET job zones input")
    out = pd.DataFrame({"job_zone": jz.fillna(jz.mean())}, index=t.index)
    if jz.isna().any():
        out["job_zone_missing"] = jz.isna().astype(float)
    return out


def design(t: pd.DataFrame, regressors: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """The regressor columns of ``t`` (job zone expanded to job_zone + job_zone_missing when any
    value is missing)."""
    cols = []
    for r in regressors:
        cols.append(_job_zone_columns(t) if r == "job_zone" else t[[r]].astype(float))
    return pd.concat(cols, axis=1) if cols else pd.DataFrame(index=t.index)


def fit_poisson(
    t: pd.DataFrame,
    outcome: str,
    regressors: list[str] | tuple[str, ...],
    *,
    offset: str | None = None,
    fe: str | None = None,
    cluster: str | None = None,
    maxiter: int = 200,
) -> PoissonFit:
    """Poisson GLM of ``t[outcome]`` on a constant, ``regressors`` (:func:`design`), optional
    offset and fixed-effect dummies for ``t[fe]``, after the separation check of
    :func:`separated`. SEs: HC1 (n/(n-k)), or CR1 clustered by ``t[cluster]`` (statsmodels:
    G/(G-1) (N-1)/(N-K)). Raises if IRLS does not converge."""
    import statsmodels.api as sm
    from scipy import stats

    y = t[outcome].astype(float)
    if (y < 0).any() or y.isna().any():
        raise ValueError(f"{outcome}: Poisson outcome must be non-negative and complete")
    X = design(t, regressors)
    ind = X[[c for c in X.columns if c == "job_zone_missing"]]
    keep, seps, dead = separated(y, t[fe] if fe else None, ind if len(ind.columns) else None)
    X = X.loc[keep].drop(columns=dead)
    if X.isna().any().any():
        raise ValueError(f"missing regressor values in {list(X.columns[X.isna().any()])}")
    y = y[keep]
    n_fe = 0
    if fe:
        g = t.loc[keep, fe].astype(str)
        n_fe = g.nunique()
        X = pd.concat([X, pd.get_dummies(g, prefix="fe", drop_first=True, dtype=float)], axis=1)
    X = sm.add_constant(X, has_constant="add")
    off = t.loc[keep, offset].astype(float) if offset else None
    model = sm.GLM(y, X, family=sm.families.Poisson(), offset=off)
    if cluster:
        res = model.fit(maxiter=maxiter, cov_type="cluster", cov_kwds={"groups": pd.factorize(t.loc[keep, cluster])[0]})
        cov, se_type, n_cl = (
            res.cov_params(),
            "CR1 (statsmodels: G/(G-1) (N-1)/(N-K))",
            int(t.loc[keep, cluster].nunique()),
        )
    else:
        res = model.fit(maxiter=maxiter, cov_type="HC0")
        n, k = int(res.nobs), X.shape[1]
        cov, se_type, n_cl = res.cov_params() * n / (n - k), SE_TYPE, None
    if not res.converged:
        raise RuntimeError(
            f"Poisson IRLS did not converge in {maxiter} iterations ({outcome} on {list(regressors)}, fe={fe})"
        )
    names = [c for c in X.columns if not c.startswith("fe_")]
    bse = pd.Series(np.sqrt(np.diag(cov.loc[names, names])), index=names)
    params = res.params[names]
    p = pd.Series(2 * stats.norm.sf(np.abs(params / bse)), index=names)
    return PoissonFit(
        params=params,
        bse=bse,
        pvalues=p,
        nobs=int(res.nobs),
        k=X.shape[1],
        regressors=[c for c in names if c != "const"],
        n_fe_groups=n_fe,
        separated_groups=seps,
        separated_dropped=int((~keep).sum()),
        dropped_indicators=dead,
        sample_index=y.index,
        se_type=se_type,
        n_clusters=n_cl,
        result=res,
    )


def elasticity_one_p(fit: PoissonFit, term: str = "ln_employment") -> float:
    """Two-sided p of H0: coefficient of ``term`` = 1 (the offset restriction), normal reference."""
    from scipy import stats

    return float(2 * stats.norm.sf(abs((fit.params[term] - 1) / fit.bse[term])))


def _separation_text(f: PoissonFit, fe: str | None) -> str:
    parts = []
    if f.separated_dropped:
        what = f"{fe} groups {', '.join(f.separated_groups)}" if f.separated_groups else "indicator cells"
        parts.append(
            f"{f.separated_dropped} codes dropped as perfectly separated (no usage "
            f"in {what}{'; ' + ', '.join(f.dropped_indicators) + ' dropped' if f.dropped_indicators else ''})"
        )
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# the stepwise path from the seed's specification


@dataclass(frozen=True)
class Step:
    label: str
    sample: str  # "usage > 0" or "all"
    offset: bool
    regressors: tuple[str, ...]
    fe: bool
    change: str = ""


def _steps() -> list[Step]:
    s1 = Step("1 seed specification", "usage > 0", True, ("ln_wage", *SEED_CONTROLS), False)
    s2 = replace(s1, label="2 + free ln employment", offset=False, regressors=(*s1.regressors, "ln_employment"))
    s3 = replace(
        s2, label="3 - match-artefact controls", regressors=tuple(r for r in s2.regressors if r not in SEED_CONTROLS)
    )
    s4 = replace(s3, label="4 + zero-usage occupations", sample="all")
    s5 = replace(s4, label="5 + ln rated tasks", regressors=(*s4.regressors, "ln_tasks"))
    s6 = replace(s5, label="6 + job zone", regressors=(*s5.regressors, "job_zone"))
    s7 = replace(s6, label="7 + major-group FE", fe=True)
    return [s1, s2, s3, s4, s5, s6, s7]


STEP_COLUMNS = [
    "step",
    "change",
    "ln_employment_coef",
    "ln_employment_se",
    "ln_employment_p",
    "ln_employment_eq1_p",
    "offset",
    "sample",
    "regressors",
    "fixed_effects",
    "zero_usage_codes",
    "separated_dropped",
    "separated_groups",
]


def stepwise(soc: pd.DataFrame, *, measure: str, usage: str = "usage_equal") -> pd.DataFrame:
    """From the seed's usage-wage PPML to the corrected one, ONE change per row.

    ``soc``: :func:`soc_table`. Rows: (1) the seed's A1 (REQ-OR-01): Poisson GLM of usage on ln
    wage, share of core tasks and mean match score, ln employment as offset, usage-positive
    codes; (2) ln employment free; (3) without the seed's match-based controls (functions of the
    outcome, undefined at zero usage: the step that makes (4) possible); (4) with the zero-usage
    codes; (5) + ln rated tasks; (6) + job zone; (7) + SOC major-group FE (= the corrected
    "free ln employment, zeros included" row of :func:`models`).

    One row per step, term ``ln_wage`` (the wage elasticity) in the standard columns, then
    ``STEP_COLUMNS``: the ln employment coefficient with SE and p (the imposed 1 with blank SE
    under the offset) and the p of H0 elasticity = 1, the offset flag, the sample, the
    regressor list, the fixed effects, the zero-usage codes in the sample, and the codes dropped
    as perfectly separated (with their groups). Exposure is never a regressor (function of the
    outcome).
    """
    missing = [
        c
        for c in (*SEED_CONTROLS, usage, "ln_wage", "ln_employment", "ln_tasks", "job_zone", "major")
        if c not in soc.columns
    ]
    if missing:
        raise KeyError(f"stepwise needs soc_table columns {missing}")
    pos = soc[soc[usage] > 0]
    n_zero_all = int((soc[usage] == 0).sum())
    seed_missing = int(pos[list(SEED_CONTROLS)].isna().any(axis=1).sum())
    sample = {"usage > 0": pos.assign(**{c: pos[c].fillna(0.0) for c in SEED_CONTROLS}), "all": soc}
    jz_missing = int(soc["job_zone"].isna().sum())
    change = {
        1: (
            "none: the seed's A1 (REQ-OR-01), Poisson GLM of usage on ln wage, share of core tasks and mean match "
            "score with ln employment as offset (elasticity imposed = 1), "
            "usage-positive codes only; here on the pipeline's OEWS codes and usage, HC1 SEs (the seed reported "
            "statsmodels 'HC3', which for a GLM is the uncorrected HC0)"
            + (f"; {seed_missing} codes without a match score set to 0 as the seed's fillna(0)" if seed_missing else "")
        ),
        2: (
            "ln employment becomes a free regressor instead of an offset (its coefficient estimated; "
            "ln_employment_eq1_p tests the seed's restriction = 1)"
        ),
        3: (
            "drops the seed's share of core tasks and mean match score: means over the AEI-matched task rows, "
            "so functions of the outcome and undefined for codes with no usage"
        ),
        4: f"adds the {n_zero_all} codes with rated tasks and zero usage (the seed's sample selected on the outcome)",
        5: (
            "adds ln number of rated O*NET tasks: how many statements usage can be classified to, fixed by "
            "O*NET before usage is observed (not a function of the outcome)"
        ),
        6: "adds mean O*NET job zone (pre-determined preparation level; the wage elasticity becomes within job zone)"
        + (f"; {jz_missing} codes without a job zone mean-filled with a missing indicator" if jz_missing else ""),
        7: f"adds SOC major-group fixed effects ({soc['major'].nunique()} groups)",
    }
    rows, extra = [], []
    for i, s in enumerate(_steps(), start=1):
        t = sample[s.sample]
        f = fit_poisson(
            t, usage, s.regressors, offset="ln_employment" if s.offset else None, fe="major" if s.fe else None
        )
        ch = change[i] + (
            "; "
            + _separation_text(f, "major")
            + ": their FE is -inf and they carry no information on the other coefficients (fixest's rule)"
            if f.separated_dropped
            else ""
        )
        used = t.loc[f.sample_index]
        zeros = int((used[usage] == 0).sum())
        rows.append(
            results.row(
                spec_mode="corrected",
                model="usage-wage PPML stepwise",
                specification=s.label,
                term="ln_wage",
                estimate=f.params["ln_wage"],
                se=f.bse["ln_wage"],
                p_value=f.pvalues["ln_wage"],
                n=f.nobs,
                unit=UNIT,
                se_type=f.se_type,
                outcome=f"API usage ({usage})",
                measure=measure,
                log_outcome=False,
                note=f"{NOTE}; wage elasticity of usage; {BAD_CONTROLS_NOTE}",
            )
        )
        if s.offset:
            emp = (1.0, np.nan, np.nan, np.nan)
        else:
            emp = (f.params["ln_employment"], f.bse["ln_employment"], f.pvalues["ln_employment"], elasticity_one_p(f))
        extra.append(
            dict(
                zip(
                    STEP_COLUMNS,
                    (
                        i,
                        ch,
                        *emp,
                        s.offset,
                        s.sample,
                        " + ".join(f.regressors) + (" + offset(ln_employment)" if s.offset else ""),
                        "major group" if s.fe else "none",
                        zeros,
                        f.separated_dropped,
                        ", ".join(f.separated_groups),
                    ),
                )
            )
        )
    out = results.frame(rows)
    return pd.concat([out, pd.DataFrame(extra, columns=STEP_COLUMNS)], axis=1)


# --------------------------------------------------------------------------------------------
# the corrected models


def models(soc: pd.DataFrame, task_table: pd.DataFrame, mapping: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """The corrected PPML rows (REQ-OR-02): ln wage, ln rated tasks, job zone and major-group FE
    in every row; ln employment as offset or free (with the test that it is 1); equal and
    employment-weighted split; all codes or usage-positive codes only; and the task-level model
    on every rated task of the covered codes (plus task importance when rated), clustered by
    OEWS code. Exposure is not a regressor (function of the outcome)."""
    rows = []
    common = dict(spec_mode="corrected", measure=measure, model="usage-wage PPML", log_outcome=False)
    zeros = int((soc["usage_equal"] == 0).sum())
    for spec, t, usage, free in (
        ("offset ln employment (imposed elasticity 1), zeros included", soc, "usage_equal", False),
        ("free ln employment, zeros included", soc, "usage_equal", True),
        ("free ln employment, employment-weighted split", soc, "usage_emp", True),
        ("free ln employment, usage-positive codes only", soc[soc["usage_equal"] > 0], "usage_equal", True),
    ):
        regs = ("ln_wage", *(["ln_employment"] if free else []), *CONTROLS)
        f = fit_poisson(t, usage, regs, offset=None if free else "ln_employment", fe="major")
        sep = _separation_text(f, "major")
        note = (
            f"{NOTE}; {int((t.loc[f.sample_index, usage] == 0).sum())} of {f.nobs} codes with zero "
            f"usage; {CONTROLS_NOTE}; {BAD_CONTROLS_NOTE}" + (f"; {sep}" if sep else "")
        )
        rows.append(
            results.row(
                specification=spec,
                term="ln_wage",
                estimate=f.params["ln_wage"],
                se=f.bse["ln_wage"],
                p_value=f.pvalues["ln_wage"],
                n=f.nobs,
                unit=UNIT,
                outcome=f"API usage ({usage})",
                note=note,
                se_type=f.se_type,
                **common,
            )
        )
        if free:
            rows.append(
                results.row(
                    specification=spec,
                    term="ln_employment",
                    estimate=f.params["ln_employment"],
                    se=f.bse["ln_employment"],
                    p_value=f.pvalues["ln_employment"],
                    n=f.nobs,
                    unit=UNIT,
                    outcome=f"API usage ({usage})",
                    se_type=f.se_type,
                    note=f"offset test H0 elasticity = 1: p = {elasticity_one_p(f):.4g}",
                    **common,
                )
            )
    # task level: every rated task of the covered codes, clustered by OEWS code
    tk = task_table.merge(mapping[["onet_soc_code", "oews_code"]], on="onet_soc_code").merge(
        soc[["oews_code", "ln_wage", "ln_employment", "ln_tasks", "job_zone", "major"]], on="oews_code"
    )
    regs = ["ln_wage", "ln_employment", *CONTROLS]
    if "im" in tk.columns and tk["im"].notna().all():
        tk = tk.assign(importance=tk["im"])
        regs.append("importance")
    f = fit_poisson(tk.reset_index(drop=True), "usage_split", regs, fe="major", cluster="oews_code")
    sep = _separation_text(f, "major")
    rows.append(
        results.row(
            specification="task level: rated tasks incl. zeros",
            term="ln_wage",
            estimate=f.params["ln_wage"],
            se=f.bse["ln_wage"],
            p_value=f.pvalues["ln_wage"],
            n=f.nobs,
            unit="rated (occupation, task) pair",
            outcome="API usage of the task (equal split)",
            cluster_var="oews_code",
            n_clusters=f.n_clusters,
            se_type=f.se_type,
            note=(
                f"{NOTE}; {int((tk['usage_split'] == 0).sum())} of {len(tk)} tasks with zero "
                f"usage; {CONTROLS_NOTE}{'; task importance' if 'importance' in regs else ''}; {BAD_CONTROLS_NOTE}"
            )
            + (f"; {sep}" if sep else ""),
            **common,
        )
    )
    out = results.frame(rows)
    out["zero_usage_codes"] = zeros
    return out


def tables(
    measure: pd.DataFrame,
    exposure_oews: pd.DataFrame,
    crosswalk: pd.DataFrame,
    mapping: pd.DataFrame,
    base: pd.DataFrame,
    job_zones: pd.DataFrame,
    task_credits: pd.DataFrame,
    *,
    measure_name: str,
    task_count_variant: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corrected PPML rows (:func:`models`) and the stepwise path (:func:`stepwise`) of one
    exposure measure. The number of rated O*NET tasks of each code comes from the
    ``task_count_variant`` rows of the pipeline's own exposure table (``exposure_oews``)."""
    tasks = exposure_oews[exposure_oews["variant"] == task_count_variant][["oews_code", "n_rated_tasks"]]
    soc = soc_table(crosswalk, mapping, base, measure.merge(tasks, on="oews_code"), job_zones)
    return models(soc, task_credits, mapping, measure=measure_name), stepwise(soc, measure=measure_name)
