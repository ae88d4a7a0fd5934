"""An automation shock whose newly automatable tasks are cost-saving: the A-R task model with
an "AI band" (issue 15).

The plain A-R automation shock moves the frontier from I0 to I1 = I0 + dI with ordinary capital
(productivity 1 in every task). Here the shock is paired with the productivity of capital in
the newly automatable tasks: in task i of the band (I0, I1] capital has productivity

    z(i) = (gamma(i) / gamma(I0))^lam,      gamma(i) = e^{A i},  0 <= lam <= 1.

* ``lam = 1`` (the default of the exposure scenarios): AI offsets labour's comparative advantage
  across the band. At the initial prices every measured task is exactly as cost-saving to
  automate as the most complex task automated before the shock: its capital cost r/z(i) is the
  fraction R gamma(I0)/W0 = 1 - pi0 of its labour cost W0/gamma(i), the same for every i.
* ``lam = 0``: the literal A-R shock (ordinary capital in the new tasks); the module then
  reproduces :mod:`.static` and :mod:`.dynamics_exo` (tests check this).

Coordinates. Everything is normalised by gamma(I0) (I0 = 0, N = n0): the window is
[n0 - 1, n0], ordinary automatable tasks [n0 - 1, 0], the band (0, dI], labour-only tasks
(dI, n0]. There is no exogenous technology growth (g = 0): the band is a fixed set of tasks, so
the economy is stationary and the rental rate returns to R = rho + delta.

Allocation. Task j is done by capital iff it is automatable and the capital cost is lower:
W e^{-Aj} >= r e^{-lam A j}. The capital range is contiguous, [n0 - 1, I*], and a single
coordinate v (task units) traces every allocation and the price ratio x = ln(W/r):

    v <= 0:       I* = v,   x = A v                       (ordinary tasks, the min rule)
    0 < v <= dI:  I* = v,   x = A (1 - lam) v             (the band; flat in x when lam = 1)
    v > dI:       I* = dI,  x = A (1 - lam) dI + A (v - dI) (every automatable task adopted)

With lam = 1 every band task is indifferent at the same x = 0 (W/r = gamma(I0)): as capital
builds up, the band is adopted at constant factor prices, and on impact (capital
predetermined) the wage cannot fall below the level at which the old frontier task stops
paying, whatever the size of the band (:func:`impact_floor`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import optimize
from scipy.interpolate import CubicSpline, PPoly

from .costs import SIGMA1_TOL, lncu, share_ln
from .dynamics_exo import recovery_date, saddle_path
from .errors import ModelError
from .params import Params
from .static import XTOL, Ratio, StaticEq, _residual, assemble
from .tasks import GL_NODES, _legendre, gl


@dataclass(frozen=True)
class Band:
    """The economy after the shock: gap n0 = N - I0, band width dI, AI productivity exponent lam."""

    n0: float
    dI: float = 0.0
    lam: float = 1.0

    def __post_init__(self) -> None:
        if not 0 < self.n0 <= 1:
            raise ModelError(f"A-R AI band: the initial technology gap n0 = N - I0 must be in (0, 1], got {self.n0}")
        if not 0 <= self.dI < self.n0:
            raise ModelError(f"A-R AI band: the band width dI must be in [0, n0 = {self.n0}), got {self.dI}")
        if not 0 <= self.lam <= 1:
            raise ModelError(f"A-R AI band: the AI productivity exponent lam must be in [0, 1], got {self.lam}")

    @property
    def v_min(self) -> float:
        """Below this coordinate no task is done by capital."""
        return self.n0 - 1

    def breaks(self) -> list[float]:
        """Kinks of the allocation in v: the old frontier (0) and the new one (dI)."""
        return [0.0, self.dI] if self.dI > 0 else [0.0]


def allocation(p: Params, b: Band, v: float) -> tuple[float, float]:
    """(I*, x = ln(W/r)) at coordinate v (module docstring)."""
    A, dI, lam = p.A, b.dI, b.lam
    if v <= 0:
        return v, A * v
    if v <= dI:
        return v, A * (1 - lam) * v
    return dI, A * (1 - lam) * dI + A * (v - dI)


def _tasks(p: Params, b: Band, I_star: float, x: float):
    """Every task's factor cost as ln r + offset, with its quadrature weight and whether capital
    does it: ordinary capital tasks (one point, weight = their measure), the band's capital tasks
    (cost r e^{-lam A j}) and the labour tasks (cost W e^{-A j} = r e^{x - A j})."""
    m_ord = min(I_star, 0.0) - b.v_min
    off, wts, cap = [], [], []
    if m_ord > 0:
        off.append(np.zeros(1))
        wts.append(np.array([m_ord]))
        cap.append(np.ones(1, dtype=bool))
    if I_star > 0:
        nodes, w = gl(0.0, I_star)
        off.append(-b.lam * p.A * nodes)
        wts.append(w)
        cap.append(np.ones(len(w), dtype=bool))
    nodes, w = gl(I_star, b.n0)
    if len(w):
        off.append(x - p.A * nodes)
        wts.append(w)
        cap.append(np.zeros(len(w), dtype=bool))
    return np.concatenate(off), np.concatenate(wts), np.concatenate(cap)


def _index_and_slope(p: Params, lnr: float, off, wts):
    """ln P and d ln P/d ln r (= the expenditure-weighted factor share) at ln r."""
    lnx = lnr + off
    lnc = lncu(p, lnx)
    s = share_ln(p, lnx, lnc)
    if abs(1 - p.sigma) < SIGMA1_TOL:
        return float(np.dot(wts, lnc)), float(np.dot(wts, s))
    z = 1 - p.sigma
    v = np.log(wts) + z * lnc
    mx = float(v.max())
    e = np.exp(v - mx)
    tot = float(e.sum())
    return (mx + math.log(tot)) / z, float(np.dot(e, s)) / tot


def _solve_lnr(p: Params, off, wts, guess: float = 0.0) -> float:
    """ln r with price index 1: Newton from ``guess`` (the slope is the factor share, in (0, 1],
    steps capped at 2 log points), falling back on bracketed Newton if that does not settle."""
    y = guess
    for _ in range(30):
        f, d = _index_and_slope(p, y, off, wts)
        if abs(f) < 1e-15:
            return y
        step = min(max(-f / d, -2.0), 2.0) if d > 0 else math.nan
        if not math.isfinite(step):
            break
        y += step
        if abs(step) < 1e-14 * max(1.0, abs(y)):
            return y
    lo, hi = guess - 2.0, guess + 2.0
    flo, fhi = _index_and_slope(p, lo, off, wts)[0], _index_and_slope(p, hi, off, wts)[0]
    k = 0
    while flo > 0 and k < 60:
        lo, k = lo - 2.0 * 2 ** min(k, 5), k + 1
        flo = _index_and_slope(p, lo, off, wts)[0]
    k = 0
    while fhi < 0 and k < 60:
        hi, k = hi + 2.0 * 2 ** min(k, 5), k + 1
        fhi = _index_and_slope(p, hi, off, wts)[0]
    if not flo <= 0 <= fhi:
        raise ModelError("A-R AI band: the price index (9) has no root in ln r")
    y = min(max(guess, lo), hi)
    for _ in range(100):
        f, d = _index_and_slope(p, y, off, wts)
        if f > 0:
            hi = y
        else:
            lo = y
        if abs(f) < 1e-15:
            return y
        step = y - f / d if d > 0 else 0.5 * (lo + hi)
        y_new = step if lo < step < hi else 0.5 * (lo + hi)
        if abs(y_new - y) < 1e-14 * max(1.0, abs(y)):
            return y_new
        y = y_new
    raise ModelError("A-R AI band: Newton on the price index did not converge")


def ratio(p: Params, b: Band, v: float, guess: float = 0.0) -> Ratio:
    """Prices and shares at coordinate v: the price index (9) = 1 pins ln r given x."""
    I_star, x = allocation(p, b, v)
    off, wts, cap = _tasks(p, b, I_star, x)
    lnr = _solve_lnr(p, off, wts, guess)
    lnx = lnr + off
    lnc = lncu(p, lnx)
    s = share_ln(p, lnx, lnc)
    e = wts * np.exp((1 - p.sigma) * lnc)
    aK, aL = float(np.dot(e[cap], s[cap])), float(np.dot(e[~cap], s[~cap]))
    return Ratio(x, I_star, I_star - b.v_min, lnr, lnr + x, aK, aL, float(np.dot(e, 1 - s)))


def _tasks_many(p: Params, b: Band, v: np.ndarray):
    """:func:`_tasks` for every coordinate of ``v`` at once, rows padded to one layout: the
    ordinary capital tasks (one point), the band's 300 quadrature nodes on [0, I*] and the
    labour tasks' 300 on [I*, n0], with weight 0 where a row has no such tasks."""
    I_star, x = allocation_many(p, b, v)
    t, w = _legendre(GL_NODES)
    m_ord = np.minimum(I_star, 0.0) - b.v_min
    band = I_star > 0
    h_band = np.where(band, 0.5 * I_star, 0.0)
    h_lab = 0.5 * (b.n0 - I_star)
    off = np.concatenate(
        [
            np.zeros((len(v), 1)),
            -b.lam * p.A * (h_band[:, None] * t + h_band[:, None]),
            x[:, None] - p.A * (h_lab[:, None] * t + 0.5 * (b.n0 + I_star)[:, None]),
        ],
        axis=1,
    )
    wts = np.concatenate([np.where(m_ord > 0, m_ord, 0.0)[:, None], h_band[:, None] * w, h_lab[:, None] * w], axis=1)
    cap = np.concatenate([np.ones(1 + len(t), dtype=bool), np.zeros(len(t), dtype=bool)])
    return I_star, x, off, wts, cap


