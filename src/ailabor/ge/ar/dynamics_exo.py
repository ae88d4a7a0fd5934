"""Dynamics with exogenous technology (spec §3A): normalised static block, steady states and
the balanced growth path, and the transition after a one-time jump in automation (Figure 6).

Normalise by gamma(I(t)) = e^{A I(t)}: k = K/gamma(I), c = C/gamma(I), w = W/gamma(I). The
normalised static block is the static model at I = 0, N = n, K = k (with the min rule for I*,
spec §3A.1 and §8 item 22), giving y^E, w^E, r^E and net output
f^E = y^E (1 - mu * intermediate share). With g = A dI/dt:

    dc/c = (r^E - delta - rho)/theta - g        (13)
    dk   = f^E - c - (delta + g) k              (15)

The BGP has r = R* = rho + delta + theta g and k = k*(n) with r^E(n, k*) = R*.

Transition (spec §3A.7): I jumps by dI at t = 0 with K predetermined, so k(0) = k*(n0) e^{-A dI};
afterwards n = n1 = n0 - dI and both frontiers grow at g/A. The two-point BVP in (ln k, ln c)
with k(0) given and k(T) = k*(n1) is solved with ``solve_bvp``; r^E and f^E come from cubic
splines on a ln k grid built from the exact x = ln(W/r) parametrisation (each grid point needs
one price-index root), split at the kink where I* reaches I. The wage relative to the
pre-shock trend is ln w(t) + A dI - ln w*(n0).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import integrate, optimize
from scipy.interpolate import CubicSpline

from .errors import ModelError
from .longrun import longrun_eq
from .params import Params
from .static import ratio_solution, solve_static


def block(p: Params, n: float, k: float) -> dict:
    """The normalised static block (n, k) -> y, w, r, f, I*_norm (= I* - I <= 0) and shares."""
    eq = solve_static(p, 0.0, n, k)
    return dict(
        y=eq.Y,
        w=eq.W,
        r=eq.r,
        f=eq.net_output,
        I_star_norm=eq.I_star,
        labour_share=eq.labour_share,
        labour_share_gross=eq.labour_share_gross,
        L=eq.L,
        eq=eq,
    )


def steady_state(p: Params, n: float, g: float) -> dict:
    """k*(n) with r^E(n, k*) = R* = rho + delta + theta g, c* = f^E - (delta + g) k*, and the block there."""
    R = p.R_star(g)
    eq = longrun_eq(p, n, R)
    c = eq.net_output - (p.delta + g) * eq.K
    if c <= 0:
        raise ModelError(
            f"A-R: no steady state with positive consumption at n = {n}, g = {g} (c* = {c:.4g}): "
            "net output does not cover the investment needed to keep k at k*"
        )
    return dict(
        k=eq.K,
        c=c,
        y=eq.Y,
        w=eq.W,
        r=eq.r,
        f=eq.net_output,
        I_star_norm=eq.I_star,
        labour_share=eq.labour_share,
        labour_share_gross=eq.labour_share_gross,
        L=eq.L,
        eq=eq,
    )


def bgp_levels(p: Params, n: float, g: float, t, I0: float = 0.0) -> pd.DataFrame:
    """The BGP in levels (spec §3A.3): I(t) = I0 + (g/A) t, N = I + n, K = k* gamma(I), C = c* gamma(I);
    W, r, Y from the static solver in levels at each date."""
    ss = steady_state(p, n, g)
    rows = []
    for tt in np.asarray(t, dtype=float):
        I = I0 + g / p.A * tt
        K = ss["k"] * math.exp(p.A * I)
        eq = solve_static(p, I, I + n, K)
        rows.append(
            dict(
                t=tt,
                I=I,
                N=I + n,
                K=K,
                Y=eq.Y,
                C=ss["c"] * math.exp(p.A * I),
                W=eq.W,
                r=eq.r,
                labour_share=eq.labour_share,
            )
        )
    return pd.DataFrame(rows)


class BlockSpline:
    """r^E, f^E, w^E, y^E, shares and I*_norm as functions of ln k at fixed n (piecewise cubic,
    one piece on each side of the kink x = A I where I* reaches I)."""

    QUANT = ("lnr", "lnf", "lnw", "lny", "labour_share", "labour_share_gross", "I_star_norm", "lnL")

    def __init__(self, p: Params, n: float, lnk_lo: float, lnk_hi: float, m: int = 120):
        self.p, self.n = p, n
        x_lo = solve_static(p, 0.0, n, math.exp(lnk_lo)).x
        x_hi = solve_static(p, 0.0, n, math.exp(lnk_hi)).x
        segs = (
            [np.linspace(x_lo, 0.0, m), np.linspace(0.0, x_hi, m)] if x_lo < 0 < x_hi else [np.linspace(x_lo, x_hi, m)]
        )
        self.pieces = []
        for xs in segs:
            rows = [self._point(x) for x in xs]
            lnk = np.array([r["lnk"] for r in rows])
            if np.any(np.diff(lnk) <= 0):
                raise ModelError("A-R: ln k is not increasing in ln(W/r) on the spline grid")
            self.pieces.append((lnk[0], lnk[-1], {q: CubicSpline(lnk, [r[q] for r in rows]) for q in self.QUANT}))
        self.kink = self.pieces[0][1] if len(self.pieces) == 2 else None

    def _point(self, x: float) -> dict:
        p = self.p
        R = ratio_solution(p, 0.0, self.n, x)
        base = x + math.log(R.alpha_K / R.alpha_L)
        if not p.elastic:
            lnk = base + math.log(p.L_bar)
        else:
            lnk = optimize.brentq(
                lambda lk: lk - base - math.log(p.Ls(math.exp(x - lk))), base - 20, base + 20, xtol=1e-14
            )
        lny = lnk + R.lnr - math.log(R.alpha_K)
        return dict(
            lnk=lnk,
            lnr=R.lnr,
            lnw=R.lnW,
            lny=lny,
            lnf=lny + math.log(1 - p.mu * R.inter),
            labour_share=R.alpha_L / (R.alpha_L + R.alpha_K),
            labour_share_gross=R.alpha_L,
            I_star_norm=R.I_star,
            lnL=lny + math.log(R.alpha_L) - R.lnW,
        )

    def __call__(self, q: str, lnk):
        lnk = np.asarray(lnk, dtype=float)
        if self.kink is None:
            return self.pieces[0][2][q](lnk)
        return np.where(lnk <= self.kink, self.pieces[0][2][q](lnk), self.pieces[1][2][q](lnk))


def transition(p: Params, n0: float, dI: float, g: float, T: float = 350.0, t_report=None) -> tuple[pd.DataFrame, dict]:
    """Transition after I jumps by dI at t = 0 (N unchanged; then both grow at g/A).

    Returns (path, summary). Path columns: t, lnW_rel (log wage relative to the pre-shock trend),
    W_rel, labour_share (WL/(WL+rK)), labour_share_gross (WL/Y), k, c, y, r, I_star_gap (I - I* >= 0).
    Summary keys: impact_dlnW, lr_dlnW, ls_before, ls_impact, ls_lr, I_star_gap_impact, trough_dlnW,
    trough_year, recovery_year (first t with lnW_rel >= 0; inf if never), converged, bc_residual,
    n0, n1, dI, g, T."""
    if p.theta <= 0:
        raise ModelError("A-R: the transition needs theta > 0 (with theta = 0 capital jumps to k* at once)")
    if p.rho <= (1 - p.theta) * g:
        raise ModelError(f"A-R: the transversality condition (14) needs rho > (1-theta) g, got rho={p.rho}, g={g}")
    if dI < 0:
        raise ModelError(f"A-R: the transition is for a jump in automation, dI >= 0, got dI={dI}")
    n1 = n0 - dI
    if not 0 < n1 <= 1 or not 0 < n0 <= 1:
        raise ModelError(f"A-R: the technology gaps must be in (0, 1], got n0={n0}, n1={n1}")
    ss0, ss1 = steady_state(p, n0, g), steady_state(p, n1, g)
    k0 = ss0["k"] * math.exp(-p.A * dI)
    u0, us, vs = math.log(k0), math.log(ss1["k"]), math.log(ss1["c"])
    sp = BlockSpline(p, n1, min(u0, us) - 0.7, max(u0, us) + 0.7)
    d, rho, th = p.delta, p.rho, p.theta

    def fun(t, Y):
        u, v = Y
        return np.vstack([np.exp(sp("lnf", u) - u) - np.exp(v - u) - d - g, (np.exp(sp("lnr", u)) - d - rho) / th - g])

    sol, bc_res = saddle_path(fun, u0, us, vs, T, where=f" at n = {n1}")
    converged = bool(sol.status == 0 and bc_res < 1e-8)

    lnw0 = math.log(ss0["w"])
    if t_report is None:
        t_report = np.arange(0.0, 100.0 + 1e-9, 0.25)
    t_report = np.asarray(t_report, dtype=float)
    if t_report.max() > T:
        raise ModelError(f"A-R: report times beyond the horizon T = {T}")
    u, v = sol.sol(t_report)
    lnW_rel = sp("lnw", u) + p.A * dI - lnw0
    path = pd.DataFrame(
        dict(
            t=t_report,
            lnW_rel=lnW_rel,
            W_rel=np.exp(lnW_rel),
            labour_share=sp("labour_share", u),
            labour_share_gross=sp("labour_share_gross", u),
            k=np.exp(u),
            c=np.exp(v),
            y=np.exp(sp("lny", u)),
            r=np.exp(sp("lnr", u)),
            I_star_gap=np.maximum(-sp("I_star_norm", u), 0.0),
        )
    )

    def lnW_rel_at(t):
        return float(sp("lnw", sol.sol(t)[0]) + p.A * dI - lnw0)

    fine = np.linspace(0.0, min(T, 200.0), 4001)
    lw = sp("lnw", sol.sol(fine)[0]) + p.A * dI - lnw0
    jmin = int(np.argmin(lw))
    recovery = recovery_date(fine, lw, lnW_rel_at)
    imp = solve_static(p, 0.0, n1, k0)
    summary = dict(
        impact_dlnW=math.log(imp.W) + p.A * dI - lnw0,
        lr_dlnW=math.log(ss1["w"]) + p.A * dI - lnw0,
        ls_before=ss0["labour_share"],
        ls_impact=imp.labour_share,
        ls_lr=ss1["labour_share"],
        I_star_gap_impact=max(-imp.I_star, 0.0),
        trough_dlnW=float(lw[jmin]),
        trough_year=float(fine[jmin]),
        recovery_year=recovery,
        converged=converged,
        bc_residual=bc_res,
        n0=n0,
        n1=n1,
        dI=dI,
        g=g,
        T=T,
    )
    return path, summary


__all__ = ["BlockSpline", "block", "bgp_levels", "steady_state", "transition"]


def saddle_path(fun, u0: float, us: float, vs: float, T: float, where: str = "", fun_jac=None):
    """Solve the (ln k, ln c) saddle path from ln k(0) = u0 to the steady state (us, vs) with
    ``solve_bvp``, starting from the linearised stable manifold at the steady state; returns
    (solution, boundary residual). Shared by the exogenous-technology transition and the AI-band
    scenarios (:mod:`.ai_band`). ``fun_jac``: the Jacobian of ``fun`` in (ln k, ln c), shape
    (2, 2, m), if known (otherwise solve_bvp differences ``fun``)."""
    eps = 1e-6
    J = np.column_stack(
        [
            (
                fun(0, np.array([[us + eps * (j == 0)], [vs + eps * (j == 1)]]))
                - fun(0, np.array([[us - eps * (j == 0)], [vs - eps * (j == 1)]]))
            )[:, 0]
            / (2 * eps)
            for j in range(2)
        ]
    )
    lam, vec = np.linalg.eig(J)
    stable = np.real(lam) < 0
    if stable.sum() != 1:
        raise ModelError(f"A-R: the steady state{where} is not a saddle (eigenvalues {lam})")
    j = int(np.argmax(stable))
    lam_s, slope = float(np.real(lam[j])), float(np.real(vec[1, j] / vec[0, j]))
    t_mesh = np.unique(np.concatenate([np.linspace(0, 60, 241), np.linspace(60, T, 120)]))
    dev = (u0 - us) * np.exp(lam_s * t_mesh)
    sol = integrate.solve_bvp(
        fun,
        lambda ya, yb: np.array([ya[0] - u0, yb[0] - us]),
        t_mesh,
        np.vstack([us + dev, vs + slope * dev]),
        fun_jac=fun_jac,
        tol=1e-9,
        max_nodes=200000,
    )
    bc_res = max(abs(float(sol.sol(0.0)[0]) - u0), abs(float(sol.sol(T)[0]) - us))
    return sol, bc_res


def recovery_date(fine: np.ndarray, lw: np.ndarray, lnW_rel_at, tol: float = 0.0) -> float:
    """First date at which the wage, relative to its no-shock path (``lw`` on the grid ``fine``;
    ``lnW_rel_at(t)`` in continuous time), is back at zero: 0 if it never fell, inf if it never
    recovers, else the crossing located by brentq inside the first grid interval that reaches it."""
    above = np.nonzero(lw >= -tol)[0]
    if len(above) == 0:
        return math.inf
    if above[0] == 0:
        return 0.0
    return optimize.brentq(lnW_rel_at, fine[above[0] - 1], fine[above[0]], xtol=1e-10)
