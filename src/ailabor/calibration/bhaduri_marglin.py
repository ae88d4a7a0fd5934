"""Corrected Bhaduri–Marglin model (spec REQ-BM-02, ISSUE-33, -36, -37).

Investment g^i = g0 + g_u·u + g_π·π; saving g^s = [s_π·π + s_w·(1-π)]·u/v, with v the
capital to full-capacity output ratio. Goods-market equilibrium:

    u* = (g0 + g_π·π) / (σ(π)/v - g_u),   σ(π) = s_π·π + s_w·(1-π).

g0 is calibrated so that u* = u0 at π0. The Keynesian stability condition σ(π)/v > g_u must
hold at the baseline and after the shock; if it fails a :class:`StabilityError` is raised
(the seed silently returned u0). The regime ∂u*/∂π = [g_π - (s_π - s_w)·u*/v]/(σ(π)/v - g_u)
follows from the assumed parameters; it is not a test. Δu is in percentage points of
capacity; output with capacity fixed in the short run moves by Δu/u0.
"""

from __future__ import annotations

from . import CalibrationError, StabilityError


def saving_rate(pi: float, s_pi: float, s_w: float) -> float:
    return s_pi * pi + s_w * (1 - pi)


def v_for_accumulation(accumulation_rate: float, *, pi0: float, u0: float, s_pi: float, s_w: float) -> float:
    """The v at which the baseline accumulation rate g = σ(π0)·u0/v equals the target."""
    if accumulation_rate <= 0:
        raise CalibrationError(f"B-M: the target accumulation rate must be positive, got {accumulation_rate}")
    return saving_rate(pi0, s_pi, s_w) * u0 / accumulation_rate


def _stability(pi: float, *, s_pi: float, s_w: float, v: float, g_u: float, where: str) -> float:
    den = saving_rate(pi, s_pi, s_w) / v - g_u
    if den <= 0:
        raise StabilityError(
            f"B-M: Keynesian stability fails {where} (pi={pi:.4f}): saving responds to utilisation by "
            f"sigma(pi)/v = {saving_rate(pi, s_pi, s_w) / v:.4f}, investment by g_u = {g_u:.4f}; "
            "need sigma(pi)/v > g_u. "
            "Lower g_u, raise the saving propensities or lower v (a higher accumulation_rate lowers v)."
        )
    return den


def effects(d_pi: float, *, pi0: float, s_pi: float, s_w: float, v: float, g_u: float, g_pi: float, u0: float) -> dict:
    for name, val in (("s_pi", s_pi), ("s_w", s_w)):
        if not 0 <= val <= 1:
            raise CalibrationError(f"B-M: the saving propensity {name} must be in [0, 1], got {val}")
    if v <= 0 or not 0 < u0 <= 1:
        raise CalibrationError(f"B-M: need v > 0 and u0 in (0, 1]; got v={v}, u0={u0}")
    pi1 = pi0 + d_pi
    if not 0 <= pi1 <= 1:
        raise CalibrationError(f"B-M: the profit share must stay in [0, 1]; pi0={pi0}, pi0 + d_pi={pi1}")
    den0 = _stability(pi0, s_pi=s_pi, s_w=s_w, v=v, g_u=g_u, where="at the baseline")
    g0 = u0 * den0 - g_pi * pi0
    den1 = _stability(pi1, s_pi=s_pi, s_w=s_w, v=v, g_u=g_u, where="after the shock")
    u1 = (g0 + g_pi * pi1) / den1
    if not 0 < u1 <= 1:
        raise CalibrationError(
            f"B-M: post-shock utilisation u1={u1:.4f} is outside (0, 1]: the shock takes the model outside its domain"
        )
    regime = (g_pi - (s_pi - s_w) * u0 / v) / den0
    return dict(
        d_pi=d_pi,
        pi0=pi0,
        pi1=pi1,
        s_pi=s_pi,
        s_w=s_w,
        v=v,
        g_u=g_u,
        g_pi=g_pi,
        u0=u0,
        g0=g0,
        accumulation_rate=saving_rate(pi0, s_pi, s_w) * u0 / v,
        stability_margin0=den0,
        stability_margin1=den1,
        u1=u1,
        d_u_pp=100 * (u1 - u0),
        output_effect=(u1 - u0) / u0,
        du_dpi=regime,
        regime="profit-led" if regime > 0 else "wage-led",
    )
