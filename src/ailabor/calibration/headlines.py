"""Calibration rows of headline_comparison.csv (spec §8.2 item 7)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..econometrics.headlines import COLUMNS

NO_LEGACY = (
    "legacy value needs the seed's exposure table (legacy.seed_reference: occupation_exposure) or O*NET Task Ratings"
)


def _metric(t: pd.DataFrame | None, prefix: str) -> float:
    if t is None:
        return np.nan
    m = t[t["Metric"].astype(str).str.startswith(prefix)]
    return float(m["Value"].iloc[0]) if len(m) else np.nan


def calibration_rows(
    legacy: dict[str, pd.DataFrame] | None,
    shock: pd.Series,
    corrected: pd.DataFrame,
    *,
    sigma: float,
    base_year: int,
    legacy_shock: pd.Series | None = None,
) -> pd.DataFrame:
    """Calibration headline rows. Calibrations have no sampling standard error (SE is NaN; the
    Monte Carlo bands are in calibration/sensitivity); N is the number of occupations behind
    the exposure aggregate."""
    lg = legacy or {}
    ar, kal, bm = lg.get("acemoglu_restrepo"), lg.get("kaleckian"), lg.get("bhaduri_marglin")
    c = corrected[(corrected["measure"] == shock["measure"]) & (corrected["scenario"] == shock["scenario"])]

    def val(model: str, metric: str, s: float | None = None) -> float:
        t = c[(c["model"] == model) & (c["metric"] == metric)]
        if s is not None:
            t = t[np.isclose(t["sigma"], s)]
        return float(t["value"].iloc[0]) if len(t) else np.nan

    m, scn = shock["measure"], shock["scenario"]
    tail = (
        f"measure {m}, scenario {scn} (theta {shock['theta']:g}, phi_feasible {shock['phi_feasible']:g}, "
        f"phi_adopted {shock['phi_adopted']:.3g})"
    )
    no_leg = "" if legacy else f"; {NO_LEGACY}"
    rows = [
        (
            "24.04% (wage-weighted task displacement)",
            "A-R calibration",
            "wage-bill-weighted exposure",
            "share of wage bill",
            _metric(ar, "Wage-weighted task displacement"),
            shock["exposure_wage"],
            f"corrected: each OEWS occupation counted once (May {base_year} base, {int(shock['n_units'])} "
            f"occupations), untouched occupations at 0; displacement TD = E x phi = {shock['td']:.4f} for {tail}; "
            f"ISSUE-04, -14{no_leg}",
        ),
        (
            "22.27% (employment-weighted exposure)",
            "A-R calibration",
            "employment-weighted exposure",
            "share of employment",
            _metric(ar, "Employment-weighted exposure"),
            shock["exposure_employment"],
            f"corrected: same base as above; ISSUE-04, -11{no_leg}",
        ),
        (
            "-8.01% (A-R wage effect)",
            "A-R calibration",
            "wage effect",
            "log points",
            _metric(ar, "Implied wage effect"),
            val("acemoglu_restrepo", "sr_d_ln_w", sigma),
            f"corrected: exact short-run wage effect in the A-R task model at sigma {sigma:g} (capital fixed): "
            f"displacement {val('acemoglu_restrepo', 'sr_displacement', sigma):.4f} + "
            f"productivity {val('acemoglu_restrepo', 'sr_productivity', sigma):.4f}; "
            f"{val('acemoglu_restrepo', 'sr_adopted_share', sigma):.0%} of the displacement is cost-saving "
            "with capital fixed; "
            f"long run with capital adjusting {val('acemoglu_restrepo', 'lr_d_ln_w', sigma):+.4f}; "
            f"sigma grid in calibration/corrected; {tail}; ISSUE-12, -13, -14, -15{no_leg}",
        ),
        (
            "$2.8T (wage bill at risk)",
            "Kaleckian",
            "wage bill at risk",
            "USD",
            _metric(kal, "Wage bill at risk"),
            shock["wage_at_risk"],
            f"corrected: TD x the wage bill of the OEWS May {base_year} detailed occupations "
            f"(${shock['wage_bill'] / 1e12:.2f}T); the seed's base repeats SOC totals per O*NET child; "
            f"ISSUE-04, -39{no_leg}",
        ),
        (
            "+32.05% (Kaleckian AD effect)",
            "Kaleckian",
            "output effect",
            "share of GDP",
            _metric(kal, "AD effect"),
            val("kaleckian", "exact"),
            "corrected: exact solution (1 - cbar0)/(1 - cbar1) - 1 with d_omega = -omega0 x theta x TD "
            f"= {-shock['omega0'] * shock['theta'] * shock['td']:.4f} and the multiplier from the class MPCs "
            f"({val('kaleckian', 'multiplier0'):.3f}); negative sign; {tail}; ISSUE-32, -34, -35{no_leg}",
        ),
        (
            "-44.21% (B-M output effect)",
            "Bhaduri-Marglin",
            "output effect",
            "share of output",
            _metric(bm, "Output effect"),
            val("bhaduri_marglin", "output_effect"),
            "corrected: d_pi = omega0 x theta x TD, saving out of wages and profits harmonised with the Kaleckian "
            f"MPCs, v from a {val('bhaduri_marglin', 'accumulation_rate'):.0%} accumulation rate, "
            "stability checked; "
            f"change in utilisation {val('bhaduri_marglin', 'd_u_pp'):.2f} percentage points; {tail}; "
            f"ISSUE-33, -34, -36, -37{no_leg}",
        ),
    ]
    n_leg = float(legacy_shock["n_units"]) if legacy_shock is not None and legacy else np.nan
    n_cor = float(shock["n_units"])
    unit = (
        f"occupations (corrected: {shock['unit']}; "
        f"legacy: {legacy_shock['unit'] if legacy_shock is not None else 'n/a'})"
    )
    out = [(h, mod, met, u, lv, np.nan, n_leg, cv, np.nan, n_cor, unit, why) for h, mod, met, u, lv, cv, why in rows]
    return pd.DataFrame(out, columns=COLUMNS)
