"""Headline numbers of the seed README, legacy and corrected side by side (spec §8.2 item 7).

Each stage contributes rows (headline, model, metric, unit, legacy and corrected value with
their standard error and N, reason); :func:`combine` stacks the available ones into
``headline_comparison.csv``. ``n_unit`` says what N counts (observations, occupations).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COLUMNS = [
    "headline",
    "model",
    "metric",
    "unit",
    "legacy_value",
    "legacy_se",
    "legacy_n",
    "corrected_value",
    "corrected_se",
    "corrected_n",
    "n_unit",
    "reason",
]


def _row(table: pd.DataFrame, **match) -> pd.Series | None:
    t = table
    for k, v in match.items():
        t = t[t[k] == v]
    return t.iloc[0] if len(t) else None


def _stats(table: pd.DataFrame, **match) -> tuple[float, float, float]:
    """(estimate, se, n) of the first matching row; NaN when absent."""
    r = _row(table, **match)
    if r is None:
        return np.nan, np.nan, np.nan
    return (
        float(r["estimate"]),
        float(r["se"]) if "se" in r and pd.notna(r["se"]) else np.nan,
        float(r["n"]) if "n" in r and pd.notna(r["n"]) else np.nan,
    )


def _line(headline, model, metric, unit, legacy, corrected, n_unit, reason) -> tuple:
    return (headline, model, metric, unit, *legacy, *corrected, n_unit, reason)


def estimation_rows(
    legacy_did: pd.DataFrame | None,
    legacy_oring: pd.DataFrame | None,
    corrected_did: pd.DataFrame | None,
    ppml: pd.DataFrame | None,
    event: pd.DataFrame | None,
    measure: str,
) -> pd.DataFrame:
    rows = []
    ld = (
        legacy_did if legacy_did is not None else pd.DataFrame(columns=["specification", "term", "estimate", "se", "n"])
    )
    cd = (
        corrected_did
        if corrected_did is not None
        else pd.DataFrame(columns=["specification", "term", "estimate", "se", "n", "cluster_var"])
    )
    ev = (
        event
        if event is not None
        else pd.DataFrame(columns=["model", "outcome", "cluster_var", "estimate", "se", "n", "specification"])
    )
    dose = (
        _stats(ev[ev["cluster_var"] == "major_group"], model="dose response", outcome="ln_wage")
        if len(ev)
        else (np.nan,) * 3
    )
    obs = "occupation-years (legacy: occupations x 2 periods)"
    rows.append(
        _line(
            "-0.014 (DiD, binary)",
            "A-R DiD",
            "beta_3 high x post",
            "log points",
            _stats(ld, specification="Regression DiD (Binary)"),
            _stats(cd, specification="Exposure without shared-task credit", term="binary"),
            obs,
            "corrected: same panel, exposure without full credit for shared statements (ISSUE-06, -24); "
            "estimation/legacy_panel_corrected.csv has the REQ-DID-08 robustness table, one change at a time from "
            "the legacy specification (median wage, major-group x period effects, weights, major-group clusters, "
            f"dropping education); the event-study dose coefficient with {measure} is {dose[0]:.4f}; ISSUE-20, -21, "
            "-28, -30, -31",
        )
    )
    rows.append(
        _line(
            "-0.051 (DiD, continuous)",
            "A-R DiD",
            "beta_3 exposure x post",
            "log points per unit exposure",
            _stats(ld, specification="Regression DiD (Continuous)"),
            dose,
            obs,
            "corrected: event-study dose coefficient (exposure x share of post-ChatGPT OEWS panels), occupation "
            f"and major-group x year FE, measure {measure}; ISSUE-06, -21, -28, -29",
        )
    )
    rows.append(
        _line(
            "-0.019 (DiD, quartile)",
            "A-R DiD",
            "Q4 vs Q1",
            "log points",
            _stats(ld, specification="Quartile DiD (Q4 vs Q1)"),
            _stats(cd, specification="Delta^2 ln w on quartile dummies (Q1 base)", term="Q4"),
            "occupations",
            "corrected: the same Q4 vs Q1 contrast by regression with HC3 SE, joint test and monotonicity check "
            "(seed panel and exposure); ISSUE-25",
        )
    )
    lo = legacy_oring if legacy_oring is not None else pd.DataFrame(columns=["specification", "estimate", "se", "n"])
    pp = ppml if ppml is not None else pd.DataFrame(columns=["specification", "term", "estimate", "se", "n"])
    rows.append(
        _line(
            "+1.50 (O-ring PPML)",
            "O-ring",
            "usage elasticity w.r.t. wage",
            "elasticity",
            _stats(lo, specification="A1: GLM Poisson (full)"),
            _stats(pp, specification="free ln employment, zeros included", term="ln_wage"),
            "occupations",
            "corrected: the last step of estimation/corrected/<measure>/ppml_stepwise.csv, which adds one change "
            "per row to the seed's specification: ln employment free (offset tested), seed's match controls "
            "dropped, zero-usage occupations, ln rated tasks, job zone, major-group FE (all-zero groups dropped and "
            "reported); exposure is not a control (it is built from usage, the outcome); ISSUE-41, -42",
        )
    )
    rows.append(
        _line(
            "+1.11 (O-ring OLS)",
            "O-ring",
            "usage intensity elasticity",
            "elasticity",
            _stats(lo, specification="A2: Log-linear OLS"),
            (np.nan,) * 3,
            "occupations",
            "not re-estimated: in ln(usage per worker + 1e-6) zero-usage occupations become arbitrary outliers; the "
            "PPML row, which handles zeros, replaces it (ISSUE-41)",
        )
    )
    return pd.DataFrame(rows, columns=COLUMNS)


def combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True)[COLUMNS] if frames else pd.DataFrame(columns=COLUMNS)


def legacy_did(legacy: pd.DataFrame | None) -> pd.DataFrame | None:
    """The DiD rows of the seed's estimates (``did_and_correlations.parquet``), if any."""
    return legacy[legacy["model"] == "DiD"] if legacy is not None else None
