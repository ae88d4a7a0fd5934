"""BBZ Models 1-3 (spec §2-4): static block in the normalised primal, steady states from the
dual closed forms, and the saver's budget. Model 4 lives in :mod:`.model4`, the interface all
four share in :mod:`.base`; :func:`make` builds any of the four by name.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special

from . import ModelError
from .base import LevelModel
from .ces import CD_TOL, ces, rho, unit_cost
from .model4 import Model4
from .params import Params


def _root(f, lo: float = -1.0, hi: float = 1.0, limit: float = 40.0) -> float:
    """Root of a monotone function by brentq, widening [lo, hi] until the sign changes;
    points where f is undefined are skipped. Raises ValueError when there is no root."""

    def safe(x):
        try:
            with np.errstate(all="ignore"):
                v = f(x)
        except (ValueError, ZeroDivisionError, OverflowError):
            return math.nan
        return v

    while True:
        flo, fhi = safe(lo), safe(hi)
        if math.isfinite(flo) and math.isfinite(fhi) and flo * fhi <= 0:
            return optimize.brentq(f, lo, hi, xtol=1e-14, rtol=4 * np.finfo(float).eps)
        if hi - lo > 2 * limit:
            raise ValueError("no sign change")
        lo, hi = lo - (hi - lo) / 2, hi + (hi - lo) / 2


def _primal_root(model: LevelModel, b_bar: float, guess) -> np.ndarray:
    """Stocks at which every rental equals rho + delta (numerical cross-check of closed forms)."""

    def f(lx):
        X = np.exp(lx)
        st = model.static(X, np.asarray(b_bar, dtype=float), model.p.delta * X)
        return np.log(np.asarray(st["r"], dtype=float) / model.p.R)

    sol = optimize.root(f, np.log(guess), method="hybr", tol=1e-13)
    if not sol.success:
        raise ModelError(f"{model.name}: no steady state found at b = {b_bar} ({sol.message})")
    return np.exp(sol.x)


def _log_ces2(a1: float, a2: float, l1, l2, r: float, la1: float | None = None, la2: float | None = None):
    """ln X of the two-input normalised CES (:func:`.ces.ces`) from the inputs' logs, and the
    first input's share a1 (x1 / X)^r; a log-sum-exp, so extreme inputs neither overflow nor
    underflow. ``la1``, ``la2``: ln a1 and ln a2 if the caller has them (-inf for a weight 0)."""
    if abs(r) < CD_TOL:  # Cobb-Douglas
        return a1 * l1 + a2 * l2, np.full(np.shape(l1), a1)
    if la1 is None or la2 is None:
        with np.errstate(divide="ignore"):
            la1, la2 = float(np.log(a1)), float(np.log(a2))
    t1, t2 = la1 + r * l1, la2 + r * l2
    s = np.logaddexp(t1, t2)
    return s / r, np.exp(t1 - s)


class Model1(LevelModel):
    """Robots compete with all labour in all tasks: Q = F(K, V(L, bZ))."""

    name = "Model 1"

    def __init__(self, p: Params):
        super().__init__(p)
        self.stocks = ("Z",) if p.fixed_K else ("K", "Z")
        self.theta_V = p.theta_L + p.theta_Z
        self.alpha_z = p.theta_Z / self.theta_V
        self.alpha_L = p.theta_L / self.theta_V

    @property
    def X0(self):
        return np.array([self.Z0]) if self.p.fixed_K else np.array([self.K0, self.Z0])

    def _KZ(self, X):
        X = np.asarray(X, dtype=float)
        if self.p.fixed_K:
            return np.full_like(X[0], self.K0), X[0]
        return X[0], X[1]

    def static(self, X, b, I=None) -> dict:
        p = self.p
        K, Z = self._KZ(X)
        zz = b * Z / (p.b0 * self.Z0)
        V, (V_l, V_z) = ces([self.alpha_L, self.alpha_z], [np.ones_like(zz), zz], p.sigma2)
        Q, (Q_k, Q_V) = ces([p.theta_K, self.theta_V], [K / self.K0, V], p.sigma1)
        w = Q_V * V_l  # L0 = 1
        r_k = Q_k / self.K0
        r_z = Q_V * V_z * b / (p.b0 * self.Z0)
        r = np.array([r_z]) if p.fixed_K else np.array([r_k, r_z])
        out = dict(
            Q=Q,
            w=w,
            r_k=r_k,
            r_z=r_z,
            r=r,
            income=r_k * K + r_z * Z,
            p=np.ones_like(Q),
            labour=w,
            K=K,
            Z=Z,
            share_L=w / Q,
            share_K=r_k * K / Q,
            share_Z=r_z * Z / Q,
        )
        if p.fixed_K:
            out["fixed_investment"] = p.delta * self.K0  # keeps K at K0
        return out

    def steady(self, b_bar=None) -> dict:
        """Exact long run (spec §2.4): with r_k fixed, zero profit pins f = f0."""
        p = self.p
        b_bar = p.b_bar if b_bar is None else b_bar
        B = b_bar / p.b0
        if p.fixed_K:  # only Z adjusts (spec §2.5)
            guess = np.array([self.Z0 * B])
            Z = _primal_root(self, b_bar, guess)
            return dict(X=Z, W=float(self.static(Z, np.asarray(b_bar))["w"] / self.w0))
        s2 = p.sigma2
        if abs(s2 - 1) < 1e-10:
            W = B ** (self.alpha_z / self.alpha_L)
            thL_new = p.theta_L
        else:
            x = self.alpha_z * B ** (s2 - 1)
            if s2 > 1 and x >= 1:
                raise ModelError(
                    f"Model 1 has no steady state at sigma2={s2}, b_bar/b0={B:.4g}: alpha_z B^(sigma2-1) = {x:.4g} >= "
                    "1, output grows without bound (spec §2.4)"
                )
            W = ((1 - x) / self.alpha_L) ** (1 / (1 - s2))
            thL_new = self.theta_V * (1 - x)
        Qr = W * p.theta_L / thL_new
        K = Qr * self.K0
        Z = Qr * (self.theta_V - thL_new) / p.theta_Z * self.Z0
        return dict(X=np.array([K, Z]), W=W, Q=Qr, share_L=thL_new)


class Model2(LevelModel):
    """Some labour works with K: Q = F[H(K, L2), V(L1, bZ)], L1 + L2 = L, one wage."""

    name = "Model 2"

    def __init__(self, p: Params):
        super().__init__(p)
        self.theta_L1 = p.theta_L - p.theta_L2
        self.theta_H = p.theta_K + p.theta_L2
        self.theta_V = self.theta_L1 + p.theta_Z
        self.chi_k = p.theta_K / self.theta_H
        self.chi_L = p.theta_L2 / self.theta_H
        self.alpha_z = p.theta_Z / self.theta_V
        self.alpha_L = self.theta_L1 / self.theta_V
        self.L10 = self.theta_L1 / self.w0
        self.L20 = p.theta_L2 / self.w0
        self._r = (rho(p.sigma1), rho(p.sigma2), rho(p.sigma3))
        with np.errstate(divide="ignore"):  # ln of the CES weights, once (-inf for a weight 0)
            self._ln_w = tuple(float(np.log(a)) for a in (self.alpha_L, self.alpha_z, self.chi_L, self.chi_k))
            self._lnL10, self._lnL20 = float(np.log(self.L10)), float(np.log(self.L20))
            self._g0 = float(
                np.log(self.theta_V)
                + np.log(self.alpha_L)
                + self._lnL20
                - np.log(self.theta_H)
                - np.log(self.chi_L)
                - self._lnL10
            )

    def _mp(self, u, K, zz):
        p = self.p
        L1, L2 = special.expit(u), special.expit(-u)
        H, (H_k, H_l) = ces([self.chi_k, self.chi_L], [K / self.K0, L2 / self.L20], p.sigma3)
        V, (V_l, V_z) = ces([self.alpha_L, self.alpha_z], [L1 / self.L10, zz], p.sigma2)
        Q, (Q_H, Q_V) = ces([self.theta_H, self.theta_V], [H, V], p.sigma1)
        return L1, L2, H, V, Q, H_k, H_l, V_l, V_z, Q_H, Q_V

    def _g(self, u, lnk, lnz):
        """g(u) = ln MPL1 - ln MPL2 and its slope g'(u), in closed form from the logs of the inputs.

        With L1 = expit(u), L2 = expit(-u), x1 = L1/L10, x2 = L2/L20 and the CES marginal
        products (:func:`.ces.ces`), ln Q cancels:
        g = ln(theta_V alpha_L L20 / (theta_H chi_L L10)) + (r1-1)(ln V - ln H) + (r2-1)(ln x1 - ln V)
        - (r3-1)(ln x2 - ln H), and with s_V1, s_H2 the shares of L1 in V and of L2 in H
        (d ln x1/du = L2, d ln x2/du = -L1),
        g' = L2 [(r1-1) s_V1 + (r2-1)(1 - s_V1)] + L1 [(r1-1) s_H2 + (r3-1)(1 - s_H2)] < 0."""
        r1, r2, r3 = self._r
        lL1, lL2 = -np.logaddexp(0.0, -u), -np.logaddexp(0.0, u)  # ln expit(u), ln expit(-u)
        lx1, lx2 = lL1 - self._lnL10, lL2 - self._lnL20
        la_L, la_z, lc_L, lc_k = self._ln_w
        lnV, sV1 = _log_ces2(self.alpha_L, self.alpha_z, lx1, lnz, r2, la_L, la_z)
        lnH, sH2 = _log_ces2(self.chi_L, self.chi_k, lx2, lnk, r3, lc_L, lc_k)
        g = self._g0 + (r1 - 1) * (lnV - lnH) + (r2 - 1) * (lx1 - lnV) - (r3 - 1) * (lx2 - lnH)
        L1, L2 = np.exp(lL1), np.exp(lL2)
        slope = L2 * ((r1 - 1) * sV1 + (r2 - 1) * (1 - sV1)) + L1 * ((r1 - 1) * sH2 + (r3 - 1) * (1 - sH2))
        return g, slope

    def _no_split(self) -> ModelError:
        return ModelError(f"Model 2: no interior labour split (sigma2={self.p.sigma2}, sigma3={self.p.sigma3})")

    def split(self, K, zz, u0=None):
        """u = ln(L1/L2) equalising the marginal products of L1 and L2: g(u) = ln MPL1 - ln MPL2
        is decreasing in u; vectorised Newton steps (closed-form slope, :meth:`_g`) from ``u0``
        (default: the initial split), kept inside a bracket [lo, hi] = [-300, 300] that every
        evaluation narrows, with bisection whenever a step leaves it. A split that ends at the
        bracket's edge is checked there: no sign change is no interior split (an error)."""
        if all(r == 1.0 for r in self._r):  # perfect substitutes everywhere: g = 0, any split
            raise self._no_split()
        K, zz = np.broadcast_arrays(np.asarray(K, dtype=float), np.asarray(zz, dtype=float))
        with np.errstate(all="ignore"):
            lnk, lnz = np.log(K / self.K0), np.log(zz)
        lo, hi = np.full(K.shape, -300.0), np.full(K.shape, 300.0)
        start = math.log(self.L10 / self.L20) if u0 is None else u0
        u = np.clip(np.broadcast_to(np.asarray(start, dtype=float), K.shape), -299.0, 299.0)
        with np.errstate(all="ignore"):
            for _ in range(200):
                gu, slope = self._g(u, lnk, lnz)
                up = gu > 0
                lo = np.where(up, u, lo)
                hi = np.where(up, hi, u)
                step = -gu / slope
                new = u + step
                zero = gu == 0
                done = (np.abs(step) < 1e-14 * np.maximum(1.0, np.abs(u))) | zero | (hi - lo < 1e-13)
                finite = np.isfinite(new)
                bad = ~done & (~finite | (new <= lo) | (new >= hi) | ~(slope < 0))
                new = np.where(bad, 0.5 * (lo + hi), new)
                u = np.where(zero | (done & ~np.isfinite(new)), u, new)
                if done.all():
                    break
        if np.any(np.abs(u) > 299.0):  # at an edge: is there a root inside the bracket at all?
            with np.errstate(all="ignore"):
                glo, ghi = self._g(np.full(K.shape, -300.0), lnk, lnz)[0], self._g(np.full(K.shape, 300.0), lnk, lnz)[0]
            if np.any(glo <= 0) or np.any(ghi >= 0):
                raise self._no_split()
        return u

    def warm_start(self, st: dict) -> dict:
        """Start the split of a nearby point (a finite-difference step) at this point's split."""
        with np.errstate(all="ignore"):
            return dict(u0=np.log(st["L1"]) - np.log(st["L2"]))

    def static(self, X, b, I=None, u0=None) -> dict:
        p = self.p
        K, Z = np.asarray(X, dtype=float)
        zz = b * Z / (p.b0 * self.Z0)
        u = self.split(K, zz, u0)
        L1, L2, H, V, Q, H_k, H_l, V_l, V_z, Q_H, Q_V = self._mp(u, K, zz)
        w = Q_V * V_l / self.L10
        r_k = Q_H * H_k / self.K0
        r_z = Q_V * V_z * b / (p.b0 * self.Z0)
        return dict(
            Q=Q,
            w=w,
            r_k=r_k,
            r_z=r_z,
            r=np.array([r_k, r_z]),
            income=r_k * K + r_z * Z,
            p=np.ones_like(Q),
            labour=w,
            K=K,
            Z=Z,
            L1=L1,
            L2=L2,
            share_L=w / Q,
            share_K=r_k * K / Q,
            share_Z=r_z * Z / Q,
        )

    def lr_costs(self, W):
        """Dual block at long-run rentals: unit cost and shares for relative wage W."""
        p = self.p
        h, (ck, cl) = unit_cost([self.chi_k, self.chi_L], [1.0, W], p.sigma3)
        f, (al, az) = unit_cost([self.alpha_L, self.alpha_z], [W, p.b0 / p.b_bar], p.sigma2)
        C, (tH, tV) = unit_cost([self.theta_H, self.theta_V], [h, f], p.sigma1)
        return C, dict(theta_K=tH * ck, theta_L2=tH * cl, theta_L1=tV * al, theta_Z=tV * az)

    def steady(self, b_bar=None) -> dict:
        """Exact long run (spec §3.4): C(h(R, w), f(w, R/b_bar)) = 1, a 1-D root in ln W."""
        p = self.p if b_bar is None else self.p.with_(b_bar=b_bar)
        m = Model2(p)
        try:
            lnW = _root(lambda x: math.log(m.lr_costs(math.exp(x))[0]))
        except ValueError:
            raise ModelError(
                f"Model 2 has no steady state at sigma2={p.sigma2}, sigma3={p.sigma3}, b_bar={p.b_bar}"
            ) from None
        W = math.exp(lnW)
        sh = m.lr_costs(W)[1]
        thL = sh["theta_L1"] + sh["theta_L2"]
        Qr = W * p.theta_L / thL
        return dict(
            X=np.array([Qr * sh["theta_K"] / p.theta_K * self.K0, Qr * sh["theta_Z"] / p.theta_Z * self.Z0]),
            W=W,
            Q=Qr,
            share_L=thL,
            L1=sh["theta_L1"] / thL,
        )


