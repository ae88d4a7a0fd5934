"""Tidy tables of the corrected calibrations and the cross-model consistency table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .models import MODELS, OUTCOME, TITLES, ModelConfig, evaluate, legacy_evaluate
from .shock import Shock

COLUMNS = ["spec_mode", "model", "measure", "scenario", "sigma", "metric", "value", "unit", "note"]
UNITS = {
    "sr_d_ln_w": "log points",
    "lr_d_ln_w": "log points",
    "sr_displacement": "log points",
    "sr_productivity": "log points",
    "sr_d_ln_y": "log points",
    "lr_d_ln_y": "log points",
    "lr_d_ln_k": "log points",
    "linear_d_ln_w": "log points",
    "displacement_only_linear": "log points",
    "legacy_heuristic": "log points",
    "sr_pct": "percent",
    "lr_pct": "percent",
    "sr_d_labour_share": "share points",
    "lr_d_labour_share": "share points",
    "sr_adopted_share": "share",
    "exact": "share of GDP",
    "linear": "share of GDP",
    "legacy_formula_sign_fixed": "share of GDP",
    "impact_consumption_to_y": "share of GDP",
    "d_consumption_to_y0": "share of baseline GDP",
    "d_consumption_to_c0": "share of consumption",
    "d_omega": "GDP points",
    "d_pi": "GDP points",
    "d_u_pp": "percentage points of capacity",
    "output_effect": "share of output",
    "u1": "capacity utilisation",
    "du_dpi": "d u*/d pi",
    "accumulation_rate": "per year",
}
NOTES = {
    "acemoglu_restrepo": (
        "task model, eta -> 0, flat comparative advantage; labour inelastic, one labour type (no ripple effects)"
    ),
    "kaleckian": "closed economy, autonomous demand fixed; mechanical upper bound (no re-employment, prices, policy)",
    "bhaduri_marglin": "capacity fixed in the short run; regime follows from the assumed parameters",
}


def model_rows(model: str, shock: Shock, mc: ModelConfig, sigma: float | None = None) -> list[dict]:
    params = mc.params(model, shock)
    if sigma is not None:
        params["sigma"] = sigma
    res = evaluate(model, shock, params)
    rows = []
    for k, v in res.items():
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.floating)):
            continue
        rows.append(
            dict(
                spec_mode="corrected",
                model=model,
                measure=shock.measure,
                scenario=shock.scenario,
                sigma=params.get("sigma", np.nan),
                metric=k,
                value=float(v),
                unit=UNITS.get(k, ""),
                note=NOTES[model],
            )
        )
    return rows


def corrected_table(shocks: list[Shock], mc: ModelConfig) -> pd.DataFrame:
    rows = []
    sigmas = sorted(set(mc.sigma_grid) | {mc.sigma})
    for s in shocks:
        for sigma in sigmas:
            rows += model_rows("acemoglu_restrepo", s, mc, sigma)
        rows += model_rows("kaleckian", s, mc)
        rows += model_rows("bhaduri_marglin", s, mc)
    return pd.DataFrame(rows, columns=COLUMNS)


def shock_table(shocks: list[Shock]) -> pd.DataFrame:
    return pd.DataFrame([s.to_row() for s in shocks])


def consistency(shocks: list[Shock], mc: ModelConfig) -> pd.DataFrame:
    """Every shock through every model, legacy formulas and corrected models side by side.

    Legacy mode applies the seed's formulas to the shock's TD (in its units: Δω = -TD);
    corrected mode uses Δω = -ω0·θ·TD, so the seed's own shock appears once more with only
    its units fixed."""
    rows = []
    for s in shocks:
        fixed = s.with_(legacy_units=False)
        base = dict(
            shock=s.label,
            measure=s.measure,
            scenario=s.scenario,
            exposure_wage=s.exposure_wage,
            td=s.td,
            theta=s.theta,
            phi_feasible=s.phi_feasible,
            phi_adopted=s.phi_adopted,
        )
        for model in MODELS:
            leg = legacy_evaluate(model, s.td)
            key = {"acemoglu_restrepo": "wage_effect", "kaleckian": "ad_effect", "bhaduri_marglin": "output_effect"}[
                model
            ]
            rows.append(
                dict(
                    base,
                    mode="legacy",
                    model=TITLES[model],
                    d_omega=-s.td,
                    outcome=OUTCOME[model][1].split(",")[0],
                    value=leg[key],
                    status="silent fallback to u0 (ISSUE-37)" if leg.get("fallback") else "ok",
                )
            )
            value = evaluate(model, fixed, mc.params(model, fixed))[
                OUTCOME[model][0]
            ]  # a model outside its domain stops the run
            rows.append(
                dict(
                    base,
                    mode="corrected",
                    model=TITLES[model],
                    d_omega=fixed.d_omega,
                    outcome=OUTCOME[model][1].split(",")[0],
                    value=value,
                    status="ok",
                )
            )
    return pd.DataFrame(rows)


def consistency_wide(table: pd.DataFrame) -> pd.DataFrame:
    wide = table.pivot_table(index=["shock", "td"], columns=["model", "mode"], values="value", sort=False)
    wide.columns = [f"{m} ({mode})" for m, mode in wide.columns]
    return wide.reset_index()


KEY_METRICS = ("sr_d_ln_w", "lr_d_ln_w", "exact", "output_effect")


def key_metrics(table: pd.DataFrame) -> pd.DataFrame:
    """The headline metrics of each model (:func:`corrected_table` rows) by scenario, model and
    sigma (blank for the models without one), one column per metric (for the log)."""
    key = table[table["metric"].isin(KEY_METRICS)]
    return key.set_index(["scenario", "model", "sigma", "metric"])["value"].unstack("metric")
