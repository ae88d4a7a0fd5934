"""Paper tables of the calibration and GE stages, read from their CSV outputs: the same
:class:`~ailabor.report.tables.Table` objects give the HTML page of the Snakemake report, the
markdown fragment and the LaTeX (booktabs) file. Nothing here computes a result: every cell is a
number of the named output file, rescaled only where the header says so (x 100 for percent).

* :func:`calibration_tables`: one shock through three models (``calibration/consistency_wide.csv``)
  and the calibration's headline rows, legacy and corrected (``calibration/headlines.csv``);
* :func:`ge_scenario_tables`: every GE scenario in the task model and the robot model
  (``ge/scenarios/summary.csv``);
* :func:`bbz_t2_tables`: BBZ Table 2, the critical elasticity sigma3* on the (sigma1, sigma2) grid;
* :func:`ar_tables`: the A-R wage formulas and comparative statics against finite differences.
"""

from __future__ import annotations

import pandas as pd

from ..labels import scenario_name
from .summary import fmt, fmt_n
from .tables import Table


def _pct(x) -> str:
    """A share as percent (x 100), formatted as every table cell."""
    return fmt(100 * float(x)) if pd.notna(x) else fmt(x)


def _check_columns(frame: pd.DataFrame, need: list[str], source: str) -> None:
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ValueError(f"{source}: missing column(s) {missing}; has {list(frame.columns)}")


# --- calibration ---------------------------------------------------------------------------------

CONSISTENCY_MODELS = {
    "Acemoglu-Restrepo": "A-R wage (log points x 100)",
    "Kaleckian": "Kaleckian output (% change)",
    "Bhaduri-Marglin": "B-M output (% change in utilisation)",
}


def consistency_table(wide: pd.DataFrame, source: str = "calibration/consistency_wide.csv") -> Table:
    need = ["shock", "td"] + [f"{m} ({mode})" for m in CONSISTENCY_MODELS for mode in ("legacy", "corrected")]
    _check_columns(wide, need, source)
    rows = []
    for r in wide.to_dict("records"):
        row = {"shock (exposure measure and scenario)": scenario_name(str(r["shock"])), "TD (%)": _pct(r["td"])}
        for m, head in CONSISTENCY_MODELS.items():
            for mode in ("legacy", "corrected"):
                row[f"{head}, {mode}"] = _pct(r[f"{m} ({mode})"])
        rows.append(row)
    cap = (
        "Every shock (exposure measure x scenario, and the seed's own) through the three macro models, the seed's "
        "formulas (legacy) next to the corrected models. TD: wage-weighted task displacement, exposure E x the share "
        "of exposed work that can profitably be automated x the share of that automation adopted, in % of the wage "
        "bill. A-R: change in ln wage in the short run (capital fixed) x 100; "
        "Kaleckian: proportional change in output (aggregate demand); Bhaduri-Marglin: proportional change in "
        "capacity utilisation, both in %. Deterministic calibrations: no standard errors."
    )
    return Table("One shock, three models: legacy formulas and corrected models", cap, source, pd.DataFrame(rows))


def headline_table(headlines: pd.DataFrame, source: str = "calibration/headlines.csv") -> Table:
    _check_columns(headlines, ["headline", "metric", "unit", "legacy_value", "corrected_value"], source)
    rows = [
        {
            "seed's headline": r["headline"],
            "quantity": r["metric"],
            "unit": r["unit"],
            "legacy": fmt(r["legacy_value"]),
            "corrected": fmt(r["corrected_value"]),
            "N (legacy)": fmt_n(r.get("legacy_n")),
            "N (corrected)": fmt_n(r.get("corrected_n")),
        }
        for r in headlines.to_dict("records")
    ]
    cap = (
        "The seed project's calibration headlines, reproduced with its formulas (legacy) and recomputed with the "
        "corrected exposure and models, for the primary exposure measure and scenario; N counts occupations. The "
        "reasons for each difference are in the source file's reason column."
    )
    return Table("Calibration headlines, legacy and corrected", cap, source, pd.DataFrame(rows))


