"""Endogenous, directed technology on the balanced growth path (spec §3B.2-3B.6).

Values of an innovation, normalised by Y at the innovation date, along a BGP with growth g,
R = rho + delta + theta g, discount rate r - delta and W, Y growing at g (spec §3B.4):

    v_I(n) = (1-mu) int_0^inf e^{-(rho+theta g-g)s} [pi(min{R, w_I e^{gs}}) - pi(w_I e^{gs})] ds
    v_N(n) = (1-mu) int_0^inf e^{-(rho+theta g-g)s} [pi(w_N e^{gs}) - pi(R)] ds

with pi(x) = c^u(x)^{1-sigma}(1 - s(x)) = a c^u(x)^{zeta-sigma} (so (1-mu) pi = Pi c^{zeta-sigma}),
w_I = W/gamma(I) and w_N = W/gamma(N) in the long run (:func:`.longrun.wage_LR`). The min-version
of the capital cost matters below n-bar, where W/gamma(I) < R (spec §3B.2 [?], §8 item 13).
For g = 0 (S -> 0) these are Lemma A3: v = (1-mu)[...]/rho.

n_D solves kappa_I v_I = kappa_N v_N on (n-bar, 1); it depends on q = kappa_I/kappa_N only (and on
g through the values), not on mu, so roots are found on the values without the factor (1-mu).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import integrate, optimize

from .costs import ln_profit_index, profit_index
from .errors import ModelError
from .longrun import longrun_eq, nbar, regime, wage_LR
from .params import Params
from .static import solve_static

_QUAD = dict(limit=400, epsabs=1e-13, epsrel=1e-11)


def _discount(p: Params, g: float) -> float:
    lam = p.rho + p.theta * g - g
    if lam <= 0:
        raise ModelError(
            f"A-R: the value integrals diverge: need rho > (1-theta) g, got rho={p.rho}, theta={p.theta}, g={g}"
        )
    return lam


def raw_values(p: Params, n: float, g: float) -> tuple[float, float, float, float]:
    """(v_I, v_N, w_I, w_N) with v's per unit (1-mu), i.e. without the markup factor."""
    R = p.R_star(g)
    lam = _discount(p, g)
    w = wage_LR(p, n, R)
    wN = w * math.exp(-p.A * n)
    piR = float(profit_index(p, R))
    if g == 0:
        return (
            (piR if w >= R else float(profit_index(p, w))) / lam - float(profit_index(p, w)) / lam,
            (float(profit_index(p, wN)) - piR) / lam,
            w,
            wN,
        )

    lnw, lnwN, lnR, lnpiR = math.log(w), math.log(wN), math.log(R), math.log(piR)

    def fI(s):
        lx = lnw + g * s
        return math.exp(-lam * s + float(ln_profit_index(p, min(lnR, lx)))) - math.exp(
            -lam * s + float(ln_profit_index(p, lx))
        )

    def fN(s):
        return math.exp(-lam * s + float(ln_profit_index(p, lnwN + g * s))) - math.exp(-lam * s + lnpiR)

    vI = integrate.quad(fI, 0.0, np.inf, **_QUAD)[0]
    vN = integrate.quad(fN, 0.0, np.inf, **_QUAD)[0]
    return vI, vN, w, wN


def values(p: Params, n: float, g: float) -> dict:
    """v_I(n), v_N(n) (with the factor 1-mu) and the wages w_I = W/gamma(I), w_N = W/gamma(N)."""
    vI, vN, w, wN = raw_values(p, n, g)
    return dict(n=n, v_I=(1 - p.mu) * vI, v_N=(1 - p.mu) * vN, w_I=w, w_N=wN)


def kappas_for_g(g: float, A: float, q: float, S: float) -> tuple[float, float]:
    """(kappa_I, kappa_N) with kappa_I/kappa_N = q and A kappa_I kappa_N S/(kappa_I + kappa_N) = g (spec §7.2)."""
    if g <= 0 or q <= 0 or S <= 0 or A <= 0:
        raise ModelError(f"A-R: kappas_for_g needs g, A, q, S > 0, got g={g}, A={A}, q={q}, S={S}")
    kN = g / A * (1 + q) / (q * S)
    return q * kN, kN