def allocation_many(p: Params, b: Band, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`allocation` for an array of coordinates."""
    A, dI, lam = p.A, b.dI, b.lam
    I_star = np.where(v <= dI, v, dI)
    x = np.where(v <= 0, A * v, np.where(v <= dI, A * (1 - lam) * v, A * (1 - lam) * dI + A * (v - dI)))
    return I_star, x


def _index_and_slope_many(p: Params, lnr: np.ndarray, off: np.ndarray, wts: np.ndarray, logw: np.ndarray):
    """:func:`_index_and_slope` row by row (tasks of weight 0 count for nothing; ``logw`` is
    ln ``wts``)."""
    lnx = lnr[:, None] + off
    lnc = lncu(p, lnx)
    s = share_ln(p, lnx, lnc)
    if abs(1 - p.sigma) < SIGMA1_TOL:
        return (wts * lnc).sum(axis=1), (wts * s).sum(axis=1)
    z = 1 - p.sigma
    v = logw + z * lnc
    mx = v.max(axis=1)
    e = np.exp(v - mx[:, None])
    tot = e.sum(axis=1)
    return (mx + np.log(tot)) / z, (e * s).sum(axis=1) / tot


def _newton_many(p: Params, off: np.ndarray, wts: np.ndarray, y: np.ndarray) -> np.ndarray:
    """:func:`_solve_lnr`'s Newton steps for every row at once from the guesses ``y``, each row
    stopping by the same rule; nan for a row that does not settle in 30 steps."""
    y = np.array(y, dtype=float)
    todo = np.ones(len(y), dtype=bool)
    with np.errstate(divide="ignore"):
        logw = np.log(wts)
    for _ in range(30):
        idx = np.flatnonzero(todo)
        if not len(idx):
            return y
        every = len(idx) == len(y)
        f, d = _index_and_slope_many(p, y[idx], *((off, wts, logw) if every else (off[idx], wts[idx], logw[idx])))
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(d > 0, np.clip(-f / d, -2.0, 2.0), np.nan)
        settled = np.abs(f) < 1e-15
        bad = ~np.isfinite(step) & ~settled
        step[settled | bad] = 0.0
        y[idx] += step
        y[idx[bad]] = np.nan
        todo[idx[settled | bad | (np.abs(step) < 1e-14 * np.maximum(1.0, np.abs(y[idx])))]] = False
    y[todo] = np.nan
    return y


def ratio_many(p: Params, b: Band, v) -> dict[str, np.ndarray]:
    """:func:`ratio` at every coordinate of ``v`` (increasing) at once: Newton on the price index
    for all rows together, started from the line between the solutions at the two ends. A row
    that does not settle is solved alone by :func:`ratio` (with its bracketed fallback). Keys:
    the fields of :class:`.static.Ratio`."""
    v = np.asarray(v, dtype=float)
    if not len(v):
        return {k: np.empty(0) for k in ("x", "I_star", "m_K", "lnr", "lnW", "alpha_K", "alpha_L", "inter")}
    I_star, x, off, wts, cap = _tasks_many(p, b, v)
    ends = [0, len(v) - 1]
    y_ends = _newton_many(p, off[ends], wts[ends], np.zeros(2))
    guess = np.interp(v, v[ends], y_ends) if np.all(np.isfinite(y_ends)) and v[-1] > v[0] else np.zeros(len(v))
    y = _newton_many(p, off, wts, guess)
    for i in np.flatnonzero(~np.isfinite(y)):  # rare: the scalar solver's bracketed fallback
        y[i] = ratio(p, b, float(v[i])).lnr
    lnx = y[:, None] + off
    lnc = lncu(p, lnx)
    s = share_ln(p, lnx, lnc)
    e = wts * np.exp((1 - p.sigma) * lnc)
    es = e * s
    return dict(
        x=x,
        I_star=I_star,
        m_K=I_star - b.v_min,
        lnr=y,
        lnW=y + x,
        alpha_K=es[:, cap].sum(axis=1),
        alpha_L=es[:, ~cap].sum(axis=1),
        inter=(e * (1 - s)).sum(axis=1),
    )


def _v_upper(p: Params, b: Band, f, start: float) -> float:
    hi, step, k = start, 0.5, 0
    while f(hi) > 0:
        hi, step, k = hi + step, step * 2, k + 1
        if k > 40:
            raise ModelError(f"A-R AI band: no equilibrium (n0 = {b.n0}, dI = {b.dI}): the residual stays positive")
    return hi


def solve_v(p: Params, b: Band, K: float) -> float:
    """The coordinate v of the static equilibrium with capital K (normalised by gamma(I0))."""
    if not K > 0:
        raise ModelError(f"A-R AI band: the capital stock must be > 0, got {K}")

    last = [0.0]  # warm start: ln r of the previous evaluation

    def f(v):
        R = ratio(p, b, v, last[0])
        last[0] = R.lnr
        return _residual(p, R, K)

    lo = b.v_min + 1e-9
    hi = _v_upper(p, b, f, max(b.dI, 0.0) + 0.5)
    return optimize.brentq(f, lo, hi, xtol=XTOL, rtol=4 * np.finfo(float).eps)


def static(p: Params, b: Band, K: float) -> StaticEq:
    """Static equilibrium with capital K (I = dI and N = n0 in the normalised coordinates)."""
    v = solve_v(p, b, K)
    return assemble(p, b.dI, b.n0, ratio(p, b, v), K)


def solve_v_longrun(p: Params, b: Band, R: float) -> float:
    """The coordinate v at which the rental rate equals R (capital adjusts)."""
    lnR = math.log(R)

    def f(v):
        return ratio(p, b, v, lnR).lnr - lnR  # non-increasing in v

    lo = b.v_min + 1e-9
    if f(lo) < 0:
        raise ModelError(
            f"A-R AI band: no long run at R = {R}: even with almost no capital tasks the rental is below R"
        )
    hi = _v_upper(p, b, f, max(b.dI, 0.0) + 0.5)
    return optimize.brentq(f, lo, hi, xtol=XTOL, rtol=4 * np.finfo(float).eps)


def longrun(p: Params, b: Band, R: float) -> StaticEq:
    """The long-run equilibrium with r = R and capital adjusting."""
    v = solve_v_longrun(p, b, R)
    return assemble(p, b.dI, b.n0, ratio(p, b, v), K=None)


def steady_state(p: Params, b: Band) -> dict:
    """Steady state (g = 0): r = R = rho + delta, c = f - delta k."""
    R = p.R_star(0.0)
    v = solve_v_longrun(p, b, R)
    eq = assemble(p, b.dI, b.n0, ratio(p, b, v), K=None)  # longrun(p, b, R)
    c = eq.net_output - p.delta * eq.K
    if c <= 0:
        raise ModelError(
            f"A-R AI band: no steady state with positive consumption (n0 = {b.n0}, dI = {b.dI}): c* = {c:.4g}"
        )
    return dict(
        k=eq.K,
        c=c,
        y=eq.Y,
        w=eq.W,
        r=eq.r,
        f=eq.net_output,
        labour_share=eq.labour_share,
        L=eq.L,
        I_star=eq.I_star,
        v=v,
        eq=eq,
    )


# --- the pairing from measured exposure ---------------------------------------------------------


@lru_cache(maxsize=256)
def cost_saving(p: Params, n0: float) -> float:
    """pi0 = 1 - R/(W0/gamma(I0)): the labour-cost saving of automating the most complex
    automated task at the initial steady state (g = 0)."""
    R = p.R_star(0.0)
    return 1 - R / steady_state(p, Band(n0))["w"]


@lru_cache(maxsize=256)
def n0_for_cost_saving(p: Params, s: float) -> float:
    """The initial technology gap n0 at which the marginal automated task saves the share s of
    its labour cost at the initial steady state (s = 0 is the threshold n-bar). Kept per
    (parameters, s): a scenario's sensitivity runs recalibrate the same economy several times."""
    if not 0 <= s < 1:
        raise ModelError(f"A-R: the cost saving of automation must be in [0, 1), got {s}")
    target = math.log(p.R_star(0.0)) - math.log1p(-s)

    def f(n):
        return math.log(steady_state(p, Band(n))["w"]) - target

    lo, hi = 1e-3, 1.0
    if f(hi) < 0:
        raise ModelError(
            f"A-R: no initial technology gap n0 <= 1 gives a cost saving of {s:.3g}: the largest, at n0 = 1, is "
            f"{cost_saving(p, 1.0):.3g}"
        )
    if f(lo) > 0:
        return lo
    return optimize.brentq(f, lo, hi, xtol=1e-12)


def impact_floor(p: Params, b: Band, K: float) -> float:
    """With lam = 1: the wage at which the band is only partly adopted on impact (capital K
    predetermined). Every band task is then indifferent with the old frontier task, x = 0, and the
    price index pins W whatever the band's width: the floor of the impact wage."""
    return ratio(p, b, 0.0).W if b.lam == 1 else math.nan


# --- dynamics ---------------------------------------------------------------------------------------


class BandSpline:
    """r, f, w, y, shares, I* and v as functions of ln k (piecewise cubic in v between kinks).

    Each piece between kinks is a cubic spline through ``m`` points evenly spaced in v, all
    computed at once (:func:`ratio_many`); the pieces are joined into one piecewise polynomial
    of every quantity, evaluated in one call (:meth:`many`)."""

    QUANT = ("lnr", "lnf", "lnw", "lny", "labour_share", "labour_share_gross", "I_star", "v", "lnL")

    def __init__(self, p: Params, b: Band, lnk_lo: float, lnk_hi: float, m: int = 100):
        self.p, self.b = p, b
        v_lo, v_hi = solve_v(p, b, math.exp(lnk_lo)), solve_v(p, b, math.exp(lnk_hi))
        edges = [v_lo, *[x for x in b.breaks() if v_lo < x < v_hi], v_hi]
        xs, cs = [], []
        for a, c in zip(edges[:-1], edges[1:]):
            rows = self._points(np.linspace(a, c, m))
            lnk = rows[:, 0]
            if np.any(np.diff(lnk) <= 0):
                raise ModelError("A-R AI band: ln k is not increasing along the allocation coordinate")
            sp = CubicSpline(lnk, rows[:, 1:])
            xs.append(sp.x)
            cs.append(sp.c)
        # one piecewise polynomial: piece i runs from its first ln k to the next piece's first
        # (the same point up to rounding); the end pieces extrapolate, as each spline did
        x = np.concatenate([*(xi[:-1] for xi in xs[:-1]), xs[-1]])
        self.pp = PPoly(np.concatenate(cs, axis=1), x)
        self.col = {q: i for i, q in enumerate(self.QUANT)}

    def _points(self, v: np.ndarray) -> np.ndarray:
        """Columns ln k followed by :attr:`QUANT` at the coordinates ``v``."""
        p = self.p
        R = ratio_many(p, self.b, v)
        base = R["x"] + np.log(R["alpha_K"] / R["alpha_L"])
        if p.elastic:
            lnk = np.array(
                [
                    optimize.brentq(
                        lambda lk, bs=bs, x=x: lk - bs - math.log(p.Ls(math.exp(x - lk))), bs - 20, bs + 20, xtol=1e-14
                    )
                    for bs, x in zip(base, R["x"])
                ]
            )
        else:
            lnk = base + math.log(p.L_bar)
        lny = lnk + R["lnr"] - np.log(R["alpha_K"])
        cols = dict(
            lnr=R["lnr"],
            lnf=lny + np.log(1 - p.mu * R["inter"]),
            lnw=R["lnW"],
            lny=lny,
            labour_share=R["alpha_L"] / (R["alpha_L"] + R["alpha_K"]),
            labour_share_gross=R["alpha_L"],
            I_star=R["I_star"],
            v=v,
            lnL=lny + np.log(R["alpha_L"]) - R["lnW"],
        )
        return np.column_stack([lnk, *(cols[q] for q in self.QUANT)])

    def many(self, lnk, nu: int = 0):
        """Every quantity at ``lnk`` (its ``nu``-th derivative in ln k): an array of shape
        lnk.shape + (len(QUANT),)."""
        return self.pp(np.asarray(lnk, dtype=float), nu)

    def __call__(self, q: str, lnk):
        out = self.many(lnk)[..., self.col[q]]
        return out if out.ndim else float(out)


def saddle_system(p: Params, sp: BandSpline):
    """The transition's ODE in (u, v) = (ln k, ln c), vectorised over time points, and its
    Jacobian (shape (2, 2, m), from the spline's own derivative) for ``solve_bvp``:

        u' = f(k)/k - c/k - delta,        v' = (r(k) - delta - rho) / theta."""
    d, rho, th = p.delta, p.rho, p.theta
    lnf, lnr = sp.col["lnf"], sp.col["lnr"]

    def fun(t, Y):
        u, v = Y
        q = sp.many(u)
        return np.vstack([np.exp(q[:, lnf] - u) - np.exp(v - u) - d, (np.exp(q[:, lnr]) - d - rho) / th])

    def jac(t, Y):
        u, v = Y
        q, dq = sp.many(u), sp.many(u, nu=1)
        fk, ck = np.exp(q[:, lnf] - u), np.exp(v - u)
        J = np.zeros((2, 2, len(u)))
        J[0, 0] = fk * (dq[:, lnf] - 1) + ck
        J[0, 1] = -ck
        J[1, 0] = np.exp(q[:, lnr]) * dq[:, lnr] / th
        return J

    return fun, jac


def transition(p: Params, b: Band, T: float = 350.0, t_report=None) -> tuple[pd.DataFrame, dict]:
    """Transition after the shock at t = 0: capital is predetermined at the pre-shock steady state
    (no band), then accumulates to the steady state with the band.

    Path columns: t, lnW_rel (log wage relative to the initial steady state), W_rel, labour_share
    (WL/(WL+rK)), labour_share_gross, Y_rel (gross output relative to the initial one), C_rel,
    k, c, y, r, I_star, band_adopted (share of the band done by capital). Summary keys:
    impact_dlnW, trough_dlnW, trough_year, recovery_year, lr_dlnW, ls_before, ls_impact, ls_lr,
    impact_dlnY, lr_dlnY, band_adopted_impact, band_adopted_year (first date the whole band is
    done by capital), impact_floor_dlnW, cost_saving, converged, bc_residual."""
    if p.theta <= 0:
        raise ModelError("A-R: the transition needs theta > 0 (with theta = 0 capital jumps at once)")
    before = steady_state(p, Band(b.n0))
    if t_report is None:
        t_report = np.arange(0.0, 100.0 + 1e-9, 0.25)
    t_report = np.asarray(t_report, dtype=float)
    if b.dI == 0:  # no shock: the economy stays in its steady state
        return _no_shock(p, b, before, t_report, T)
    after = steady_state(p, b)
    k0 = before["k"]
    u0, us, vs = math.log(k0), math.log(after["k"]), math.log(after["c"])
    sp = BandSpline(p, b, min(u0, us) - 0.7, max(u0, us) + 0.7)
    fun, jac = saddle_system(p, sp)
    sol, bc_res = saddle_path(fun, u0, us, vs, T, fun_jac=jac)
    converged = bool(sol.status == 0 and bc_res < 1e-8)
    if t_report.max() > T:
        raise ModelError(f"A-R AI band: report times beyond the horizon T = {T}")
    lnw0, lny0, lnc0 = math.log(before["w"]), math.log(before["y"]), math.log(before["c"])
    u, v = sol.sol(t_report)
    lnW_rel = sp("lnw", u) - lnw0
    band_share = (np.clip(sp("I_star", u), 0.0, b.dI) / b.dI) if b.dI > 0 else np.ones_like(u)
    path = pd.DataFrame(
        dict(
            t=t_report,
            lnW_rel=lnW_rel,
            W_rel=np.exp(lnW_rel),
            labour_share=sp("labour_share", u),
            labour_share_gross=sp("labour_share_gross", u),
            Y_rel=np.exp(sp("lny", u) - lny0),
            C_rel=np.exp(v - lnc0),
            k=np.exp(u),
            c=np.exp(v),
            y=np.exp(sp("lny", u)),
            r=np.exp(sp("lnr", u)),
            I_star=sp("I_star", u),
            band_adopted=band_share,
        )
    )

    def lnW_rel_at(t):
        return float(sp("lnw", sol.sol(t)[0]) - lnw0)

    fine = np.linspace(0.0, min(T, 200.0), 4001)
    uf = sol.sol(fine)[0]
    lw = sp("lnw", uf) - lnw0
    jmin = int(np.flatnonzero(lw <= lw.min() + 1e-10)[0])  # the first date of a flat trough
    recovery = recovery_date(fine, lw, lnW_rel_at, tol=1e-12)
    v_imp = solve_v(p, b, k0)
    imp = assemble(p, b.dI, b.n0, ratio(p, b, v_imp), k0)  # static(p, b, k0)
    adopted = np.nonzero(sp("v", uf) >= b.dI - 1e-12)[0] if b.dI > 0 else np.array([0])
    summary = dict(
        impact_dlnW=math.log(imp.W) - lnw0,
        lr_dlnW=math.log(after["w"]) - lnw0,
        trough_dlnW=float(min(lw[jmin], math.log(imp.W) - lnw0)),
        trough_year=float(fine[jmin]),
        recovery_year=recovery,
        ls_before=before["labour_share"],
        ls_impact=imp.labour_share,
        ls_lr=after["labour_share"],
        impact_dlnY=math.log(imp.Y) - lny0,
        lr_dlnY=math.log(after["y"]) - lny0,
        band_adopted_impact=(min(max(v_imp, 0.0), b.dI) / b.dI) if b.dI > 0 else 1.0,
        band_adopted_year=float(fine[adopted[0]]) if len(adopted) else math.inf,
        impact_floor_dlnW=(math.log(impact_floor(p, b, k0)) - lnw0) if b.lam == 1 and b.dI > 0 else math.nan,
        cost_saving=1 - p.R_star(0.0) / before["w"],
        converged=converged,
        bc_residual=bc_res,
        n0=b.n0,
        dI=b.dI,
        lam=b.lam,
        T=T,
    )
    return path, summary


def _no_shock(p: Params, b: Band, ss: dict, t_report, T: float) -> tuple[pd.DataFrame, dict]:
    n = len(t_report)
    path = pd.DataFrame(
        dict(
            t=t_report,
            lnW_rel=np.zeros(n),
            W_rel=np.ones(n),
            labour_share=np.full(n, ss["labour_share"]),
            labour_share_gross=np.full(n, ss["eq"].labour_share_gross),
            Y_rel=np.ones(n),
            C_rel=np.ones(n),
            k=np.full(n, ss["k"]),
            c=np.full(n, ss["c"]),
            y=np.full(n, ss["y"]),
            r=np.full(n, ss["r"]),
            I_star=np.full(n, ss["I_star"]),
            band_adopted=np.ones(n),
        )
    )
    summary = dict(
        impact_dlnW=0.0,
        lr_dlnW=0.0,
        trough_dlnW=0.0,
        trough_year=0.0,
        recovery_year=0.0,
        ls_before=ss["labour_share"],
        ls_impact=ss["labour_share"],
        ls_lr=ss["labour_share"],
        impact_dlnY=0.0,
        lr_dlnY=0.0,
        band_adopted_impact=1.0,
        band_adopted_year=0.0,
        impact_floor_dlnW=math.nan,
        cost_saving=1 - p.R_star(0.0) / ss["w"],
        converged=True,
        bc_residual=0.0,
        n0=b.n0,
        dI=0.0,
        lam=b.lam,
        T=T,
    )
    return path, summary


__all__ = [
    "Band",
    "BandSpline",
    "allocation",
    "cost_saving",
    "impact_floor",
    "longrun",
    "n0_for_cost_saving",
    "ratio",
    "saddle_path",
    "solve_v",
    "static",
    "steady_state",
    "transition",
]