def calibration_tables(wide: pd.DataFrame, headlines: pd.DataFrame) -> list[Table]:
    return [consistency_table(wide), headline_table(headlines)]


# --- GE scenarios --------------------------------------------------------------------------------

GE_COMMON = ["label", "D", "D_is_share"]
AR_COLUMNS = {
    "ar_dI": ("task range automated (%)", _pct),
    "ar_wage_impact_pct": ("wage on impact (%)", fmt),
    "ar_wage_trough_pct": ("wage at its lowest (%)", fmt),
    "ar_wage_lr_pct": ("long-run wage (%)", fmt),
    "ar_wage_recovery_year": ("years until the wage is back", fmt),
    "ar_labour_share_lr_pp": ("long-run labour share (pp)", fmt),
    "ar_output_lr_pct": ("long-run output (%)", fmt),
}
BBZ_COLUMNS = {
    "bbz_share_L1": ("workers competing with robots (%)", _pct),
    "bbz_wage_impact_pct": ("wage on impact (%)", fmt),
    "bbz_wage_trough_pct": ("wage at its lowest (%)", fmt),
    "bbz_wage_trough_year": ("year of the lowest wage", fmt),
    "bbz_wage_lr_pct": ("long-run wage (%)", fmt),
    "bbz_labour_share_lr_pp": ("long-run labour share (pp)", fmt),
    "bbz_output_lr_pct": ("long-run output (%)", fmt),
}


def _ge_rows(summary: pd.DataFrame, columns: dict) -> pd.DataFrame:
    rows = []
    for r in summary.to_dict("records"):
        share = str(r["D_is_share"]).lower() == "true"
        row = {
            "scenario": scenario_name(str(r["label"])),
            "D (%)": _pct(r["D"]) + ("" if share else " (index)"),
        }
        for col, (head, f) in columns.items():
            row[head] = f(r[col]) if col in r else "–"
        rows.append(row)
    return pd.DataFrame(rows)


def ge_scenario_tables(summary: pd.DataFrame, source: str = "ge/scenarios/summary.csv") -> list[Table]:
    _check_columns(summary, GE_COMMON + list(AR_COLUMNS) + list(BBZ_COLUMNS), source)
    common = (
        "D: share of the wage bill AI takes over (from the exposure measure and the calibration scenario; "
        "'(index)': a rank-based measure read as a share, for comparison only). Changes are relative to the no-shock "
        "path: wage and output in % (100 x (x/x0 - 1)), the labour share in percentage points (pp); years after "
        "the shock. Deterministic model solutions: no standard errors."
    )
    ar = Table(
        "GE scenarios: task model (Acemoglu-Restrepo)",
        "The tasks earning the share D of the wage bill become automatable with AI capital; the task range "
        "automated is the resulting jump in the automation frontier. Labour share WL/(WL+rK). " + common,
        source,
        _ge_rows(summary, AR_COLUMNS),
    )
    bbz = Table(
        "GE scenarios: robot model (Berg-Buffie-Zanna)",
        "Model 2: the share D of workers does robot-competing work, robots become more productive as in the paper's "
        "base case; one wage for all labour. Labour share wL/GDP. " + common,
        source,
        _ge_rows(summary, BBZ_COLUMNS),
    )
    return [ar, bbz]


# --- BBZ Table 2 ---------------------------------------------------------------------------------


def bbz_t2_tables(table: pd.DataFrame, method: str) -> list[Table]:
    source = f"ge/bbz/T2/{method}/table.csv"
    _check_columns(table, ["sigma1", "sigma2", "sigma3_star"], source)
    w = table.pivot_table(index="sigma1", columns="sigma2", values="sigma3_star", sort=True)
    frame = pd.DataFrame(
        {"σ1 (capital vs robot-labour bundle)": [f"{s:g}" for s in w.index]}
        | {f"σ2 = {s2:g}": [fmt(v) for v in w[s2]] for s2 in w.columns}
    )
    cap = (
        "Berg-Buffie-Zanna Model 2 (labour share working with traditional capital 0.30): the critical elasticity "
        "σ3* between traditional capital and the labour working with it; robots raise the wage on impact if and "
        "only if σ3 > σ3* (eq. 33). Rows: σ1, the elasticity between traditional capital and the robot-labour "
        "aggregate; columns: σ2, the elasticity between robots and competing labour. Closed form, checked "
        "against finite differences of the static block; unitless elasticities."
    )
    return [Table("BBZ Table 2: critical capital-labour elasticity σ3*", cap, source, frame)]