def bgp_growth(A: float, kappa_I: float, kappa_N: float, S: float) -> float:
    """Proposition 4: g = A kappa_I kappa_N S/(kappa_I + kappa_N)."""
    return A * kappa_I * kappa_N * S / (kappa_I + kappa_N)


@dataclass(frozen=True)
class NDResult:
    n_D: float | None
    n_bar: float
    q: float
    g: float
    q_lo: float  # v_N/v_I at n = 1
    q_hi: float  # v_N/v_I at n-bar+ (inf when g = 0)
    w_I: float | None
    w_N: float | None
    v_I: float | None
    v_N: float | None
    stable: bool | None  # kappa_I v_I' > kappa_N v_N' at n_D (Lemma A4)
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


def n_D(p: Params, q: float, g: float, h: float = 1e-5) -> NDResult:
    """The BGP technology gap n_D: q v_I(n) = v_N(n) on (n-bar, 1) by brentq (Prop. 4)."""
    R = p.R_star(g)
    nb = nbar(p, R)
    if nb is None:
        reg = regime(p, R)
        why = (
            "rho <= rho-bar: the economy automates everything and converges to AK growth (Prop. A1(2))"
            if reg == "AK"
            else "capital is never adopted in the long run (w^LR(1) < R*), so automation has no value"
        )
        raise ModelError(f"A-R: no interior n-bar at R* = {R:.6g} (rho = {p.rho}, g = {g}): {why}")

    def F(n):
        vI, vN, _, _ = raw_values(p, n, g)
        return q * vI - vN

    lo = nb + 1e-7
    vI_lo, vN_lo, _, _ = raw_values(p, lo, g)
    vI_1, vN_1, _, _ = raw_values(p, 1.0, g)
    q_lo = vN_1 / vI_1
    q_hi = math.inf if g == 0 or vI_lo <= 0 else vN_lo / vI_lo
    common = dict(n_bar=nb, q=q, g=g, q_lo=q_lo, q_hi=q_hi)
    if q * vI_lo - vN_lo > 0:
        return NDResult(
            n_D=None,
            w_I=None,
            w_N=None,
            v_I=None,
            v_N=None,
            stable=None,
            reason=f"F(n_bar) > 0: kappa_I v_I > kappa_N v_N already at n_bar (q = {q} >= {q_hi:.6g})",
            **common,
        )
    if q * vI_1 - vN_1 < 0:
        return NDResult(
            n_D=None,
            w_I=None,
            w_N=None,
            v_I=None,
            v_N=None,
            stable=None,
            reason=f"q = {q} < v_N/v_I at n = 1 = {q_lo:.6g}: new tasks always more valuable, n -> 1",
            **common,
        )
    nd = optimize.brentq(F, lo, 1.0, xtol=1e-12)
    vals = values(p, nd, g)
    a, b = min(h, 1 - nd), min(h, nd - nb)
    up, dn = raw_values(p, nd + a, g), raw_values(p, nd - b, g)
    dvI, dvN = (up[0] - dn[0]) / (a + b), (up[1] - dn[1]) / (a + b)
    return NDResult(
        n_D=nd,
        w_I=vals["w_I"],
        w_N=vals["w_N"],
        v_I=vals["v_I"],
        v_N=vals["v_N"],
        stable=bool(q * dvI > dvN),
        reason="interior",
        **common,
    )


def value_curve_table(p: Params, q: float, g: float, n_grid) -> pd.DataFrame:
    """Figure 7 data: v_I, v_N and kappa_I v_I, kappa_N v_N on a grid of n. The kappas are
    :func:`kappas_for_g` (g > 0, with p.S) or (q, 1) when g = 0 (only the ratio matters).
    attrs: n_D, n_bar, q, g, kappa_I, kappa_N."""
    kI, kN = kappas_for_g(g, p.A, q, p.S) if g > 0 and p.S > 0 else (q, 1.0)
    rows = []
    for n in n_grid:
        v = values(p, float(n), g)
        rows.append(
            dict(
                n=float(n),
                v_I=v["v_I"],
                v_N=v["v_N"],
                kI_vI=kI * v["v_I"],
                kN_vN=kN * v["v_N"],
                w_I=v["w_I"],
                w_N=v["w_N"],
            )
        )
    df = pd.DataFrame(rows)
    res = n_D(p, q, g)
    df.attrs.update(n_D=res.n_D, n_bar=res.n_bar, q=q, g=g, kappa_I=kI, kappa_N=kN, stable=res.stable)
    return df


