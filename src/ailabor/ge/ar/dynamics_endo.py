"""Endogenous technology dynamics in the theta -> 0, S -> 0 limit (spec §3B.6, §7.2) and the
welfare integral (spec §3C).

In this limit the rental rate is fixed at r = rho + delta, capital adjusts at once (the economy is
always at the long-run static equilibrium of its gap n), and n is the only state. The scientist
allocation is bang-bang toward n_D (the g -> 0 root of :func:`.bgp_endo.n_D`):
dn/dt = +kappa_N S while n < n_D (S_N = S), -kappa_I S while n > n_D (S_I = S), then the interior
split S_I = kappa_N S/(kappa_I + kappa_N) keeps n = n_D and both frontiers grow at
kappa_I kappa_N S/(kappa_I + kappa_N): g = A kappa_I kappa_N S/(kappa_I + kappa_N) (Prop. 4).
``p.theta`` is not used by the technology path (theta -> 0); the welfare integral uses it.

Consistency check: V_I(t), V_N(t) by quadrature along the candidate path (discount rho, (21)-(22)),
with W(tau)/gamma(I(t)) = w^LR(n(tau)) e^{A(I(tau)-I(t))} and Y(tau)/Y(t) from the long-run block;
the sign of kappa_I V_I - kappa_N V_N must match the regime.

Welfare: U = int e^{-rho t} (C^{1-theta} - 1)/(1-theta) dt with C = F - delta K - dK/dt along the
path (F net output, K = k(n) gamma(I)), plus the BGP tail after the last date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import integrate
from scipy.interpolate import CubicSpline

from .bgp_endo import n_D
from .costs import ln_profit_index
from .errors import ModelError
from .longrun import longrun_eq, nbar
from .params import Params


class LongRunTable:
    """Long-run (r = R) normalised quantities as functions of n: ln w (= W/gamma(I)), ln y, ln k,
    ln f (net output), labour share, employment; exact below n-bar (the n-bar allocation shifted),
    cubic splines above it."""

    def __init__(self, p: Params, R: float, n_lo: float, n_hi: float, m: int = 80):
        self.p, self.R = p, R
        self.nb = nbar(p, R)
        lo = max(n_lo, self.nb) if self.nb is not None else n_lo
        n_hi = min(n_hi, 1 - 1e-6)  # n = 1 has no capital (k = 0)
        grid = np.linspace(lo, n_hi, m) if n_hi > lo else np.array([lo, lo + 1e-6])
        rows = [self._exact(n) for n in grid]
        self.lo = grid[0]
        self.base = rows[0]
        self.spl = {q: CubicSpline(grid, [r[q] for r in rows]) for q in rows[0]}

    def _exact(self, n: float) -> dict:
        eq = longrun_eq(self.p, float(n), self.R)
        return dict(
            lnw=math.log(eq.W),
            lny=math.log(eq.Y),
            lnk=math.log(eq.K),
            lnf=math.log(eq.net_output),
            labour_share=eq.labour_share,
            L=eq.L,
        )

    def __call__(self, q: str, n):
        n = np.asarray(n, dtype=float)
        val = self.spl[q](np.maximum(n, self.lo))
        if self.nb is not None and q.startswith("ln") and q != "lnL":
            val = val - self.p.A * np.maximum(self.lo - n, 0.0)  # below n-bar: the n-bar allocation, shifted
        return val

    def deriv(self, q: str, n):
        n = np.asarray(n, dtype=float)
        d = self.spl[q](np.maximum(n, self.lo), 1)
        return np.where(n < self.lo, self.p.A if q.startswith("ln") else 0.0, d)


@dataclass
class TechPath:
    """Technology path from n(0) = n0, I(0) = I0 with piecewise-constant S_I: segment j starts at
    ``starts[j]`` and has S_I = ``S_I[j]``; dI/dt = kappa_I S_I, dN/dt = kappa_N (S - S_I)."""

    p: Params
    n0: float
    starts: np.ndarray
    S_I: np.ndarray
    I0: float = 0.0

    def __post_init__(self):
        p = self.p
        self.starts = np.asarray(self.starts, dtype=float)
        self.S_I = np.asarray(self.S_I, dtype=float)
        if np.any(self.S_I < -1e-15) or np.any(self.S_I > p.S + 1e-15):
            raise ModelError(f"A-R: scientists on automation must be in [0, S = {p.S}], got {self.S_I}")
        self.dI = p.kappa_I * self.S_I
        self.dN = p.kappa_N * (p.S - self.S_I)
        ends = np.append(self.starts[1:], np.inf)
        span = np.minimum(ends, 1e300) - self.starts
        span[-1] = 0.0
        self.I_at = self.I0 + np.concatenate([[0.0], np.cumsum(self.dI * span)[:-1]])
        self.N_at = self.I0 + self.n0 + np.concatenate([[0.0], np.cumsum(self.dN * span)[:-1]])

    def state(self, t):
        """(n, I, N, S_I, segment) at times t."""
        t = np.asarray(t, dtype=float)
        j = np.searchsorted(self.starts, t, side="right") - 1
        j = np.clip(j, 0, len(self.starts) - 1)
        s = t - self.starts[j]
        I = self.I_at[j] + self.dI[j] * s
        N = self.N_at[j] + self.dN[j] * s
        return N - I, I, N, self.S_I[j], j

    @property
    def g_tail(self) -> float:
        """Growth of gamma(I) on the last segment."""
        return self.p.A * self.dI[-1]


def interior_split(p: Params) -> float:
    """S_I on the BGP: kappa_N S/(kappa_I + kappa_N)."""
    return p.kappa_N * p.S / (p.kappa_I + p.kappa_N)


def equilibrium_path(p: Params, n0: float) -> tuple[TechPath, float]:
    """The theta -> 0, S -> 0 equilibrium technology path from n0 and n_D (g -> 0 values)."""
    if p.S <= 0:
        raise ModelError("A-R: technology dynamics need S > 0 scientists")
    res = n_D(p, p.kappa_I / p.kappa_N, 0.0)
    if res.n_D is None:
        raise ModelError(f"A-R: no interior n_D at q = kappa_I/kappa_N = {p.kappa_I / p.kappa_N:.6g}: {res.reason}")
    nd = res.n_D
    if n0 < nd:
        t1 = (nd - n0) / (p.kappa_N * p.S)
        return TechPath(p, n0, [0.0, t1], [0.0, interior_split(p)]), nd
    if n0 > nd:
        t1 = (n0 - nd) / (p.kappa_I * p.S)
        return TechPath(p, n0, [0.0, t1], [p.S, interior_split(p)]), nd
    return TechPath(p, n0, [0.0], [interior_split(p)]), nd


def path_table(p: Params, tp: TechPath, t, table: LongRunTable | None = None) -> pd.DataFrame:
    """Columns: t, n, I, N, S_I, S_N, g (= A dI/dt), regime, w, lnW, labour_share, employment, k, y,
    and levels K, Y, F (net output), C = F - delta K - dK/dt (capital adjusts with r = rho + delta)."""
    t = np.asarray(t, dtype=float)
    R = p.rho + p.delta
    n, I, N, S_I, j = tp.state(t)
    if table is None:
        table = LongRunTable(p, R, float(n.min()) - 1e-3, min(1.0, float(n.max()) + 1e-3))
    ndot = tp.dN[j] - tp.dI[j]
    gI = tp.dI[j]
    G = np.exp(p.A * I)
    K = np.exp(table("lnk", n)) * G
    Kdot = K * (table.deriv("lnk", n) * ndot + p.A * gI)
    F = np.exp(table("lnf", n)) * G
    regime = np.where(ndot > 1e-15, "new_tasks", np.where(ndot < -1e-15, "automation", "interior"))
    return pd.DataFrame(
        dict(
            t=t,
            n=n,
            I=I,
            N=N,
            S_I=S_I,
            S_N=p.S - S_I,
            g=p.A * gI,
            regime=regime,
            w=np.exp(table("lnw", n)),
            lnW=table("lnw", n) + p.A * I,
            labour_share=table("labour_share", n),
            employment=table("L", n),
            k=np.exp(table("lnk", n)),
            y=np.exp(table("lny", n)),
            K=K,
            Y=np.exp(table("lny", n)) * G,
            F=F,
            C=F - p.delta * K - Kdot,
        )
    )


def technology_path(p: Params, n0: float, T: float = 400.0, dt: float = 0.5) -> pd.DataFrame:
    """The equilibrium path (:func:`equilibrium_path`) on 0..T; attrs: n_D, g_bgp, t_switch."""
    tp, nd = equilibrium_path(p, n0)
    t = np.arange(0.0, T + 1e-9, dt)
    df = path_table(p, tp, t)
    df.attrs.update(n_D=nd, g_bgp=tp.g_tail, t_switch=float(tp.starts[-1]))
    return df


def value_check(p: Params, tp: TechPath, times, table: LongRunTable | None = None) -> pd.DataFrame:
    """kappa_I V_I(t) and kappa_N V_N(t) (normalised by Y(t), per unit 1-mu) by quadrature along the
    path; ``consistent`` says whether the sign of their difference supports the regime at t."""
    R = p.rho + p.delta
    lnR = math.log(R)
    times = np.asarray(times, dtype=float)
    if p.rho <= tp.g_tail:
        raise ModelError(f"A-R: values diverge: rho = {p.rho} <= BGP growth {tp.g_tail:.4g}")
    if table is None:
        n_all = tp.state(np.linspace(0, float(tp.starts[-1]) + 1, 200))[0]
        table = LongRunTable(p, R, float(n_all.min()) - 1e-3, min(1.0, float(n_all.max()) + 1e-3))
    pts = list(tp.starts[1:])
    rows = []
    for t in times:
        n_t, I_t, N_t, _, _ = tp.state(t)
        lny_t = float(table("lny", n_t))

        # the loop's values are bound as defaults: integrand is only integrated within this iteration
        def integrand(tau, which, t=t, I_t=I_t, N_t=N_t, lny_t=lny_t):
            n, I, _, _, _ = tp.state(tau)
            lnw = float(table("lnw", n))
            lnY = float(table("lny", n)) + p.A * (I - I_t) - lny_t
            disc = -p.rho * (tau - t) + lnY
            if which == "I":
                lx = lnw + p.A * (I - I_t)
                return math.exp(disc + float(ln_profit_index(p, min(lnR, lx)))) - math.exp(
                    disc + float(ln_profit_index(p, lx))
                )
            lx = lnw + p.A * (I - N_t)
            return math.exp(disc + float(ln_profit_index(p, lx))) - math.exp(disc + float(ln_profit_index(p, lnR)))

        out = {}
        for which in ("I", "N"):
            brk = [b for b in pts if b > t]
            edges = [t, *brk]
            total = 0.0
            for a, b in zip(edges[:-1], edges[1:]):
                total += integrate.quad(integrand, a, b, args=(which,), limit=200, epsabs=1e-12, epsrel=1e-10)[0]
            total += integrate.quad(integrand, edges[-1], np.inf, args=(which,), limit=400, epsabs=1e-12, epsrel=1e-10)[
                0
            ]
            out[which] = total
        diff = p.kappa_I * out["I"] - p.kappa_N * out["N"]
        j = int(np.clip(np.searchsorted(tp.starts, t, side="right") - 1, 0, len(tp.starts) - 1))
        nd_ = tp.dN[j] - tp.dI[j]
        regime = "new_tasks" if nd_ > 1e-15 else ("automation" if nd_ < -1e-15 else "interior")
        scale = max(abs(p.kappa_I * out["I"]), abs(p.kappa_N * out["N"]))
        consistent = (
            diff < 0 if regime == "new_tasks" else (diff > 0 if regime == "automation" else abs(diff) <= 0.05 * scale)
        )
        rows.append(
            dict(
                t=float(t),
                n=float(n_t),
                regime=regime,
                kI_VI=p.kappa_I * out["I"],
                kN_VN=p.kappa_N * out["N"],
                diff=diff,
                rel_diff=diff / scale,
                consistent=bool(consistent),
            )
        )
    return pd.DataFrame(rows)


def utility(p: Params, C):
    """Period utility (C^{1-theta} - 1)/(1-theta), ln C at theta = 1."""
    C = np.asarray(C, dtype=float)
    if np.any(C <= 0):
        raise ModelError("A-R: consumption must be positive for the welfare integral")
    if abs(p.theta - 1) < 1e-12:
        return np.log(C)
    return (C ** (1 - p.theta) - 1) / (1 - p.theta)


def welfare(p: Params, path: pd.DataFrame, g_tail: float) -> float:
    """U = int_0^inf e^{-rho t} u(C(t)) dt: Simpson on the path's dates, then the BGP tail with C
    growing at g_tail after the last date (needs rho > (1-theta) g_tail)."""
    t = path["t"].to_numpy()
    C = path["C"].to_numpy()
    body = integrate.simpson(np.exp(-p.rho * t) * utility(p, C), x=t)
    T, CT = t[-1], C[-1]
    lam = p.rho - (1 - p.theta) * g_tail
    if lam <= 0:
        raise ModelError(f"A-R: welfare diverges: rho = {p.rho} <= (1-theta) g = {(1 - p.theta) * g_tail:.4g}")
    if abs(p.theta - 1) < 1e-12:
        tail = math.exp(-p.rho * T) * (math.log(CT) / p.rho + g_tail / p.rho**2)
    else:
        tail = math.exp(-p.rho * T) * (CT ** (1 - p.theta) / ((1 - p.theta) * lam) - 1 / ((1 - p.theta) * p.rho))
    return float(body + tail)


def prop6_experiment(p: Params, eps: float, tau: float, T: float = 600.0, dt: float = 0.25) -> dict:
    """Proposition 6 perturbation from the decentralised BGP at n_D: move eps scientists from
    automation to new tasks on [0, tau] (S_N = S_N^D + eps), then keep the interior split (n stays
    higher; eps < 0 moves scientists toward automation instead). Returns U for both paths, n_D and the
    perturbed long-run n (spec §3C, §8 item 18)."""
    res = n_D(p, p.kappa_I / p.kappa_N, 0.0)
    if res.n_D is None:
        raise ModelError(f"A-R: Proposition 6 needs an interior n_D: {res.reason}")
    nd = res.n_D
    sI = interior_split(p)
    if eps == 0 or not -(p.S - sI) <= eps <= sI:
        raise ModelError(
            f"A-R: eps must be nonzero and in [-(S - S_I^D), S_I^D] = [{sI - p.S:.4g}, {sI:.4g}], got {eps}"
        )
    dec = TechPath(p, nd, [0.0], [sI])
    pert = TechPath(p, nd, [0.0, tau], [sI - eps, sI])
    t = np.arange(0.0, T + 1e-9, dt)
    n_hi = float(pert.state(tau)[0])
    if not 0 < n_hi < 1:
        raise ModelError(f"A-R: the perturbation moves n to {n_hi:.6g}, outside (0, 1): reduce eps or tau")
    table = LongRunTable(p, p.rho + p.delta, nd - 1e-3, min(1.0, n_hi + 1e-3))
    U_d = welfare(p, path_table(p, dec, t, table), dec.g_tail)
    U_p = welfare(p, path_table(p, pert, t, table), pert.g_tail)
    return dict(U_decentralised=U_d, U_perturbed=U_p, n_D=nd, n_perturbed=n_hi, g=dec.g_tail)
