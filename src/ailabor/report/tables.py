"""Regression tables for readers: the estimation outputs (CSV/parquet) formatted as markdown (for
``results_summary.md``) and as HTML (for the Snakemake report), from the same frames.

Each table is a :class:`Table`: a title, a sentence saying what it shows and what it assumes,
the source file, and a small DataFrame of formatted cells. Nothing here computes an estimate:
every number is read from an output file.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..labels import measure_label  # noqa: F401  (re-exported for callers)
from ..provenance import write_text_atomic
from .latex import write_latex
from .summary import _md_table, fmt, fmt_n

CLUSTER_LABEL = {
    "major_group": "SOC major group",
    "occupation": "occupation",
    "occupation+year": "occupation and year (two-way)",
}
OUTCOME_LABEL = {"ln_wage": "ln mean annual wage", "ln_emp": "ln employment"}


@dataclass
class Table:
    title: str
    caption: str
    source: str
    frame: pd.DataFrame

    def markdown(self, level: int = 4) -> str:
        return f"{'#' * level} {self.title}\n\n{self.caption} From `{self.source}`.\n\n{_md_table(self.frame)}\n"

    def html(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>"
            for r in self.frame.itertuples(index=False)
        )
        return (
            f"<h3>{html.escape(self.title)}</h3>\n<p>{html.escape(self.caption)} <em>From "
            f"<code>{html.escape(self.source)}</code>.</em></p>\n"
            f'<table class="reg"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n'
        )


def stars(p) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def est_se(b, se, p=np.nan) -> str:
    """'-0.0123** (0.0051)': estimate with stars from ``p`` and the SE in parentheses."""
    if b is None or (isinstance(b, float) and math.isnan(b)):
        return "–"
    return f"{fmt(b)}{stars(p)} ({fmt(se)})"


def html_page(title: str, intro: str, tables: list[Table], stars: bool = True) -> str:
    style = (
        "body{font-family:system-ui,sans-serif;font-size:14px;margin:1.2em;max-width:75em}"
        "table.reg{border-collapse:collapse;margin:0.4em 0 1.4em}table.reg th,table.reg td{border-top:1px solid #bbb;"
        "border-bottom:1px solid #bbb;padding:3px 8px;text-align:right}table.reg td:first-child,table.reg "
        "th:first-child{text-align:left}table.reg thead th{border-top:2px solid #333;border-bottom:1px solid #333}"
    )
    parts = "".join(t.html() for t in tables)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head>"
        f"<body><h2>{html.escape(title)}</h2>\n<p>{html.escape(intro)}</p>\n{parts}"
        + ("<p>Stars: * p &lt; 0.10, ** p &lt; 0.05, *** p &lt; 0.01.</p>" if stars else "")
        + "</body></html>\n"
    )


def markdown_block(tables: list[Table], level: int = 4) -> str:
    return "\n".join(t.markdown(level) for t in tables)


# --- the corrected event study of one measure --------------------------------------------------


def event_study_table(coefs: pd.DataFrame, primary_date: str, source: str) -> Table:
    """Year-by-year coefficients of the primary event study (no weights), one column per outcome
    and clustering."""
    c = coefs[
        (coefs["model"] == "event study")
        & coefs["specification"].str.startswith(f"{primary_date} (")
        & (coefs["weights"] == "none")
    ]
    ref = int(c["specification"].str.extract(r"ref May (\d{4})")[0].iloc[0])
    out = pd.DataFrame({"May estimate": sorted(set(c["year"].dropna().astype(int)) | {ref})})
    out["event time (waves)"] = out["May estimate"] - ref
    for outcome in [o for o in OUTCOME_LABEL if (c["outcome"] == o).any()]:
        for cluster in ("major_group", "occupation"):
            d = c[(c["outcome"] == outcome) & (c["cluster_var"] == cluster)].set_index("year")
            col = f"{OUTCOME_LABEL[outcome]}, SE by {CLUSTER_LABEL[cluster]}"
            cells = []
            for y in out["May estimate"]:
                if y == ref:
                    cells.append("0 (reference)")
                elif y in d.index and np.isfinite(d.loc[y, "estimate"]):
                    cells.append(est_se(d.loc[y, "estimate"], d.loc[y, "se"], d.loc[y, "p_value"]))
                else:
                    cells.append("no wave")
            out[col] = cells
    n = fmt_n(c["n"].max())
    cap = (
        f"Coefficient on exposure × May-year indicator (log points per unit of exposure), relative to May {ref}, the "
        "last estimate with no post-treatment panel; occupation and SOC major-group × year fixed effects (linearmodels "
        f"PanelOLS); CR1 standard errors in the fixest/reghdfe convention, t(G−1) p-values; N = {n} occupation-years. "
        "'no wave': the OEWS May estimate is not in the data."
    )
    return Table("Event study", cap, source, out)


def dose_table(coefs: pd.DataFrame, source: str) -> Table:
    """Every dose-response specification with its three clusterings."""
    c = coefs[coefs["model"] == "dose response"]
    rows = []
    for (spec, outcome, weights), g in c.groupby(["specification", "outcome", "weights"], sort=False):
        g = g.set_index("cluster_var")
        r = g.iloc[0]
        row = {
            "treatment date; reference": spec,
            "outcome": OUTCOME_LABEL.get(outcome, outcome),
            "weights": weights,
            "estimate": fmt(r["estimate"]),
        }
        for cl in ("major_group", "occupation", "occupation+year"):
            row[f"SE ({CLUSTER_LABEL[cl]})"] = fmt(g.loc[cl, "se"]) if cl in g.index else "–"
        row["p (major group)"] = fmt(g.loc["major_group", "p_value"]) if "major_group" in g.index else "–"
        row["N"] = fmt_n(r["n"])
        rows.append(row)
    cap = (
        "Coefficient on exposure × dose, the share of a May estimate's six OEWS panels collected after the treatment "
        "date: the effect, in log points per unit of exposure, of an estimate made entirely of post-treatment panels. "
        "Same fixed effects as the event study; the two-way SE clusters by occupation and by May year "
        "(Cameron–Gelbach–Miller; few year clusters, read with care)."
    )
    return Table("Dose response, every specification", cap, source, pd.DataFrame(rows))


def pretrend_table(tests: pd.DataFrame, source: str) -> Table:
    t = tests.copy()
    rows = [
        {
            "treatment date": r.date,
            "outcome": OUTCOME_LABEL.get(r.outcome, r.outcome),
            "clustering": CLUSTER_LABEL.get(r.cluster_var, r.cluster_var),
            "pre-period waves": fmt_n(r.n_pre_years),
            "F": fmt(r.F),
            "p (F, G−1 df)": fmt(r.p_F),
            "p (χ²)": fmt(r.p_chi2),
            "clusters": fmt_n(r.n_clusters),
        }
        for r in t.itertuples(index=False)
    ]
    cap = (
        "Joint Wald test that every pre-period event-study coefficient is zero. Failing to reject is weak evidence for "
        "parallel trends (low power); the Rambachan–Roth table shows what a violation of a given size would do."
    )
    return Table("Pre-trend tests", cap, source, pd.DataFrame(rows))


def robustness_table(table: pd.DataFrame, source: str) -> Table:
    """The REQ-DID-08 robustness table on the seed's DiD panel, one change per row."""
    t = table[table["model"].str.startswith("DiD robustness")]
    rows = []
    for spec, g in t.groupby("specification", sort=False):
        g = g.set_index("term")
        b, c = g.loc["binary"], g.loc["continuous"]
        rows.append(
            {
                "specification": spec,
                "what changes": b.get("change", ""),
                "binary β (SE)": est_se(b["estimate"], b["se"], b["p_value"]),
                "p (binary)": fmt(b["p_value"]),
                "continuous β (SE)": est_se(c["estimate"], c["se"], c["p_value"]),
                "p (continuous)": fmt(c["p_value"]),
                "N": fmt_n(b["n"]),
                "clusters": fmt_n(b["n_clusters"]),
            }
        )
    cap = (
        "The seed's stacked two-period DiD (Δ ln wage on high exposure, post, high × post and period-specific ln "
        "employment; May 2022–23 pre, 2023–24 post), changed one thing at a time. β is the high × post (binary) or "
        "exposure × post (continuous) coefficient in log points; CR1 standard errors clustered by occupation unless "
        "the row says otherwise; p-values from t(G−1)."
    )
    return Table("Seed DiD panel: robustness, one change at a time", cap, source, pd.DataFrame(rows))