def corollary2_sweep(p: Params, q_grid, g: float = 0.0) -> pd.DataFrame:
    """Corollary 2: n_D and the BGP labour share and employment (with p's L^s) for each q, holding g
    fixed (kappas rescaled by :func:`kappas_for_g` when g > 0)."""
    R = p.R_star(g)
    rows = []
    for q in q_grid:
        res = n_D(p, float(q), g)
        row = dict(
            q=float(q), n_D=res.n_D, stable=res.stable, labour_share=np.nan, employment=np.nan, w_I=res.w_I, w_N=res.w_N
        )
        if g > 0 and p.S > 0:
            row["kappa_I"], row["kappa_N"] = kappas_for_g(g, p.A, float(q), p.S)
        if res.n_D is not None:
            eq = longrun_eq(p, res.n_D, R)
            row.update(labour_share=eq.labour_share, employment=eq.L)
        rows.append(row)
    return pd.DataFrame(rows)


def _flow_profits(p: Params, n: float, k: float) -> dict:
    """r^E, f^E and the normalised flow profits pi^I, pi^N (per unit 1-mu) at (n, k) (spec §3B.6)."""
    eq = solve_static(p, 0.0, n, k)
    w, r = eq.W, eq.r
    piI = float(profit_index(p, min(r, w))) - float(profit_index(p, w))
    piN = float(profit_index(p, w * math.exp(-p.A * n))) - float(profit_index(p, r))
    return dict(r=r, f=eq.net_output, piI=piI, piN=piN)


def lemma_a4(p: Params, q: float, Q_v: float = 1e4, h: float = 1e-5) -> dict:
    """Lemma A4: the 4x4 Jacobian of (n, v, k, c) at the S -> 0 BGP (r = rho + delta), with the
    bang-bang rule smoothed as dn/dt = -Q_v v (kappa_N = 1, kappa_I = q), and its eigenvalues.
    Saddle-path stability with two states (k, n) means 2 negative and 2 positive real parts."""
    res = n_D(p, q, 0.0)
    if res.n_D is None:
        raise ModelError(f"A-R: Lemma A4 needs an interior n_D at q = {q}: {res.reason}")
    nd = res.n_D
    eqD = longrun_eq(p, nd, p.R_star(0.0))
    kD = eqD.K
    cD = eqD.net_output - p.delta * kD
    d = {}
    for name, (dn_, dk_) in (("n", (h, 0.0)), ("k", (0.0, h * kD))):
        up, dn = _flow_profits(p, nd + dn_, kD + dk_), _flow_profits(p, nd - dn_, kD - dk_)
        step = 2 * (dn_ + dk_)
        for key in up:
            d[f"{key}_{name}"] = (up[key] - dn[key]) / step
    Q_n = q * d["piI_n"] - d["piN_n"]
    Q_k = q * d["piI_k"] - d["piN_k"]
    th = p.theta if p.theta > 0 else 1e-12
    J = np.array(
        [
            [0.0, -Q_v, 0.0, 0.0],
            [-Q_n, p.rho, -Q_k, 0.0],
            [d["f_n"], 0.0, d["f_k"] - p.delta, -1.0],
            [cD / th * d["r_n"], 0.0, cD / th * d["r_k"], 0.0],
        ]
    )
    lam = np.linalg.eigvals(J)
    ns, nu = int(np.sum(lam.real < 0)), int(np.sum(lam.real > 0))
    return dict(
        J=J,
        eigenvalues=lam,
        n_stable=ns,
        n_unstable=nu,
        saddle=(ns == 2 and nu == 2),
        n_D=nd,
        k_D=kD,
        c_D=cD,
        Q_n=Q_n,
        Q_k=Q_k,
        r_n=d["r_n"],
        r_k=d["r_k"],
        f_n=d["f_n"],
        f_k=d["f_k"],
    )