# --- A-R tables ----------------------------------------------------------------------------------


DERIVATIVES = {
    "dlnW_dI": "d ln W / d I",
    "dlnW_dN": "d ln W / d N",
    "dlnW_dlnK": "d ln W / d ln K",
    "dlnWr_dI": "d ln(W/r) / d I",
    "dlnWr_dN": "d ln(W/r) / d N",
    "dlnWr_dlnK": "d ln(W/r) / d ln K",
    "dlnomega_dI": "d ln ω / d I",
    "dlnomega_dN": "d ln ω / d N",
    "sigma_SR": "short-run elasticity of substitution, capital and labour",
    "sigma_MR": "medium-run elasticity of substitution, capital and labour",
}


def ar_tables(statics: pd.DataFrame, formulas: pd.DataFrame) -> list[Table]:
    _check_columns(
        formulas,
        ["sigma", "s_L0", "m_K0", "dI", "D", "sr_dlnW", "lr_dlnW", "displacement_only", "seed_heuristic"],
        "ge/ar/wage_formulas.csv",
    )
    _check_columns(
        statics,
        ["case", "derivative", "closed_form", "finite_difference", "abs_error"],
        "ge/ar/comparative_statics.csv",
    )
    f = pd.DataFrame(
        {
            "σ (elasticity between tasks)": [fmt(v) for v in formulas["sigma"]],
            "initial labour share": [fmt(v) for v in formulas["s_L0"]],
            "initially automated tasks": [fmt(v) for v in formulas["m_K0"]],
            "automation step dI": [fmt(v) for v in formulas["dI"]],
            "D (share of the wage bill)": [fmt(v) for v in formulas["D"]],
            "Δ ln W, short run": [fmt(v) for v in formulas["sr_dlnW"]],
            "Δ ln W, long run": [fmt(v) for v in formulas["lr_dlnW"]],
            "displacement only": [fmt(v) for v in formulas["displacement_only"]],
            "seed heuristic": [fmt(v) for v in formulas["seed_heuristic"]],
        }
    )
    wage = Table(
        "Acemoglu-Restrepo wage effects of automation",
        "Wage effect (change in ln wage, log points) of automating the tasks with the share D of the wage bill: "
        "short run with capital fixed and long run with capital adjusting (spec section 6 closed forms), the "
        "displacement effect alone, and the seed's heuristic -(σ-1)D/σ. Shares are fractions of 1; task measures "
        "in units of the task space.",
        "ge/ar/wage_formulas.csv",
        f,
    )
    s = pd.DataFrame(
        {
            "reference economy": statics["case"].astype(str),
            "derivative": [DERIVATIVES.get(d, d) for d in statics["derivative"].astype(str)],
            "closed form": [fmt(v) for v in statics["closed_form"]],
            "finite difference": [fmt(v) for v in statics["finite_difference"]],
            "absolute error": [fmt(v) for v in statics["abs_error"]],
        }
    )
    statics_t = Table(
        "Acemoglu-Restrepo comparative statics: closed forms against finite differences",
        "Derivatives of ln W (wage), ln(W/r) and ln ω = ln(W/(rK)) with respect to the automation frontier I, the "
        "new-task frontier N and ln capital K, and the short- and medium-run capital-labour elasticities, at the "
        "reference economies of the spec; closed forms next to central finite differences of the full solver. "
        "Unitless (log derivatives per unit of the task measure).",
        "ge/ar/comparative_statics.csv",
        s,
    )
    return [wage, statics_t]