def ppml_steps_table(steps: pd.DataFrame, source: str) -> Table:
    rows = []
    for r in steps.itertuples(index=False):
        emp = (
            "1 (imposed offset)"
            if bool(r.offset)
            else est_se(r.ln_employment_coef, r.ln_employment_se, r.ln_employment_p)
        )
        rows.append(
            {
                "step": r.step,
                "what changes": r.change,
                "wage elasticity (SE)": est_se(r.estimate, r.se, r.p_value),
                "ln employment (SE)": emp,
                "p (ln employment = 1)": "–" if bool(r.offset) else fmt(r.ln_employment_eq1_p),
                "N": fmt_n(r.n),
                "zero-usage codes": fmt_n(r.zero_usage_codes),
                "dropped (separation)": fmt_n(r.separated_dropped),
            }
        )
    cap = (
        "Poisson pseudo-maximum likelihood of API task usage on ln mean wage, from the seed's specification to the "
        "corrected one, one change per row; HC1 standard errors. Exposure is never a control in the corrected rows: it "
        "is built from usage, the outcome. Groups whose usage is all zero are perfectly separated and dropped, as "
        "fixest does."
    )
    return Table("Usage–wage PPML, step by step", cap, source, pd.DataFrame(rows))


def sensitivity_table(table: pd.DataFrame, source: str) -> Table:
    rows = []
    for r in table.itertuples(index=False):
        par = "" if not isinstance(r.parameter, str) or not r.parameter else f"{r.parameter} = {fmt(r.value)}"
        rows.append(
            {
                "target": r.target,
                "restriction": r.restriction,
                "method": r.method,
                "bound": par or "–",
                "95% CI": f"[{fmt(r.lb)}, {fmt(r.ub)}]",
                "note": getattr(r, "note", "") if isinstance(getattr(r, "note", ""), str) else "",
            }
        )
    cap = (
        "Rambachan–Roth (2023) robust 95% confidence sets for the effect on ln mean wage (log points per unit of "
        "exposure). Relative magnitudes (ΔRM): post-treatment violations of parallel trends at most M̄ times the "
        "largest pre-period wave-to-wave change (conditional least-favourable hybrid, C-LF). Smoothness (ΔSD): the "
        "slope of the differential trend changes by at most M log points per unit exposure per wave (fixed-length CI, "
        "FLCI). From the event study's coefficients and covariance: FLCI by moderndid's didhonest module, C-LF by "
        "ailabor.econometrics.honest (moderndid's ΔRM omits one case; see the README)."
    )
    return Table("Rambachan–Roth sensitivity", cap, source, pd.DataFrame(rows))


