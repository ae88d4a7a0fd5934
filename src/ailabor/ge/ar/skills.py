"""Two skill types (spec §4; paper Section 6.1, Proposition 7), exogenous technology.

Capital does tasks [N-1, I*], low-skill labour (I*, M], high-skill labour (M, N], with
gamma_H(i) = e^{A_H i} and a low-skill productivity that rises with the age of a task. The static
system (spec §4.2) is solved with ``scipy.optimize.root`` over (ln W_L, ln W_H, ln r): Y from the
capital market, M from gamma_H(M)/W_H = gamma_L(M, t)/W_L, I-tilde from gamma_L(I-tilde, t)/W_L = 1/r,
and residuals for the price index and the two labour markets. H is inelastic (``H_bar``); L
follows p's quasi-labour supply L^s(W_L/(rK)).

Interpretation of gamma_L (spec §4.4, §8 item 20). The paper writes
gamma_L(i, t) = exp(A_L i + (A_H - A_L) Delta (t - t0(i))) with t0(i) the date task i was introduced.
Taken literally (``gamma_L="introduction_date"``), Delta (t - t0(i)) = N(t) - i on a path with
dN/dt = Delta, the threshold condition forces dM/dt = Delta/2 while the frontiers move at Delta,
so M eventually falls below I and the low-skilled are squeezed out: no BGP with a constant
W_H/W_L exists, contradicting Proposition 7(1). The proof (p. 39) treats Delta (t - t0) as rising
one-for-one with calendar time, so the default here is the BGP-consistent reading
(``gamma_L="calendar"``): gamma_L(i, t) = exp(A_L i + (A_H - A_L) Delta t) with a common reference
date. Then gamma_H/gamma_L depends only on i - Delta t, the economy is shift-invariant along the
BGP (M and I-tilde grow at Delta) and W_H/W_L is constant but depends on n. In the literal
reading, tasks created after the scheduled frontier N_ref + Delta t (e.g. by a jump in N) have age 0;
it requires 2 A_L > A_H for gamma_L to increase in i.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from .costs import SIGMA1_TOL, lncu, share_ln
from .errors import ModelError
from .params import Params
from .static import solve_static
from .tasks import gl

READINGS = ("calendar", "introduction_date")


@dataclass(frozen=True)
class SkillParams:
    A_L: float = 1.5
    A_H: float = 2.0
    Delta: float = 0.008  # dN/dt = dI/dt on the BGP (g = A_H Delta)
    H_bar: float = 0.5  # inelastic high-skill supply

    def __post_init__(self):
        if not 0 < self.A_L < self.A_H:
            raise ModelError(
                f"A-R skills: need 0 < A_L < A_H (gamma_H/gamma_L increasing), got A_L={self.A_L}, A_H={self.A_H}"
            )
        if not self.H_bar > 0 or self.Delta < 0:
            raise ModelError(f"A-R skills: need H_bar > 0 and Delta >= 0, got {self.H_bar}, {self.Delta}")

    def to_dict(self) -> dict:
        return asdict(self)


class _Gamma:
    """ln gamma_L(i, t) = A_L i + (A_H - A_L) a(i): a = Delta t (calendar) or max(N_s - i, 0)
    with N_s = N_ref + Delta t the scheduled frontier (introduction date)."""

    def __init__(self, sp: SkillParams, t: float, reading: str, N_s: float):
        if reading not in READINGS:
            raise ModelError(f"A-R skills: gamma_L must be one of {READINGS}, got {reading!r}")
        if reading == "introduction_date" and not 2 * sp.A_L > sp.A_H:
            raise ModelError(
                "A-R skills: the introduction-date reading needs 2 A_L > A_H for gamma_L to increase in i, got "
                f"{sp.A_L}, {sp.A_H}"
            )
        self.sp, self.t, self.reading, self.N_s = sp, t, reading, N_s
        self.dA = sp.A_H - sp.A_L

    def lnL(self, i):
        i = np.asarray(i, dtype=float)
        if self.reading == "calendar":
            return self.sp.A_L * i + self.dA * self.sp.Delta * self.t
        return self.sp.A_L * i + self.dA * np.maximum(self.N_s - i, 0.0)

    def M(self, lnratio: float) -> float:
        """Threshold with A_H M - ln gamma_L(M) = ln(W_H/W_L)."""
        d = lnratio / self.dA
        if self.reading == "calendar":
            return self.sp.Delta * self.t + d
        return (self.N_s + d) / 2 if d <= self.N_s else d

    def I_tilde(self, ln_wl_r: float) -> float:
        """ln gamma_L(I-tilde) = ln(W_L/r)."""
        sp = self.sp
        if self.reading == "calendar":
            return (ln_wl_r - self.dA * sp.Delta * self.t) / sp.A_L
        if ln_wl_r <= sp.A_L * self.N_s:
            return (ln_wl_r - self.dA * self.N_s) / (2 * sp.A_L - sp.A_H)
        return ln_wl_r / sp.A_L

    def breaks(self) -> list[float]:
        return [self.N_s] if self.reading == "introduction_date" else []


@dataclass(frozen=True)
class SkillEq:
    I: float
    N: float
    K: float
    t: float
    gamma_L: str
    W_L: float
    W_H: float
    r: float
    Y: float
    I_star: float
    I_tilde: float
    M: float
    L: float
    H: float
    wage_ratio: float  # W_H/W_L
    labour_share: float  # (W_L L + W_H H)/(W_L L + W_H H + rK)
    residual: float

    def to_dict(self) -> dict:
        return asdict(self)


def _segment(lo: float, hi: float, breaks: list[float]):
    cuts = [lo, *[b for b in breaks if lo < b < hi], hi]
    parts = [gl(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]
    if not parts:
        return np.empty(0), np.empty(0)
    return np.concatenate([x for x, _ in parts]), np.concatenate([w for _, w in parts])


def _system(p: Params, sp: SkillParams, G: _Gamma, I: float, N: float, K: float, z):
    lnWL, lnWH, lnr = z
    It = G.I_tilde(lnWL - lnr)
    Is = min(I, max(It, N - 1))
    M = min(max(G.M(lnWH - lnWL), Is), N)
    m = Is - N + 1
    iL, wL = _segment(Is, M, G.breaks())
    iH, wH = gl(M, N)
    lxL = lnWL - G.lnL(iL)
    lxH = lnWH - sp.A_H * iH
    lcL, lcH, lcr = lncu(p, lxL), lncu(p, lxH), float(lncu(p, lnr))
    sL, sH, sr = share_ln(p, lxL, lcL), share_ln(p, lxH, lcH), float(share_ln(p, lnr, lcr))
    z1 = 1 - p.sigma
    if abs(z1) < SIGMA1_TOL:
        lnP = m * lcr + float(np.dot(wL, lcL)) + float(np.dot(wH, lcH))
    else:
        tot = m * math.exp(z1 * lcr) + float(np.dot(wL, np.exp(z1 * lcL))) + float(np.dot(wH, np.exp(z1 * lcH)))
        lnP = math.log(tot) / z1
    aK = m * math.exp(z1 * lcr) * sr
    aL = float(np.dot(wL, np.exp(z1 * lcL) * sL))
    aH = float(np.dot(wH, np.exp(z1 * lcH) * sH))
    info = dict(I_star=Is, I_tilde=It, M=M, aK=aK, aL=aL, aH=aH)
    if aK <= 0 or aL <= 0 or aH <= 0:  # a group without tasks: push the solver back
        return np.array([lnP, 50.0 if aL <= 0 else -50.0, 50.0 if aH <= 0 else -50.0]), info
    lnY = math.log(K) + lnr - math.log(aK)
    res = np.array(
        [
            lnP,
            lnY + math.log(aL) - lnWL - math.log(p.Ls(math.exp(lnWL - lnr) / K)),
            lnY + math.log(aH) - lnWH - math.log(sp.H_bar),
        ]
    )
    info["lnY"] = lnY
    return res, info


def solve_skills(
    p: Params,
    sp: SkillParams,
    I: float,
    N: float,
    K: float,
    t: float = 0.0,
    gamma_L: str = "calendar",
    N_ref: float | None = None,
    guess=None,
) -> SkillEq:
    """Static two-skill equilibrium at date t (spec §4.2). ``N_ref`` is the frontier at t = 0 of the
    scheduled history (introduction-date reading only; default N - Delta t: N is on schedule)."""
    if not N - 1 < I <= N:
        raise ModelError(f"A-R skills: need N-1 < I <= N, got I={I}, N={N}")
    N_s = N if N_ref is None else N_ref + sp.Delta * t
    G = _Gamma(sp, t, gamma_L, N_s)
    if guess is None:
        e0 = solve_static(p.with_(A=sp.A_H, ls_kind="inelastic", L_bar=float(p.Ls(1.0)) + sp.H_bar), I, N, K)
        M0 = 0.5 * (max(I, N - 1) + N) if e0.constrained else 0.5 * (e0.I_star + N)
        lnWH = math.log(e0.W)
        lnWL = lnWH - (sp.A_H * M0 - float(G.lnL(M0)))
        guess = np.array([lnWL, lnWH, math.log(e0.r)])

    def F(z):
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                return _system(p, sp, G, I, N, K, z)[0]
        except (OverflowError, FloatingPointError, ValueError):
            return np.full(3, 1e3)

    sol = optimize.root(F, guess, method="hybr", options=dict(xtol=1e-13))
    if not np.max(np.abs(F(sol.x))) < 1e-9:
        sol = optimize.root(
            F, sol.x if np.all(np.isfinite(sol.x)) else guess, method="lm", options=dict(xtol=1e-14, ftol=1e-14)
        )
    err = float(np.max(np.abs(F(sol.x))))
    if not err < 1e-8:
        raise ModelError(
            f"A-R skills: no two-skill equilibrium found at I={I}, N={N}, K={K}, t={t} ({gamma_L}); residual {err:.2e}"
        )
    _, info = _system(p, sp, G, I, N, K, sol.x)
    if not info["I_star"] < info["M"] < N:
        raise ModelError(
            f"A-R skills: a skill group is squeezed out (I* = {info['I_star']:.4g}, M = {info['M']:.4g}, N = {N}); "
            "under the introduction-date reading this happens along the BGP (spec §4.4)"
        )
    lnWL, lnWH, lnr = sol.x
    WL, WH, r = math.exp(lnWL), math.exp(lnWH), math.exp(lnr)
    Y = math.exp(info["lnY"])
    L, H = Y * info["aL"] / WL, Y * info["aH"] / WH
    return SkillEq(
        I=I,
        N=N,
        K=K,
        t=t,
        gamma_L=gamma_L,
        W_L=WL,
        W_H=WH,
        r=r,
        Y=Y,
        I_star=info["I_star"],
        I_tilde=info["I_tilde"],
        M=info["M"],
        L=L,
        H=H,
        wage_ratio=WH / WL,
        labour_share=(info["aL"] + info["aH"]) / (info["aL"] + info["aH"] + info["aK"]),
        residual=err,
    )


def impact_responses(
    p: Params,
    sp: SkillParams,
    I: float,
    N: float,
    K: float,
    dI: float = 0.01,
    dN: float = 0.01,
    t: float = 0.0,
    gamma_L: str = "calendar",
) -> dict:
    """Impact (K fixed) log changes of W_H/W_L, W_L, W_H and the labour share after I += dI or N += dN
    (Prop. 7(3): both raise W_H/W_L on impact). New tasks are on schedule before the shock."""
    N_ref = N - sp.Delta * t
    base = solve_skills(p, sp, I, N, K, t, gamma_L, N_ref)
    g0 = np.log([base.W_L, base.W_H, base.r])
    a = solve_skills(p, sp, I + dI, N, K, t, gamma_L, N_ref, guess=g0)
    b = solve_skills(p, sp, I, N + dN, K, t, gamma_L, N_ref, guess=g0)
    out = dict(base=base)
    for key, e in (("I", a), ("N", b)):
        out[f"dln_ratio_d{key}"] = math.log(e.wage_ratio / base.wage_ratio)
        out[f"dlnW_L_d{key}"] = math.log(e.W_L / base.W_L)
        out[f"dlnW_H_d{key}"] = math.log(e.W_H / base.W_H)
        out[f"dlabour_share_d{key}"] = e.labour_share - base.labour_share
        out[f"dM_d{key}"] = e.M - base.M
    return out


def bgp_path(
    p: Params, sp: SkillParams, n: float, K0: float, times, I0: float = 0.0, gamma_L: str = "calendar"
) -> pd.DataFrame:
    """Along a BGP: I = I0 + Delta t, N = I + n, K = K0 e^{A_H Delta t} (r constant when the economy
    is shift-invariant). Columns: t, I, N, M, W_L, W_H, wage_ratio, r, labour_share. Under the
    calendar reading W_H/W_L is constant; under the introduction-date reading (tasks on schedule,
    N_ref = I0 + n) it drifts and the low-skilled are eventually squeezed out (ModelError)."""
    rows, guess, t_prev = [], None, 0.0
    for t in np.asarray(times, dtype=float):
        I = I0 + sp.Delta * t
        if guess is not None:
            guess = guess + sp.A_H * sp.Delta * (t - t_prev) * np.array([1.0, 1.0, 0.0])
        e = solve_skills(p, sp, I, I + n, K0 * math.exp(sp.A_H * sp.Delta * t), t, gamma_L, N_ref=I0 + n, guess=guess)
        guess, t_prev = np.log([e.W_L, e.W_H, e.r]), t
        rows.append(
            dict(
                t=t,
                I=I,
                N=I + n,
                M=e.M,
                W_L=e.W_L,
                W_H=e.W_H,
                wage_ratio=e.wage_ratio,
                r=e.r,
                labour_share=e.labour_share,
            )
        )
    return pd.DataFrame(rows)
