"""Static equilibrium (spec §1.3-1.8) and its comparative statics (spec §2).

Given the task window [N-1, N], the automation frontier I and capital K, the equilibrium
(W, r, Y, I*) solves the capital market (7), the labour market (8) with L = L^s(W/(rK)), the
price index (9) and the allocation rule I* = min{I, I-tilde}, W/r = gamma(I-tilde) (6).

Algorithm (spec §1.8): the outer root is in x = ln(W/r); for each x, I* = min{I, max(x/A, N-1)},
the price index fixes ln r (inner root), Y follows from (7) and the residual is
ln L^d - ln L^s. The residual is + at x -> A(N-1) (no capital tasks, Y -> infinity) and the upper
bracket is raised until it is -. Task integrals use Gauss-Legendre quadrature.

With expenditure shares c^{1-sigma}, everything is a function of c^u and the factor share s:
rK/Y = m_K c(r)^{1-sigma} s(r), WL/Y = int c(W/gamma)^{1-sigma} s, K = Y (rK/Y)/r, L = Y (WL/Y)/W.
At sigma = 1 the price index is the Cobb-Douglas int ln c = 0.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from .costs import SIGMA1_TOL, demand_elasticity, lncu, pow_diff, share_ln
from .errors import ModelError
from .params import Params
from .tasks import GL_NODES, Gamma, gl

XTOL = 1e-13


# --- the price index and the ratio solution ----------------------------------------------------


def log_price_index(p: Params, m_K: float, lnr: float, nodes: np.ndarray, weights: np.ndarray, lnW: float) -> float:
    """ln of the ideal price index (9): capital on a measure m_K at rental r, labour tasks at the
    quadrature nodes (indices i) at factor cost W/gamma(i)."""
    lnc_j = lncu(p, lnW - p.A * nodes)
    lnc_r = float(lncu(p, lnr))
    if abs(1 - p.sigma) < SIGMA1_TOL:
        return m_K * lnc_r + float(np.dot(weights, lnc_j))
    z = 1 - p.sigma
    v = np.log(weights) + z * lnc_j
    if m_K > 0:
        v = np.append(v, math.log(m_K) + z * lnc_r)
    mx = float(v.max())
    return (mx + math.log(float(np.exp(v - mx).sum()))) / z


def solve_lnr(p: Params, m_K: float, nodes, weights, x: float, guess: float | None = None) -> float:
    """Inner root: ln r such that the price index is 1 when ln W = ln r + x (monotone in ln r)."""

    def f(lnr):
        return log_price_index(p, m_K, lnr, nodes, weights, lnr + x)

    if guess is None:
        lo, hi = -60.0, 60.0
    else:
        lo, hi = guess - 2.0, guess + 2.0
    flo, fhi = f(lo), f(hi)
    k = 0
    while flo > 0 and k < 40:
        lo, k = lo - 2.0 ** min(k, 6), k + 1
        flo = f(lo)
    k = 0
    while fhi < 0 and k < 40:
        hi, k = hi + 2.0 ** min(k, 6), k + 1
        fhi = f(hi)
    if not flo <= 0 <= fhi:
        raise ModelError(
            f"A-R: the price index (9) has no root in ln r at x = ln(W/r) = {x:.6g} (a = {p.a:.6g}, sigma = {p.sigma})"
        )
    return optimize.brentq(f, lo, hi, xtol=XTOL, rtol=4 * np.finfo(float).eps)


@dataclass
class Ratio:
    """The equilibrium objects that depend only on x = ln(W/r) and the allocation (not on K)."""

    x: float
    I_star: float
    m_K: float
    lnr: float
    lnW: float
    alpha_K: float  # rK/Y
    alpha_L: float  # WL/Y
    inter: float  # psi int q / Y

    @property
    def W(self) -> float:
        return math.exp(self.lnW)

    @property
    def r(self) -> float:
        return math.exp(self.lnr)


def shares(p: Params, I_star: float, N: float, lnW: float, lnr: float, n: int = GL_NODES) -> tuple[float, float, float]:
    """(rK/Y, WL/Y, intermediate spending/Y) at given prices and allocation."""
    m_K = I_star - N + 1
    nodes, w = gl(I_star, N, n)
    lnx = lnW - p.A * nodes
    lnc = lncu(p, lnx)
    s = share_ln(p, lnx, lnc)
    e = np.exp((1 - p.sigma) * lnc)
    lnc_r = float(lncu(p, lnr))
    s_r = float(share_ln(p, lnr, lnc_r))
    e_r = math.exp((1 - p.sigma) * lnc_r)
    alpha_K = m_K * e_r * s_r
    alpha_L = float(np.dot(w, e * s))
    inter = m_K * e_r * (1 - s_r) + float(np.dot(w, e * (1 - s)))
    return alpha_K, alpha_L, inter


def allocation(p: Params, I: float, N: float, x: float, fixed_I: bool) -> float:
    """I* = min{I, max(x/A, N-1)} (or I when the allocation is fixed)."""
    return I if fixed_I else min(I, max(x / p.A, N - 1))


def ratio_solution(p: Params, I: float, N: float, x: float, fixed_I: bool = False, guess: float | None = None) -> Ratio:
    I_star = allocation(p, I, N, x, fixed_I)
    m_K = I_star - N + 1
    nodes, w = gl(I_star, N)
    lnr = solve_lnr(p, m_K, nodes, w, x, guess)
    lnW = lnr + x
    aK, aL, inter = shares(p, I_star, N, lnW, lnr)
    return Ratio(x, I_star, m_K, lnr, lnW, aK, aL, inter)


def residual(p: Params, I: float, N: float, K: float, x: float, fixed_I: bool = False) -> float:
    """ln L^d - ln L^s(W/(rK)) at x = ln(W/r) (decreasing in x; its root is the equilibrium)."""
    R = ratio_solution(p, I, N, x, fixed_I)
    return _residual(p, R, K)


def _residual(p: Params, R: Ratio, K: float) -> float:
    if R.alpha_K <= 0:
        return 1e6
    if R.alpha_L <= 0:
        return -1e6
    lnLd = math.log(K) - R.x + math.log(R.alpha_L / R.alpha_K)
    return lnLd - math.log(p.Ls(math.exp(R.x) / K))


# --- the equilibrium ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaticEq:
    """A static equilibrium. Shares: ``labour_share`` = WL/(WL+rK) (spec §1.6 default),
    ``labour_share_gross`` = WL/Y, ``labour_share_net`` = WL/(Y - mu psi int q)."""

    I: float
    N: float
    K: float
    I_star: float
    I_tilde: float
    W: float
    r: float
    Y: float
    L: float
    omega: float
    labour_share: float
    labour_share_gross: float
    labour_share_net: float
    capital_share_gross: float
    intermediate_share: float
    profits: float
    net_output: float
    constrained: bool  # I* = I <= I-tilde (technology-constrained case)
    fixed_I: bool

    @property
    def x(self) -> float:
        return math.log(self.W / self.r)

    @property
    def m_K(self) -> float:
        return self.I_star - self.N + 1

    def to_dict(self) -> dict:
        return asdict(self)


def assemble(p: Params, I: float, N: float, R: Ratio, K: float | None = None, fixed_I: bool = False) -> StaticEq:
    """Build the equilibrium from the ratio solution; K is the capital stock, or None to let K
    adjust (long run): then Y solves L^s(W/(rK)) = L^d with K = Y alpha_K / r."""
    W, r = R.W, R.r
    if K is None and R.alpha_K <= 0:  # no capital tasks (n = 1 in the long run): omega = infinity
        L = float(p.Ls(np.inf))
        Y = L * W / R.alpha_L
        K = 0.0
    elif K is None:
        if not p.elastic:
            Y = p.L_bar * W / R.alpha_L
        else:

            def f(lnY):
                Yv = math.exp(lnY)
                return math.log(Yv * R.alpha_L / W) - math.log(p.Ls(W / (Yv * R.alpha_K / r)))

            lo, hi = -5.0, 5.0
            while f(lo) > 0:
                lo -= 5.0
            while f(hi) < 0:
                hi += 5.0
            Y = math.exp(optimize.brentq(f, lo, hi, xtol=XTOL))
        K = Y * R.alpha_K / r
    else:
        Y = K * r / R.alpha_K
    L = Y * R.alpha_L / W
    net = Y * (1 - p.mu * R.inter)
    return StaticEq(
        I=I,
        N=N,
        K=K,
        I_star=R.I_star,
        I_tilde=R.x / p.A,
        W=W,
        r=r,
        Y=Y,
        L=L,
        omega=W / (r * K) if K > 0 else math.inf,
        labour_share=R.alpha_L / (R.alpha_L + R.alpha_K),
        labour_share_gross=R.alpha_L,
        labour_share_net=W * L / net,
        capital_share_gross=R.alpha_K,
        intermediate_share=R.inter,
        profits=(1 - p.mu) * R.inter * Y,
        net_output=net,
        constrained=bool(R.x >= p.A * I - 1e-12),
        fixed_I=fixed_I,
    )


def _check_window(I: float, N: float) -> None:
    if not N - 1 < I <= N:
        raise ModelError(f"A-R: the automation frontier must satisfy N-1 < I <= N (Prop. 1), got I={I}, N={N}")


def solve_static(p: Params, I: float, N: float, K: float, fixed_I: bool = False) -> StaticEq:
    """The static equilibrium of Proposition 1 by the spec §1.8 algorithm.

    ``fixed_I`` forces I* = I (useful for partial derivatives and the omega(I*) locus)."""
    _check_window(I, N)
    if not K > 0:
        raise ModelError(f"A-R: the capital stock must be > 0, got K={K}")
    cache: dict[float, Ratio] = {}
    last: list[float] = []

    def f(x):
        R = ratio_solution(p, I, N, x, fixed_I, guess=last[-1] if last else None)
        last.append(R.lnr)
        cache[x] = R
        return _residual(p, R, K)

    if fixed_I:
        lo, hi = -40.0, 40.0
        k = 0
        while f(lo) < 0 and k < 30:
            lo, k = lo - 20.0, k + 1
    else:
        lo, hi = p.A * (N - 1) + 1e-9, p.A * N + 1.0
    step, k = 1.0, 0
    while f(hi) > 0:
        hi, step, k = hi + step, step * 2, k + 1
        if k > 40:
            raise ModelError(
                f"A-R: no static equilibrium found for I={I}, N={N}, K={K}: labour demand exceeds supply for every W/r"
            )
    x = optimize.brentq(f, lo, hi, xtol=XTOL, rtol=4 * np.finfo(float).eps)
    R = cache.get(x) or ratio_solution(p, I, N, x, fixed_I)
    return assemble(p, I, N, R, K, fixed_I)


def closed_form(p: Params, I_star: float, N: float, K: float, L: float = 1.0) -> dict:
    """Eq. (10)-(11) with inelastic L: Y, W = dY/dL, r = dY/dK, omega and the factor-income
    labour share, for eta = 0; for zeta = 1 gross output carries the constant
    (eta/psi)^{eta/(1-eta)} and W = (1-eta) dY/dL, r = (1-eta) dY/dK (spec §1.7)."""
    sh = p.sigma_hat
    if sh is None:
        raise ModelError("A-R: the closed form (10) needs eta = 0 or zeta = 1")
    m = I_star - N + 1
    const = (p.eta / p.psi) ** (p.eta / (1 - p.eta)) if p.cobb_douglas else 1.0
    fac = 1 - p.eta if p.cobb_douglas else 1.0
    if abs(sh - 1) < SIGMA1_TOL:
        n = N - I_star
        lnY = m * math.log(K / m) + p.A * (N**2 - I_star**2) / 2 + n * math.log(L / n)
        Y = math.exp(lnY)
        W, r = n * Y / L, m * Y / K
        sL = n
    else:
        G = Gamma(I_star, N, p.A, sh)
        e = (sh - 1) / sh
        tk, tl = m ** (1 / sh) * K**e, G ** (1 / sh) * L**e
        Y = (tk + tl) ** (1 / e)
        W = Y ** (1 / sh) * G ** (1 / sh) * L ** (-1 / sh)
        r = Y ** (1 / sh) * m ** (1 / sh) * K ** (-1 / sh)
        sL = tl / (tk + tl)
    ln_omega = math.log(W / (r * K))
    return dict(Y=const * Y, W=fac * const * W, r=fac * const * r, omega=math.exp(ln_omega), labour_share=sL)


def closed_form_ln_omega(p: Params, I_star: float, N: float, K: float, L: float = 1.0) -> float:
    """Eq. (11): ln omega = (1/sh - 1) ln K + (1/sh) ln(Gamma/m_K) - (1/sh) ln L."""
    sh = p.sigma_hat
    if sh is None:
        raise ModelError("A-R: eq. (11) needs eta = 0 or zeta = 1")
    G = Gamma(I_star, N, p.A, sh)
    return (1 / sh - 1) * math.log(K) + math.log(G / (I_star - N + 1)) / sh - math.log(L) / sh


# --- comparative statics -----------------------------------------------------------------------


def _task_objects(p: Params, eq: StaticEq) -> dict:
    """Ingredients of spec §2.3 at the equilibrium, evaluated at I* (the partials hold I* fixed)."""
    Is, N = eq.I_star, eq.N
    lnW, lnr = math.log(eq.W), math.log(eq.r)
    nodes, w = gl(Is, N)
    lnx = lnW - p.A * nodes
    lnc = lncu(p, lnx)
    s = share_ln(p, lnx, lnc)
    lab = np.exp((1 - p.sigma) * lnc) * s  # l(i) W / Y
    tot = float(np.dot(w, lab))

    def at(i):
        lx = lnW - p.A * i
        lc = float(lncu(p, lx))
        return lc, math.exp((1 - p.sigma) * lc) * float(share_ln(p, lx, lc))

    lnc_I, l_I = at(Is)
    lnc_N, l_N = at(N)
    lnc_r = float(lncu(p, lnr))
    eps_j = p.zeta * (1 - s) + p.sigma * s
    return dict(
        m=eq.m_K,
        aK=eq.capital_share_gross,
        aL=eq.labour_share_gross,
        J_I=l_I / tot,
        J_N=l_N / tot,
        eps_K=float(demand_elasticity(p, eq.r)),
        eps_L=float(np.dot(w, lab * eps_j) / tot),
        P_I=float(pow_diff(lnc_I, lnc_r, p.sigma)),
        P_N=float(pow_diff(lnc_r, lnc_N, p.sigma)),
        eps_Ls=float(p.Ls_elasticity(eq.omega)),
    )


def general_derivatives(p: Params, eq: StaticEq) -> dict:
    """Spec §2.3: exact derivatives of the constrained equilibrium (I* held fixed; any eta, zeta).

    With inelastic L these are the printed formulas; with an elastic L^s the same two linear
    equations (price index; labour minus capital market) gain the supply response
    d ln L = eps_Ls (d ln W - d ln r - d ln K) [D]. Keys: dlnW_dI, dlnr_dI, dlnWr_dI, dlnomega_dI,
    dlnL_dI, the same for N and lnK, sigma_SR and the ingredients."""
    t = _task_objects(p, eq)
    aK, aL, eK, eL, m = t["aK"], t["aL"], t["eps_K"], t["eps_L"], t["m"]
    out = dict(t)
    if t["eps_Ls"] == 0:
        den = eL * aK + eK * aL
        out["dlnW_dI"] = (eK * t["P_I"] / aK - t["J_I"] - 1 / m) / (eL + eK * aL / aK)
        out["dlnWr_dI"] = (-(aK + aL) * (t["J_I"] + 1 / m) - (eL - eK) * t["P_I"]) / den
        out["dlnW_dN"] = (eK * t["P_N"] / aK + t["J_N"] + 1 / m) / (eL + eK * aL / aK)
        out["dlnWr_dN"] = ((aK + aL) * (t["J_N"] + 1 / m) + (eK - eL) * t["P_N"]) / den
        out["dlnW_dlnK"] = aK / den
        out["dlnWr_dlnK"] = (aK + aL) / den
    else:
        e = t["eps_Ls"]
        M = np.array([[aL, aK], [-(eL + e), eK + e]])
        for key, rhs in (
            ("I", [t["P_I"], t["J_I"] + 1 / m]),
            ("N", [t["P_N"], -(t["J_N"] + 1 / m)]),
            ("lnK", [0.0, -(1 + e)]),
        ):
            dW, dr = np.linalg.solve(M, rhs)
            out[f"dlnW_d{key}"], out[f"dlnWr_d{key}"] = float(dW), float(dW - dr)
    for key in ("I", "N", "lnK"):
        out[f"dlnr_d{key}"] = out[f"dlnW_d{key}"] - out[f"dlnWr_d{key}"]
        dlnK = 1.0 if key == "lnK" else 0.0
        out[f"dlnomega_d{key}"] = out[f"dlnWr_d{key}"] - dlnK
        out[f"dlnL_d{key}"] = t["eps_Ls"] * out[f"dlnomega_d{key}"]
    out["sigma_SR"] = 1 / out["dlnWr_dlnK"]
    return out


def prop2(p: Params, eq: StaticEq) -> dict:
    """Proposition 2. Constrained case: the spec §2.3 derivatives. Unconstrained case
    (I* = I-tilde < I): dI* = d ln(W/r)/epsilon with epsilon = A, so d ln omega/dI = 0,
    d ln(W/r)/dN = partial_N/(1 - partial_I*/A), d ln(W/r)/d ln K = (1/sigma_SR)/(1 - partial_I*/A)
    and sigma_MR = sigma_SR (1 - partial_I*/A) > sigma_SR."""
    d = general_derivatives(p, eq)
    out = dict(constrained=eq.constrained, sigma_SR=d["sigma_SR"], partial_lnWr_dIstar=d["dlnWr_dI"])
    if eq.constrained or eq.fixed_I:
        out.update({k: d[k] for k in d if k.startswith("dln")})
        out["sigma_MR"] = d["sigma_SR"]
        return out
    amp = 1 - d["dlnWr_dI"] / p.A
    out["sigma_MR"] = d["sigma_SR"] * amp
    dWr = {"I": 0.0, "N": d["dlnWr_dN"] / amp, "lnK": d["dlnWr_dlnK"] / amp}
    # the wage: the price-index relation aL dlnW + aK dlnr = P_N dN (the I* margin has P = 0)
    aK, aL = d["aK"], d["aL"]
    P = {"I": 0.0, "N": d["P_N"], "lnK": 0.0}
    for key in ("I", "N", "lnK"):
        dW = (P[key] + aK * dWr[key]) / (aK + aL)
        out[f"dlnW_d{key}"], out[f"dlnWr_d{key}"], out[f"dlnr_d{key}"] = dW, dWr[key], dW - dWr[key]
        out[f"dlnomega_d{key}"] = dWr[key] - (1.0 if key == "lnK" else 0.0)
        out[f"dlnL_d{key}"] = d["eps_Ls"] * out[f"dlnomega_d{key}"]
    return out


def corollary1(p: Params, eq: StaticEq) -> dict:
    """Corollary 1 (eta = 0 or zeta = 1; spec §2.2), with sigma_hat on the left-hand side
    replaced by sigma_hat + eps_L for an elastic L^s. Returns dlnomega_dI, dlnomega_dN,
    dlnomega_dlnK, dlnWr_dlnK, dlnW_dI, dlnW_dN, dlnL_d*, Lambda (unconstrained), sigma_SR, sigma_MR."""
    sh = p.sigma_hat
    if sh is None:
        raise ModelError("A-R: Corollary 1 needs eta = 0 or zeta = 1")
    Is, N, A = eq.I_star, eq.N, p.A
    m = Is - N + 1
    G = Gamma(Is, N, A, sh)
    eL = float(p.Ls_elasticity(eq.omega))
    bI = math.exp(A * (sh - 1) * Is) / G + 1 / m
    bN = math.exp(A * (sh - 1) * N) / G + 1 / m
    t = _task_objects(p, eq)
    aK, aL = t["aK"], t["aL"]
    if eq.constrained or eq.fixed_I:
        den = sh + eL
        d_om = {"I": -bI / den, "N": bN / den, "lnK": (1 - sh) / den}
        Lam, sMR = None, sh
        P = {"I": t["P_I"], "N": t["P_N"], "lnK": 0.0}
    else:
        Lam = bI  # evaluated at I-tilde
        den = sh + Lam / A + eL
        d_om = {"I": 0.0, "N": bN / den, "lnK": (1 - sh - Lam / A) / den}
        sMR = sh + Lam / A
        P = {"I": 0.0, "N": t["P_N"], "lnK": 0.0}
    out = dict(constrained=eq.constrained, Lambda=Lam, sigma_SR=sh, sigma_MR=sMR, eps_Ls=eL)
    for key in ("I", "N", "lnK"):
        dWr = d_om[key] + (1.0 if key == "lnK" else 0.0)
        out[f"dlnomega_d{key}"] = d_om[key]
        out[f"dlnWr_d{key}"] = dWr
        out[f"dlnW_d{key}"] = (P[key] + aK * dWr) / (aK + aL)
        out[f"dlnL_d{key}"] = eL * d_om[key]
    return out


def sigma1_dlnW_dI(p: Params, eq: StaticEq) -> float:
    """Spec §2.4 (footnote 15): with eta = 0, sigma = 1 and K, L fixed,
    d ln W / dI = ln(W/(gamma(I) r)) - 1/(N - I)."""
    if p.eta != 0 or abs(p.sigma - 1) > SIGMA1_TOL:
        raise ModelError("A-R: the footnote-15 formula needs eta = 0 and sigma = 1")
    return math.log(eq.W / (math.exp(p.A * eq.I_star) * eq.r)) - 1 / (eq.N - eq.I_star)


def fd_derivatives(p: Params, I: float, N: float, K: float, fixed_I: bool = False, h: float = 1e-5) -> dict:
    """Central finite differences of the full solver: dlnW, dlnr, dlnWr, dlnomega, dlnL,
    dlabour_share with respect to I, N and ln K (keys like ``dlnW_dI``)."""
    out = {}
    for key in ("I", "N", "lnK"):
        # key bound as a default: at is only called within this iteration
        def at(s, key=key):
            if key == "I":
                return solve_static(p, I + s, N, K, fixed_I)
            if key == "N":
                return solve_static(p, I, N + s, K, fixed_I)
            return solve_static(p, I, N, K * math.exp(s), fixed_I)

        up, dn = at(h), at(-h)
        out[f"dlnW_d{key}"] = (math.log(up.W) - math.log(dn.W)) / (2 * h)
        out[f"dlnr_d{key}"] = (math.log(up.r) - math.log(dn.r)) / (2 * h)
        out[f"dlnWr_d{key}"] = out[f"dlnW_d{key}"] - out[f"dlnr_d{key}"]
        out[f"dlnomega_d{key}"] = (math.log(up.omega) - math.log(dn.omega)) / (2 * h)
        out[f"dlnL_d{key}"] = (math.log(up.L) - math.log(dn.L)) / (2 * h)
        out[f"dlabour_share_d{key}"] = (up.labour_share - dn.labour_share) / (2 * h)
    out["sigma_SR"] = 1 / out["dlnWr_dlnK"]
    return out


def allocation_table(p: Params, I: float, N: float, K: float, n: int = 60) -> pd.DataFrame:
    """Figure 4 data: the locus omega(I*, N, K) (fixed I*) and the allocation locus
    omega = gamma(I*)/K on I* in (N-1, N); ``attrs`` hold I and the equilibrium (I*, omega)."""
    grid = np.linspace(N - 1 + 0.02, N - 0.02, n)
    ln_om = [math.log(solve_static(p, i, N, K, fixed_I=True).omega) for i in grid]
    df = pd.DataFrame({"I_star": grid, "ln_omega_demand": ln_om, "ln_omega_allocation": p.A * grid - math.log(K)})
    eq = solve_static(p, I, N, K)
    df.attrs.update(
        I=I,
        N=N,
        K=K,
        I_star=eq.I_star,
        ln_omega=math.log(eq.omega),
        constrained=eq.constrained,
        ln_omega_alloc_I=p.A * I - math.log(K),
    )
    return df
