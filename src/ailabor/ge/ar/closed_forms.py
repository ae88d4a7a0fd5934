"""Exact wage and share formulas for automation in the A-R task model (spec §6.2).

Valid for eta = 0 (sigma_hat = sigma) or zeta = 1 (sigma_hat = eta + (1-eta) sigma), inelastic L,
N fixed, I0 -> I1 = I0 + dI. Inputs are the aggregate elasticity sigma_hat, the initial labour
share of factor income s_L0 (s_K0 = 1 - s_L0), the initial automated measure m_K0 = I0 - N + 1,
dI and the displacement share D = 1 - Gamma(I1, N)/Gamma(I0, N) (the share of the initial wage
bill earned in the displaced tasks; D = dI/(N - I0) when A -> 0 or sigma_hat = 1).

Short run (K, L fixed):
    dlnY = sh/(sh-1) ln[s_K0 (1 + dI/m_K0)^{1/sh} + s_L0 (1-D)^{1/sh}],
    dlnW = dlnY/sh + ln(1-D)/sh,  dlnr = dlnY/sh + ln(1 + dI/m_K0)/sh.
Long run (r back at R* = rho + delta + theta g):
    s_L1 = s_L0 - dI s_K0/m_K0,  dlnW = [ln(s_L1/s_L0) - ln(1-D)]/(1 - sh).

Validity: every task in [I0, I1] must be cost-saving to automate at the new equilibrium,
x_I1 = W1/gamma(I1) >= r1, i.e. (1-sh)[ln(s_L gamma(I)^{sh-1}/Gamma) - ln(s_K/m_K)] >= 0. When it
fails only [I0, I-tilde_1] is adopted (the unconstrained case); :func:`automation` finds
I-tilde_1 by root-finding and flags it. The heuristic -(sigma-1) D/sigma (a factor-augmenting
formula, not in the paper; spec §6.1) is given for comparison only.
"""

from __future__ import annotations

import math

from .costs import SIGMA1_TOL
from .errors import ModelError
from .tasks import Gamma

# --- the displacement share ---------------------------------------------------------------------


def displacement_share(A: float, sigma_hat: float, I0: float, dI: float, N: float = 1.0) -> float:
    """D = 1 - Gamma(I0 + dI, N)/Gamma(I0, N) with gamma = e^{Ai} (dI/(N-I0) when A(sh-1) = 0)."""
    return 1 - Gamma(I0 + dI, N, A, sigma_hat) / Gamma(I0, N, A, sigma_hat)


def dD_dI(A: float, sigma_hat: float, I: float, N: float = 1.0) -> float:
    """Marginal displacement dD/dI = gamma(I)^{sh-1}/Gamma(I, N)."""
    return math.exp(A * (sigma_hat - 1) * I) / Gamma(I, N, A, sigma_hat)


def _check(sigma_hat: float, s_L0: float, m_K0: float, dI: float, D: float) -> None:
    if abs(sigma_hat - 1) < SIGMA1_TOL:
        raise ModelError(
            "A-R closed forms: the share formulas need sigma_hat != 1; use short_run_sigma1 / long_run_sigma1 (levels)"
        )
    if not 0 < s_L0 < 1 or not 0 < m_K0 < 1 or dI < 0 or not 0 <= D < 1:
        raise ModelError(
            f"A-R closed forms: need 0 < s_L0 < 1, 0 < m_K0 < 1, dI >= 0, 0 <= D < 1; got {s_L0}, {m_K0}, {dI}, {D}"
        )


# --- finite changes -----------------------------------------------------------------------------


def short_run(sigma_hat: float, s_L0: float, m_K0: float, dI: float, D: float) -> dict:
    """Spec §6.2 short run (K and L fixed): dlnY, dlnW, dlnr, s_L1, ds_L, and the displacement and
    productivity terms of dlnW."""
    _check(sigma_hat, s_L0, m_K0, dI, D)
    sh, s_K0 = sigma_hat, 1 - s_L0
    tk = s_K0 * (1 + dI / m_K0) ** (1 / sh)
    tl = s_L0 * (1 - D) ** (1 / sh)
    dlnY = sh / (sh - 1) * math.log(tk + tl)
    disp = math.log1p(-D) / sh
    return dict(
        dlnY=dlnY,
        dlnW=dlnY / sh + disp,
        dlnr=dlnY / sh + math.log1p(dI / m_K0) / sh,
        s_L1=tl / (tk + tl),
        ds_L=tl / (tk + tl) - s_L0,
        displacement=disp,
        productivity=dlnY / sh,
    )


def long_run(sigma_hat: float, s_L0: float, m_K0: float, dI: float, D: float) -> dict:
    """Spec §6.2 long run (r fixed at R*): s_L1 = s_L0 - dI s_K0/m_K0 (exactly linear) and
    dlnW = [ln(s_L1/s_L0) - ln(1-D)]/(1 - sh) (>= 0 when the automation is cost-saving)."""
    _check(sigma_hat, s_L0, m_K0, dI, D)
    s_K0 = 1 - s_L0
    s_L1 = s_L0 - dI * s_K0 / m_K0
    if s_L1 <= 0:
        raise ModelError(f"A-R closed forms: the long-run labour share would be {s_L1:.4g} <= 0 (dI = {dI} too large)")
    return dict(s_L1=s_L1, ds_L=s_L1 - s_L0, dlnW=(math.log(s_L1 / s_L0) - math.log1p(-D)) / (1 - sigma_hat))