class Model3(LevelModel):
    """Robots substitute for low-skill labour and complement skilled labour:
    Q = F[H(K, S), V(L, bZ)]; skilled workers save with the capitalists."""

    name = "Model 3"

    def __init__(self, p: Params):
        super().__init__(p)
        self.theta_L3 = p.theta_L - p.theta_S  # low-skill share (.31)
        self.w0 = self.theta_L3
        self.ws0 = p.premium * self.w0
        self.S = p.theta_S / self.ws0
        self.theta_H = p.theta_K + p.theta_S
        self.theta_V = self.theta_L3 + p.theta_Z
        self.chi_k = p.theta_K / self.theta_H
        self.chi_s = p.theta_S / self.theta_H
        self.alpha_z = p.theta_Z / self.theta_V
        self.alpha_L = self.theta_L3 / self.theta_V

    def static(self, X, b, I=None) -> dict:
        p = self.p
        K, Z = np.asarray(X, dtype=float)
        zz = b * Z / (p.b0 * self.Z0)
        H, (H_k, H_s) = ces([self.chi_k, self.chi_s], [K / self.K0, np.ones_like(K)], p.sigma3)
        V, (V_l, V_z) = ces([self.alpha_L, self.alpha_z], [np.ones_like(zz), zz], p.sigma2)
        Q, (Q_H, Q_V) = ces([self.theta_H, self.theta_V], [H, V], p.sigma1)
        w = Q_V * V_l  # L0 = 1
        ws = Q_H * H_s / self.S
        r_k = Q_H * H_k / self.K0
        r_z = Q_V * V_z * b / (p.b0 * self.Z0)
        return dict(
            Q=Q,
            w=w,
            w_s=ws,
            r_k=r_k,
            r_z=r_z,
            r=np.array([r_k, r_z]),
            income=r_k * K + r_z * Z + ws * self.S,
            p=np.ones_like(Q),
            labour=w,
            skilled_income=ws * self.S,
            K=K,
            Z=Z,
            share_L=w / Q,
            share_S=ws * self.S / Q,
            share_K=r_k * K / Q,
            share_Z=r_z * Z / Q,
        )

    def lr_costs(self, W, WS, b_bar):
        p = self.p
        h, (ck, cs) = unit_cost([self.chi_k, self.chi_s], [1.0, WS], p.sigma3)
        f, (al, az) = unit_cost([self.alpha_L, self.alpha_z], [W, p.b0 / b_bar], p.sigma2)
        C, (tH, tV) = unit_cost([self.theta_H, self.theta_V], [h, f], p.sigma1)
        return C, dict(theta_K=tH * ck, theta_S=tH * cs, theta_L=tV * al, theta_Z=tV * az)

    def steady(self, b_bar=None) -> dict:
        """Exact long run (spec §4.3): zero profit and relative factor supply, 2 unknowns."""
        p = self.p
        b_bar = p.b_bar if b_bar is None else b_bar

        def ws_for(W):
            return math.exp(_root(lambda x: math.log(self.lr_costs(W, math.exp(x), b_bar)[0])))

        def resid(lnW):
            W = math.exp(lnW)
            WS = ws_for(W)
            sh = self.lr_costs(W, WS, b_bar)[1]
            return math.log(WS / W) - math.log((sh["theta_S"] / sh["theta_L"]) / (p.theta_S / self.theta_L3))

        try:
            W = math.exp(_root(resid))
            WS = ws_for(W)
        except ValueError:
            raise ModelError(
                f"Model 3 has no steady state at sigma1={p.sigma1}, sigma2={p.sigma2}, sigma3={p.sigma3}, b_bar={b_bar}"
            ) from None
        sh = self.lr_costs(W, WS, b_bar)[1]
        Qr = W * self.theta_L3 / sh["theta_L"]
        return dict(
            X=np.array([Qr * sh["theta_K"] / p.theta_K * self.K0, Qr * sh["theta_Z"] / p.theta_Z * self.Z0]),
            W=W,
            WS=WS,
            Q=Qr,
            share_L=sh["theta_L"],
            share_S=sh["theta_S"],
        )


def make(model: str, p: Params) -> LevelModel:
    if model in ("1", "model1"):
        return Model1(p)
    if model in ("2", "model2"):
        return Model2(p)
    if model in ("3", "model3"):
        return Model3(p)
    if model in ("4", "model4"):
        return Model4(p)
    raise KeyError(model)