def breakdown_table(bd: pd.DataFrame, source: str) -> Table:
    rows = [
        {
            "target": r.target,
            "restriction": r.restriction,
            "breakdown value": f"{r.parameter} = {fmt(r.breakdown)}",
            "note": r.note if isinstance(r.note, str) else "",
        }
        for r in bd.itertuples(index=False)
    ]
    cap = (
        "The smallest M̄ (or M) at which the robust confidence set includes zero: how large a violation of parallel "
        "trends the conclusion survives."
    )
    return Table("Rambachan–Roth breakdown values", cap, source, pd.DataFrame(rows))


def inference_table(inf: pd.DataFrame, source: str) -> Table:
    rows = [
        {
            "method": r.method,
            "draws": fmt_n(r.draws),
            "estimate": fmt(r.estimate),
            "p-value": fmt(r.p_value),
            "95% CI": f"[{fmt(r.ci_low)}, {fmt(r.ci_high)}]",
            "interval by": r.ci_method if isinstance(r.ci_method, str) and r.ci_method else "–",
            "clusters": fmt_n(r.n_clusters),
        }
        for r in inf.itertuples(index=False)
    ]
    cap = (
        "Finite-sample inference for the headline dose coefficient (ln mean wage, first treatment date, no weights) "
        "with few clusters (SOC major groups). p-values are (1 + #{draws at least as extreme}) / (1 + B), never 0; "
        "intervals are the set of nulls the test does not reject."
    )
    return Table("Wild cluster bootstrap and randomisation inference", cap, source, pd.DataFrame(rows))


def corrected_tables(
    *,
    event: pd.DataFrame,
    pretrend: pd.DataFrame,
    sensitivity: pd.DataFrame,
    breakdown: pd.DataFrame,
    inference: pd.DataFrame,
    ppml_steps: pd.DataFrame,
    primary_date: str,
    measure: str,
) -> list[Table]:
    """The regression tables of one exposure measure, in reading order."""
    base = f"estimation/corrected/{measure}"
    return [
        event_study_table(event, primary_date, f"{base}/event_study.parquet"),
        pretrend_table(pretrend, f"{base}/pretrend_tests.csv"),
        sensitivity_table(sensitivity, f"{base}/rambachan_roth.csv"),
        breakdown_table(breakdown, f"{base}/rambachan_roth_breakdown.csv"),
        dose_table(event, f"{base}/event_study.parquet"),
        inference_table(inference, f"{base}/inference.csv"),
        ppml_steps_table(ppml_steps, f"{base}/ppml_stepwise.csv"),
    ]


def write_pages(
    tables: list[Table],
    *,
    title: str,
    intro: str,
    html_path: str | Path,
    md_path: str | Path,
    tex_path: str | Path | None = None,
    tex_prefix: str = "",
    se_below: bool = False,
    stars: bool = True,
) -> None:
    """The tables as an HTML page (Snakemake report), a markdown fragment (results summary) and,
    with ``tex_path``, LaTeX booktabs tables labelled ``tab:<tex_prefix>-...``
    (:mod:`ailabor.report.latex`; ``se_below``: standard errors under the coefficients)."""
    write_text_atomic(html_path, html_page(title, intro, tables, stars=stars))
    write_text_atomic(md_path, markdown_block(tables))
    if tex_path is not None:
        write_latex(tables, tex_path, prefix=tex_prefix, title=title, se_below=se_below)