def marginal_short_run(sigma_hat: float, s_L: float, m_K: float, dD: float) -> dict:
    """d/dI in the short run, with dD = dD/dI: dlnW = -dD/sh + (s_K/m_K - s_L dD)/(sh(sh-1)),
    ds_L = -(s_L s_K/sh)(dD + 1/m_K)."""
    sh, s_K = sigma_hat, 1 - s_L
    if abs(sh - 1) < SIGMA1_TOL:
        raise ModelError("A-R closed forms: the marginal share formulas need sigma_hat != 1")
    prod = (s_K / m_K - s_L * dD) / (sh * (sh - 1))
    return dict(
        dlnW_dI=-dD / sh + prod, displacement=-dD / sh, productivity=prod, ds_L_dI=-s_L * s_K / sh * (dD + 1 / m_K)
    )


def marginal_long_run(sigma_hat: float, s_L: float, m_K: float, dD: float) -> dict:
    """d/dI in the long run: dlnW = [dD - (s_K/s_L)/m_K]/(1 - sh) >= 0, ds_L = -s_K/m_K."""
    sh, s_K = sigma_hat, 1 - s_L
    if abs(sh - 1) < SIGMA1_TOL:
        raise ModelError("A-R closed forms: the marginal share formulas need sigma_hat != 1")
    return dict(dlnW_dI=(dD - s_K / s_L / m_K) / (1 - sh), ds_L_dI=-s_K / m_K)


# --- sigma_hat = 1 (Cobb-Douglas over tasks, eta = 0), in levels ----------------------------------


def short_run_sigma1(A: float, I: float, N: float, K: float, L: float = 1.0) -> dict:
    """ln Y = m_K ln(K/m_K) + A (N^2 - I^2)/2 + (N-I) ln(L/(N-I)), W = (N-I) Y/L, r = m_K Y/K."""
    m, n = I - N + 1, N - I
    lnY = m * math.log(K / m) + A * (N**2 - I**2) / 2 + n * math.log(L / n)
    Y = math.exp(lnY)
    return dict(Y=Y, W=n * Y / L, r=m * Y / K, s_L=n)


def long_run_sigma1(A: float, I: float, N: float, R: float) -> dict:
    """ln W = [A (N^2 - I^2)/2 - m_K ln R]/(N - I), s_L = N - I."""
    m, n = I - N + 1, N - I
    return dict(W=math.exp((A * (N**2 - I**2) / 2 - m * math.log(R)) / n), s_L=n)


# --- validity and the composite -------------------------------------------------------------------


def cost_saving_gap(sigma_hat: float, s_L: float, m_K: float, A: float, I: float, N: float = 1.0) -> float:
    """ln x_I - ln r at an equilibrium with shares (s_L, 1 - s_L) and automated measure m_K, from
    x_I^{1-sh} = s_L gamma(I)^{sh-1}/Gamma(I, N) and r^{1-sh} = s_K/m_K (>= 0: automating I saves cost)."""
    sh = sigma_hat
    return (math.log(s_L * dD_dI(A, sh, I, N)) - math.log((1 - s_L) / m_K)) / (1 - sh)


def automation(
    sigma_hat: float, s_L0: float, m_K0: float, dI: float, A: float = 0.0, N: float = 1.0, horizon: str = "short"
) -> dict:
    """Finite automation step with the spec §6.2 validity check. If automating all of [I0, I0 + dI]
    is not cost-saving at the new equilibrium, I1 is replaced by I-tilde_1 (x = r at the margin)
    found by brentq, and ``cost_saving`` is False. Returns dlnW, ds_L, s_L1, D (of the adopted
    range), dI_adopted, cost_saving and, in the short run, dlnY and dlnr."""
    if horizon not in ("short", "long"):
        raise ModelError(f"A-R closed forms: horizon must be 'short' or 'long', got {horizon!r}")
    I0 = N - 1 + m_K0
    if cost_saving_gap(sigma_hat, s_L0, m_K0, A, I0, N) < -1e-12:
        raise ModelError(
            f"A-R closed forms: automation is not cost-saving at the initial equilibrium (W/gamma(I0) < r) with "
            f"sigma_hat={sigma_hat}, s_L0={s_L0}, m_K0={m_K0}, A={A}: the initial shares are inconsistent with I* = I0"
        )
    f = short_run if horizon == "short" else long_run

    def at(d):
        return f(sigma_hat, s_L0, m_K0, d, displacement_share(A, sigma_hat, I0, d, N))

    def gap(d):
        out = at(d)
        return cost_saving_gap(sigma_hat, out["s_L1"], m_K0 + d, A, I0 + d, N)

    adopted, ok = dI, True
    if dI > 0 and gap(dI) < 0:
        from scipy import optimize

        ok = False
        adopted = optimize.brentq(gap, 0.0, dI, xtol=1e-15, rtol=1e-14)
    out = at(adopted)
    out.update(
        D=displacement_share(A, sigma_hat, I0, adopted, N), dI=dI, dI_adopted=adopted, cost_saving=ok, horizon=horizon
    )
    return out


# --- heuristics for comparison ---------------------------------------------------------------------


def heuristic(sigma: float, D: float) -> float:
    """The factor-augmenting heuristic -(sigma-1) D/sigma (not an A-R result; spec §6.1)."""
    return -(sigma - 1) * D / sigma


def displacement_only(sigma_hat: float, D: float, exact: bool = True) -> float:
    """The holding-Y displacement effect: ln(1-D)/sh (exact) or -D/sh (linear)."""
    return math.log1p(-D) / sigma_hat if exact else -D / sigma_hat
