"""Corrected Kaleckian demand model (spec REQ-KAL-02, ISSUE-32, -34, -35).

Closed economy, autonomous demand A (investment, government, net exports) and class-specific
propensities to consume out of wages (c_w) and profits (c_π):

    C = c̄(ω)·Y,   c̄(ω) = c_w·ω + c_π·(1-ω),   Y = A / (1 - c̄(ω)).

A shock to the wage share Δω (GDP points: Δω = -ω0·θ·TD) changes the multiplier itself, so
the exact effect is ΔY/Y = (1 - c̄0)/(1 - c̄1) - 1; the linearised one is
(c_w - c_π)·Δω/(1 - c̄0). With c_w > c_π a fall in the wage share lowers demand: the sign
is negative, never the seed's positive +32%. These are mechanical upper bounds: no
re-employment, prices, investment, fiscal or trade response.
"""

from __future__ import annotations

from . import CalibrationError

SEED_MULTIPLIER_C = 0.7  # the seed's exogenous c in 1/(1-c), contradicting its own MPCs


def effects(d_omega: float, *, omega0: float, c_w: float, c_pi: float) -> dict:
    for name, v in (("c_w", c_w), ("c_pi", c_pi)):
        if not 0 <= v < 1:
            raise CalibrationError(f"Kaleckian: the propensity to consume {name} must be in [0, 1), got {v}")
    omega1 = omega0 + d_omega
    if not 0 < omega0 < 1 or not 0 <= omega1 <= 1:
        raise CalibrationError(
            f"Kaleckian: the wage share must stay in [0, 1]; omega0={omega0}, omega0 + d_omega={omega1}"
        )
    cbar0 = c_w * omega0 + c_pi * (1 - omega0)
    cbar1 = c_w * omega1 + c_pi * (1 - omega1)
    y_ratio = (1 - cbar0) / (1 - cbar1)  # Y1 / Y0 with A fixed
    return dict(
        d_omega=d_omega,
        omega0=omega0,
        omega1=omega1,
        c_w=c_w,
        c_pi=c_pi,
        cbar0=cbar0,
        cbar1=cbar1,
        multiplier0=1 / (1 - cbar0),
        multiplier1=1 / (1 - cbar1),
        exact=y_ratio - 1,
        linear=(c_w - c_pi) * d_omega / (1 - cbar0),
        impact_consumption_to_y=(c_w - c_pi) * d_omega,  # ΔC/Y before output adjusts
        d_consumption_to_y0=cbar1 * y_ratio - cbar0,  # ΔC / Y0 in equilibrium
        d_consumption_to_c0=cbar1 * y_ratio / cbar0 - 1,  # ΔC / C0
        legacy_formula_sign_fixed=(c_w - c_pi) * d_omega / (1 - SEED_MULTIPLIER_C),
    )
