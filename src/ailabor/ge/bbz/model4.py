"""BBZ Model 4 (spec §5, Appendix C): Model 3 plus a non-automatable sector 2.

Sector 1 (automatable, good 1 = numeraire, consumed and invested) is Model 3:
Q1 = F1[H(K1, S1), V(L1, bZ)]. Sector 2 produces a consumption good at relative price p2 with
low-skill labour in the upper tier and a (K2, S2) composite in the lower one. L and S move
freely between sectors, K1 and K2 are sector-specific, robots work only in sector 1. Everyone
consumes the CES basket of the two goods (share parameter m, elasticity epsilon); workers
consume their wage, savers (capitalists and skilled workers) solve the Ramsey problem with
the price of consumption p in their Euler equations (spec A15).

Calibration choices the paper leaves open (spec §5.6, A14), all parameters in
:class:`~.params.Params`: p2 = 1 and L1 = 1 at the initial steady state; sector 1 has
Model 3's shares and skill premium; sector 2's cost shares (``na_theta_*``), the initial
consumption share of good 2 (``gamma``) and epsilon are free. Both goods' outputs and all
factor allocations follow from these and the steady-state conditions.

Static block: given (K1, K2, Z, b) and investment I, three unknowns (the L and S splits and
p2) solve wage equalisation for L and S and the good-2 market, with savers' consumption from
their budget; a batched Newton iteration solves all time points at once.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special

from . import ModelError
from .base import LevelModel
from .ces import ces
from .params import Params


class Model4(LevelModel):
    name = "Model 4"
    stocks = ("K1", "K2", "Z")

    def __init__(self, p: Params):
        super().__init__(p)
        R = p.R
        # sector 1 = Model 3 with Q1_0 = 1, L1_0 = 1
        self.th_L1 = p.theta_L - p.theta_S
        self.w0 = self.th_L1
        self.ws0 = p.premium * self.w0
        self.th_H = p.theta_K + p.theta_S
        self.th_V = self.th_L1 + p.theta_Z
        self.chi_k, self.chi_s = p.theta_K / self.th_H, p.theta_S / self.th_H
        self.alpha_L, self.alpha_z = self.th_L1 / self.th_V, p.theta_Z / self.th_V
        self.K10, self.Z0, self.S10, self.L10 = p.theta_K / R, p.theta_Z / R, p.theta_S / self.ws0, 1.0
        # sector 2
        shares = (p.na_theta_K, p.na_theta_S, p.na_theta_L)
        if abs(sum(shares) - 1) > 1e-9 or min(shares) <= 0:
            raise ModelError(f"Model 4: sector-2 cost shares must be positive and sum to 1, got {shares}")
        self.th_G = p.na_theta_K + p.na_theta_S
        self.chi_k2, self.chi_s2 = p.na_theta_K / self.th_G, p.na_theta_S / self.th_G
        if not 0 < p.gamma < 1:
            raise ModelError(f"Model 4: the consumption share of good 2 must be in (0, 1), got {p.gamma}")
        self.m_c = 1 - p.gamma  # CES weight of good 1 in consumption (p = p2 = 1 initially)
        d = p.delta
        self.Q20 = p.gamma * (1 - d * (p.theta_K + p.theta_Z) / R) / (1 - p.gamma * (1 - d * p.na_theta_K / R))
        self.K20 = p.na_theta_K * self.Q20 / R
        self.L20 = p.na_theta_L * self.Q20 / self.w0
        self.S20 = p.na_theta_S * self.Q20 / self.ws0
        self.L = self.L10 + self.L20
        self.S = self.S10 + self.S20
        self.K0 = self.K10 + self.K20
        self._x0 = np.array([math.log(self.L10 / self.L20), math.log(self.S10 / self.S20), 0.0])

    @property
    def X0(self):
        return np.array([self.K10, self.K20, self.Z0])

    def price_index(self, p2):
        e = self.p.epsilon
        if abs(e - 1) < 1e-10:
            return p2 ** (1 - self.m_c)
        return (self.m_c + (1 - self.m_c) * p2 ** (1 - e)) ** (1 / (1 - e))

    def _block(self, x, K1, K2, Z, b, I):
        p = self.p
        uL, uS, lp2 = x
        L1, L2 = self.L * special.expit(uL), self.L * special.expit(-uL)
        S1, S2 = self.S * special.expit(uS), self.S * special.expit(-uS)
        p2 = np.exp(lp2)
        zz = b * Z / (p.b0 * self.Z0)
        H, (H_k, H_s) = ces([self.chi_k, self.chi_s], [K1 / self.K10, S1 / self.S10], p.sigma3)
        V, (V_l, V_z) = ces([self.alpha_L, self.alpha_z], [L1 / self.L10, zz], p.sigma2)
        Q1, (F_H, F_V) = ces([self.th_H, self.th_V], [H, V], p.sigma1)
        G, (G_k, G_s) = ces([self.chi_k2, self.chi_s2], [K2 / self.K20, S2 / self.S20], p.beta3)
        q2, (F2_G, F2_L) = ces([self.th_G, p.na_theta_L], [G, L2 / self.L20], p.beta1)
        Q2 = self.Q20 * q2
        w1, ws1 = F_V * V_l / self.L10, F_H * H_s / self.S10
        w2 = p2 * self.Q20 * F2_L / self.L20
        ws2 = p2 * self.Q20 * F2_G * G_s / self.S20
        r_k1, r_z = F_H * H_k / self.K10, F_V * V_z * b / (p.b0 * self.Z0)
        r_k2 = p2 * self.Q20 * F2_G * G_k / self.K20
        P = self.price_index(p2)
        X = np.array([K1, K2, Z])
        income = r_k1 * K1 + r_k2 * K2 + r_z * Z + ws1 * self.S
        c = (income - I.sum(axis=0) - self.adjustment(X, I).sum(axis=0)) / P
        demand = (1 - self.m_c) * (p2 / P) ** (-p.epsilon) * (c + w1 * self.L / P)
        F = np.array([np.log(w1 / w2), np.log(ws1 / ws2), (Q2 - demand) / self.Q20])
        vals = dict(
            Q1=Q1,
            Q2=Q2,
            p2=p2,
            P=P,
            w=w1,
            w_s=ws1,
            r_k1=r_k1,
            r_k2=r_k2,
            r_z=r_z,
            income=income,
            c=c,
            L1=L1,
            L2=L2,
            S1=S1,
            S2=S2,
        )
        return F, vals

    def solve_block(self, K1, K2, Z, b, I, x0=None):
        K1, K2, Z, b = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (K1, K2, Z, b)))
        N = K1.shape
        x = np.array([np.broadcast_to(v, N).astype(float) for v in (x0 if x0 is not None else self._x0)])
        for _ in range(60):
            F, vals = self._block(x, K1, K2, Z, b, I)
            if np.nanmax(np.abs(F)) < 1e-13:
                return x, vals
            h = 1e-7
            Jm = np.empty((3, 3) + N)
            for k in range(3):
                xp = x.copy()
                xp[k] = xp[k] + h
                Jm[:, k] = (self._block(xp, K1, K2, Z, b, I)[0] - F) / h
            step = np.linalg.solve(np.moveaxis(Jm.reshape(3, 3, -1), 2, 0), F.reshape(3, -1).T[:, :, None])[
                :, :, 0
            ].T.reshape((3,) + N)
            lam = 1.0
            norm0 = np.abs(F).max(axis=0)
            for _ls in range(20):
                xn = x - lam * step
                Fn = self._block(xn, K1, K2, Z, b, I)[0]
                ok = np.isfinite(Fn).all(axis=0) & (np.abs(Fn).max(axis=0) < norm0 * (1 - 1e-4 * lam) + 1e-15)
                if ok.all():
                    break
                lam *= 0.5
            x = xn
        F, vals = self._block(x, K1, K2, Z, b, I)
        if not np.nanmax(np.abs(F)) < 1e-9:
            raise ModelError(f"Model 4: the static block did not converge (max residual {np.nanmax(np.abs(F)):.3g})")
        return x, vals

    def static(self, X, b, I=None) -> dict:
        X = np.asarray(X, dtype=float)
        if I is None:
            I = self.p.delta * X
        K1, K2, Z = X
        _, v = self.solve_block(K1, K2, Z, b, I)
        P = v["P"]
        Qn = v["Q1"] + v["p2"] * v["Q2"]
        return dict(
            Q=v["Q1"] + v["Q2"],
            Q_nominal=Qn,
            Q1=v["Q1"],
            Q2=v["Q2"],
            p2=v["p2"],
            p=P,
            w=v["w"],
            w_s=v["w_s"],
            omega=v["w"] / P,
            omega_s=v["w_s"] / P,
            r_k1=v["r_k1"],
            r_k2=v["r_k2"],
            r_z=v["r_z"],
            r=np.array([v["r_k1"], v["r_k2"], v["r_z"]]),
            income=v["income"],
            c=v["c"],
            labour=v["w"] * self.L,
            skilled_income=v["w_s"] * self.S,
            K=K1 + K2,
            Z=Z,
            L1=v["L1"],
            S1=v["S1"],
            share_L=v["w"] * self.L / Qn,
            share_S=v["w_s"] * self.S / Qn,
            share_K=(v["r_k1"] * K1 + v["r_k2"] * K2) / Qn,
            share_Z=v["r_z"] * Z / Qn,
        )

    def consumption(self, X, b, I, st=None):
        st = st or self.static(X, b, I)
        return st["c"]

    def derivatives(self, X, b, I, rel: float = 1e-6) -> dict:
        """Central differences of c and p in every state and investment variable."""
        X, I = np.asarray(X, dtype=float), np.asarray(I, dtype=float)
        K1, K2, Z = X
        x, v = self.solve_block(K1, K2, Z, b, I)
        out = dict(c=v["c"], p=v["P"], r=np.array([v["r_k1"], v["r_k2"], v["r_z"]]))

        def cp(Xa, ba, Ia):
            _, vv = self.solve_block(*Xa, ba, Ia, x0=x)
            return vv["c"], vv["P"]

        for name, arr in (("X", X), ("I", I)):
            dc, dp = np.empty_like(arr), np.empty_like(arr)
            for j in range(3):
                h = rel * np.maximum(np.abs(arr[j]), 1e-3)
                ap, am = arr.copy(), arr.copy()
                ap[j] += h
                am[j] -= h
                cpl, ppl = cp(ap if name == "X" else X, b, ap if name == "I" else I)
                cmi, pmi = cp(am if name == "X" else X, b, am if name == "I" else I)
                dc[j], dp[j] = (cpl - cmi) / (2 * h), (ppl - pmi) / (2 * h)
            out[f"c_{name}"], out[f"p_{name}"] = dc, dp
        hb = rel * b
        cpl, ppl = cp(X, b + hb, I)
        cmi, pmi = cp(X, b - hb, I)
        out["c_b"], out["p_b"] = (cpl - cmi) / (2 * hb), (ppl - pmi) / (2 * hb)
        return out

    def steady(self, b_bar=None) -> dict:
        """All rentals at rho + delta with I = delta X: a 3-D root in ln X, by continuation in b."""
        p = self.p
        b_bar = p.b_bar if b_bar is None else b_bar
        lx = np.log(self.X0)
        for b in np.geomspace(p.b0, b_bar, 9)[1:]:

            def f(l, b=b):
                X = np.exp(l)
                st = self.static(X, np.asarray(b), p.delta * X)
                return np.log(np.asarray(st["r"], dtype=float) / p.R)

            sol = optimize.root(f, lx, method="hybr", tol=1e-13)
            if not sol.success:
                raise ModelError(f"Model 4: no steady state found at b = {b:.4g} ({sol.message})")
            lx = sol.x
        X = np.exp(lx)
        st = self.static(X, np.asarray(b_bar), p.delta * X)
        return dict(
            X=X,
            W=float(st["omega"] / self.w0),
            WS=float(st["omega_s"] / self.ws0),
            Q=float(st["Q"]),
            share_L=float(st["share_L"]),
        )
