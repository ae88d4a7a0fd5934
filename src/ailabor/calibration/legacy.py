"""The seed's three macro blocks, reproduced exactly (spec REQ-AR-01, REQ-KAL-01, REQ-BM-01).

LEGACY-ONLY behaviour, kept on purpose and flagged in the outputs:

* A-R: Δln w = -[(σ-1)/σ]·TD (not an A-R formula, ISSUE-12), TD from O*NET rows that repeat
  their parent SOC's employment and wage bill (ISSUE-04), σ = 1.5 unsourced (ISSUE-13), the
  stale "index-scaled" label and the max-exposure = 1 check (ISSUE-16);
* Kaleckian: AD effect (c_w - c_π)·TD·1/(1-0.7) with no minus sign (ISSUE-32), TD applied as
  wage-share points (ISSUE-34), c = 0.7 contradicting the class MPCs (ISSUE-35);
* B-M: Δπ = +TD (ISSUE-34), s_w = 0 and v = 1 (ISSUE-36), clipping and a silent fallback to
  u0 when the denominator is not positive (ISSUE-37).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .shock import Shock

log = logging.getLogger(__name__)

LEGACY_FLAGS = (
    "ISSUE-04",
    "ISSUE-12",
    "ISSUE-13",
    "ISSUE-16",
    "ISSUE-32",
    "ISSUE-34",
    "ISSUE-35",
    "ISSUE-36",
    "ISSUE-37",
)


@dataclass(frozen=True)
class LegacyParams:
    """The seed's constants (spec REQ-DATA-05)."""

    sigma: float = 1.5
    c_w: float = 0.80
    c_pi: float = 0.40
    c: float = 0.70
    omega0: float = 0.55
    s_pi: float = 0.45
    g_u: float = 0.10
    g_pi: float = 0.05
    u0: float = 0.80


def ar_core(td: float, p: LegacyParams = LegacyParams()) -> float:
    """LEGACY-ONLY: -[(σ-1)/σ]·TD (ISSUE-12)."""
    return -((p.sigma - 1) / p.sigma) * td


def kaleckian_core(td: float, p: LegacyParams = LegacyParams()) -> dict:
    consumption = (p.c_w - p.c_pi) * td  # LEGACY-ONLY: no minus sign (ISSUE-32), TD as wage-share points (ISSUE-34)
    multiplier = 1 / (1 - p.c)  # LEGACY-ONLY: exogenous c (ISSUE-35)
    return dict(consumption=consumption, multiplier=multiplier, ad_effect=consumption * multiplier)


def bm_core(td: float, p: LegacyParams = LegacyParams()) -> dict:
    pi0 = 1 - p.omega0
    den0 = p.s_pi * pi0 - p.g_u
    if den0 <= 0:
        raise ValueError(f"B-M (legacy): s_pi*pi0 - g_u = {den0} <= 0")
    g0 = p.u0 * den0 - p.g_pi * pi0
    pi1 = float(np.clip(pi0 + td, 0, 1))  # LEGACY-ONLY: Δπ = +TD (ISSUE-34)
    den1 = p.s_pi * pi1 - p.g_u
    fallback = bool(den1 <= 0)
    # LEGACY-ONLY: clipping, and a silent fallback to u0 (ISSUE-37)
    u1 = p.u0 if fallback else float(np.clip((g0 + p.g_pi * pi1) / den1, 0, 1))
    deriv = -(p.g_pi * p.g_u + p.s_pi * g0) / den0**2
    return dict(
        g0=g0,
        pi0=pi0,
        pi1=pi1,
        u1=u1,
        du=u1 - p.u0,
        output_effect=(u1 - p.u0) / p.u0,
        deriv=deriv,
        fallback=fallback,
        regime="wage-led" if deriv < 0 else "profit-led",
    )


