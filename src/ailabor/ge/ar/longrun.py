"""Long run with the rental rate fixed at R (spec §3A.3, §3A.5, §6.3).

Normalise by gamma(I) (I = 0, N = n; gamma(i) = e^{Ai} is shift-invariant). The long-run
wage w^LR(n, R) solves (18):

    (1-n) c^u(R)^{1-sigma} + int_0^n c^u(w e^{-Aj})^{1-sigma} dj = 1

and does not depend on L^s. Thresholds [D]: n-bar solves w^LR(n-bar) = R (below it the
economy does not adopt all automatable tasks, I* = I-tilde < I, and the allocation is that of
n-bar); n-tilde solves w^LR(n) e^{-An} = R; rho-bar = R-bar - delta - theta g, R-bar = (c^u)^{-1}(1).

Conventions for Figure A2: ``w_I(n)`` is the unit labour cost in the least complex *labour*
task and ``w_N(n)`` = W/gamma(N): for rho > rho-bar both are flat below n-bar (the allocation of
n-bar), for rho <= rho-bar (no n-bar) they are the literal solution of (18), decreasing in n.
``wage_LR`` is W/gamma(I) with the min rule (R e^{-A(n-bar - n)} below n-bar), the object the
value functions of spec §3B.2 need.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import optimize

from .costs import lncu, pow_diff, share_ln
from .errors import ModelError
from .params import Params
from .static import XTOL, Ratio, StaticEq, assemble, log_price_index, shares
from .tasks import gl


def rhobar(p: Params, g: float = 0.0) -> float:
    """rho-bar = R-bar - delta - theta g (eq. A8): above it an interior n-bar exists (unless capital is never used)."""
    return p.rhobar(g)


def _pi_resid(p: Params, n: float, lnR: float, lnw: float) -> float:
    nodes, w = gl(0.0, n)
    return log_price_index(p, 1 - n, lnR, nodes, w, lnw)


def w_LR(p: Params, n: float, R: float) -> float:
    """The long-run normalised wage W/gamma(I) of (18), with I* = I (n in (0, 1])."""
    if not 0 < n <= 1:
        raise ModelError(f"A-R: the technology gap n = N - I must be in (0, 1], got {n}")
    lnR = math.log(R)

    def f(lnw):
        return _pi_resid(p, n, lnR, lnw)

    lo, hi = lnR - 5.0, lnR + 5.0
    k = 0
    while f(lo) > 0:
        lo, k = lo - 5.0 * 2**k, k + 1
        if k > 8:
            raise ModelError(
                f"A-R: no long-run wage at n = {n}, R = {R}: capital tasks alone push the price index above 1 "
                f"(c^u(R) = {math.exp(float(lncu(p, lnR))):.6g}, 1-n = {1 - n:.4g})"
            )
    k = 0
    while f(hi) < 0:
        hi, k = hi + 5.0 * 2**k, k + 1
        if k > 8:
            raise ModelError(f"A-R: no long-run wage at n = {n}, R = {R}: the price index stays below 1")
    return math.exp(optimize.brentq(f, lo, hi, xtol=XTOL))


def _nbar_resid(p: Params, n: float, R: float) -> float:
    """ln P at w = R: + when capital is cheaper than the least complex labour task."""
    lnR = math.log(R)
    if n <= 0:
        return float(lncu(p, lnR))
    return _pi_resid(p, n, lnR, lnR)


def regime(p: Params, R: float) -> str:
    """'interior' (an n-bar in (0,1) exists: rho > rho-bar), 'AK' (R <= R-bar: capital alone is
    cheaper than the output price, rho <= rho-bar), or 'no_capital' (capital is never adopted in
    the long run: w^LR(1) < R)."""
    if _nbar_resid(p, 0.0, R) <= 0:
        return "AK"
    if _nbar_resid(p, 1.0, R) > 0:
        return "no_capital"
    return "interior"


@lru_cache(maxsize=512)
def nbar(p: Params, R: float) -> float | None:
    """n-bar(R): w^LR(n-bar) = R, or None when there is no interior threshold (see :func:`regime`)."""
    if regime(p, R) != "interior":
        return None
    return optimize.brentq(lambda n: _nbar_resid(p, n, R), 1e-12, 1.0, xtol=1e-14)


def ntilde(p: Params, R: float) -> float | None:
    """n-tilde(R): w^LR(n) e^{-An} = R (relevant when rho <= rho-bar), or None if no root in (0, 1)."""

    def f(n):
        return math.log(w_LR(p, n, R)) - p.A * n - math.log(R)

    lo = 1e-6
    try:
        flo, fhi = f(lo), f(1.0)
    except ModelError:
        return None
    if flo * fhi > 0:
        return None
    return optimize.brentq(f, lo, 1.0, xtol=1e-14)


def wage_LR(p: Params, n: float, R: float) -> float:
    """W/gamma(I) in the long-run equilibrium with the min rule (see the module docstring)."""
    nb = nbar(p, R)
    if nb is not None and n < nb:
        return R * math.exp(-p.A * (nb - n))
    return w_LR(p, n, R)


def w_I(p: Params, n: float, R: float) -> float:
    """Unit labour cost in the least complex labour task (flat below n-bar when rho > rho-bar)."""
    nb = nbar(p, R)
    return w_LR(p, max(n, nb) if nb is not None else n, R)


def w_N(p: Params, n: float, R: float) -> float:
    """W/gamma(N) in the long run."""
    return wage_LR(p, n, R) * math.exp(-p.A * n)


def longrun_eq(p: Params, n: float, R: float, I: float = 0.0) -> StaticEq:
    """The long-run equilibrium in levels at I, N = I + n with r = R and K adjusting (capital from
    (7) and the labour market; spec §6.3); I* follows the min rule."""
    nb = nbar(p, R)
    N = I + n
    if nb is not None and n < nb:
        I_star = N - nb
        lnW = math.log(R) + p.A * I_star
    else:
        I_star = I
        lnW = math.log(w_LR(p, n, R)) + p.A * I
    lnr = math.log(R)
    aK, aL, inter = shares(p, I_star, N, lnW, lnr)
    R_ = Ratio(lnW - lnr, I_star, I_star - N + 1, lnr, lnW, aK, aL, inter)
    return assemble(p, I, N, R_, K=None)


def longrun_dlnW_dI(p: Params, n: float, R: float) -> float:
    """Spec §3A.5: d ln W/dI at fixed N and r = R, [c(x_I)^{1-sigma} - c(R)^{1-sigma}]/((1-sigma) WL/Y),
    with x_I = W/gamma(I) (>= 0 when automation is cost-saving, x_I >= R)."""
    eq = longrun_eq(p, n, R)
    if not eq.constrained:
        return 0.0
    x_I = eq.W / math.exp(p.A * eq.I_star)
    return float(pow_diff(lncu(p, math.log(x_I)), lncu(p, math.log(R)), p.sigma)) / eq.labour_share_gross


def longrun_employment(p: Params, n: float, R: float) -> float:
    """Long-run employment: omega L^s(omega) = s_L/s_K (spec §6.2)."""
    return longrun_eq(p, n, R).L


def _wage_density(p: Params, lnW: float, i):
    lnx = lnW - p.A * np.asarray(i, dtype=float)
    lnc = lncu(p, lnx)
    return np.exp((1 - p.sigma) * lnc) * share_ln(p, lnx, lnc)


def wage_bill_share(p: Params, n: float, dI: float, R: float) -> float:
    """Share of the initial long-run wage bill (I = 0, N = n, r = R) earned in tasks [0, dI]:
    the displacement share D of spec §6.2 for any eta, zeta (D = 1 - Gamma(dI, n)/Gamma(0, n) at eta = 0)."""
    if dI < 0:
        raise ModelError(f"A-R: the automated range dI must be >= 0, got {dI}")
    eq = longrun_eq(p, n, R)
    lo = eq.I_star
    hi = min(max(dI, lo), n)
    lnW = math.log(eq.W)
    nodes, w = gl(lo, n)
    total = float(np.dot(w, _wage_density(p, lnW, nodes)))
    nodes, w = gl(lo, hi)
    part = float(np.dot(w, _wage_density(p, lnW, nodes))) if hi > lo else 0.0
    return part / total


def dI_for_displacement(p: Params, n: float, D: float, R: float) -> float:
    """The automation step dI whose tasks [0, dI] earn a share D of the initial wage bill."""
    if not 0 <= D < 1:
        raise ModelError(
            f"A-R: the displacement share D must be in [0, 1), got {D}: automating the whole labour range "
            f"[0, n = {n}] displaces at most a share just below 1 of the wage bill"
        )
    if D == 0:
        return 0.0
    lo = longrun_eq(p, n, R).I_star
    return optimize.brentq(lambda d: wage_bill_share(p, n, d, R) - D, lo, n, xtol=1e-14)


def wage_threshold_table(p: Params, g: float, n_grid) -> pd.DataFrame:
    """Figure A2 data: w_I(n), w_N(n) and R* on a grid of n (attrs: n_bar, n_tilde, regime)."""
    R = p.R_star(g)
    rows = [dict(n=n, w_I=w_I(p, n, R), w_N=w_N(p, n, R), R=R) for n in n_grid]
    df = pd.DataFrame(rows)
    df.attrs.update(n_bar=nbar(p, R), n_tilde=ntilde(p, R), regime=regime(p, R), g=g, rho=p.rho, rhobar=p.rhobar(g))
    return df