def acemoglu_restrepo(seed: pd.DataFrame, shock: Shock, p: LegacyParams = LegacyParams()) -> pd.DataFrame:
    td = shock.exposure_wage
    e = seed["ai_exposure"]
    if e.max() != 1.0:  # LEGACY-ONLY: left over from max-normalisation, warns on every run
        log.warning("LEGACY-ONLY (ISSUE-16): the seed's sanity check expects max exposure 1.0, found %.4f", e.max())
    w = ar_core(td, p)
    rows = [
        ("Wage-weighted task displacement", td, f"{td:.2%}"),
        (f"Implied wage effect (σ={p.sigma}, index-scaled)", w, f"{w:.2%}"),
        ("Employment-weighted exposure", shock.exposure_employment, f"{shock.exposure_employment:.2%}"),
        ("Exposure max (sanity check)", float(e.max()), f"{e.max():.4f}"),
        ("Exposure mean", float(e.mean()), f"{e.mean():.4f}"),
        ("Total wage bill ($)", shock.wage_bill, f"${shock.wage_bill:,.0f}"),
    ]
    return pd.DataFrame(rows, columns=["Metric", "Value", "Formatted"])


def kaleckian(shock: Shock, p: LegacyParams = LegacyParams()) -> pd.DataFrame:
    ws = shock.exposure_wage  # "wage share reduction": a share of the wage bill (ISSUE-34)
    k = kaleckian_core(ws, p)
    rows = [
        ("Wage share reduction", ws, f"{ws:.2%}"),
        ("Consumption effect", k["consumption"], f"{k['consumption']:.2%}"),
        (f"Keynesian multiplier (c={p.c})", k["multiplier"], f"{k['multiplier']:.2f}"),
        ("AD effect (with multiplier)", k["ad_effect"], f"{k['ad_effect']:.2%}"),
        ("Employment share at risk", shock.exposure_employment, f"{shock.exposure_employment:.2%}"),
        ("Wage bill at risk ($)", shock.wage_at_risk, f"${shock.wage_at_risk:,.0f}"),
    ]
    return pd.DataFrame(rows, columns=["Metric", "Value", "Percent"])


def bhaduri_marglin(shock: Shock, p: LegacyParams = LegacyParams()) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    b = bm_core(shock.exposure_wage, p)
    if b["fallback"]:
        log.warning("LEGACY-ONLY (ISSUE-37): non-positive denominator after the shock; the seed silently keeps u0")
    rows = [
        ("g₀ (calibrated)", b["g0"], f"{b['g0']:.4f}"),
        ("Baseline profit share", b["pi0"], f"{b['pi0']:.1%}"),
        ("New profit share (post-AI)", b["pi1"], f"{b['pi1']:.1%}"),
        ("Change in profit share", b["pi1"] - b["pi0"], f"{b['pi1'] - b['pi0']:.2%}"),
        ("Equilibrium utilization (before)", p.u0, f"{p.u0:.1%}"),
        ("Equilibrium utilization (after)", b["u1"], f"{b['u1']:.1%}"),
        ("Change in utilization", b["du"], f"{b['du']:.2%}"),
        ("Demand regime", b["regime"], b["regime"]),
        ("Output effect", b["output_effect"], f"{b['output_effect']:.2%}"),
        ("∂u*/∂π (regime indicator)", b["deriv"], f"{b['deriv']:.4f}"),
    ]
    params = pd.DataFrame(
        [
            ("s_π", p.s_pi, "Propensity to save out of profits"),
            ("g_u", p.g_u, "Investment sensitivity to utilization"),
            ("g_π", p.g_pi, "Investment sensitivity to profit share"),
            ("g₀ (calibrated)", b["g0"], "Autonomous investment rate (calibrated to baseline)"),
            ("u_baseline", p.u0, "Baseline capacity utilization"),
            ("wage_share_baseline", p.omega0, "Baseline wage share"),
        ],
        columns=["Parameter", "Value", "Description"],
    )
    return pd.DataFrame(rows, columns=["Metric", "Value", "Formatted"]), params, b


def tidy(ar: pd.DataFrame, kal: pd.DataFrame, bm: pd.DataFrame) -> pd.DataFrame:
    """The three seed tables stacked in one long table (numeric rows only)."""
    frames = []
    for model, t in (("Acemoglu-Restrepo", ar), ("Kaleckian", kal), ("Bhaduri-Marglin", bm)):
        v = pd.to_numeric(t["Value"], errors="coerce")
        frames.append(
            pd.DataFrame(
                {
                    "spec_mode": "legacy",
                    "model": model,
                    "metric": t["Metric"],
                    "value": v,
                    "text": t["Value"].astype(str),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
