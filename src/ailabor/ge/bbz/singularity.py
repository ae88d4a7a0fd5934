"""The "singularity": robots and labour perfect substitutes (sigma2 = infinity, sigma1 = 1),
Appendix B of the paper (spec §2.7).

Q = n K^theta (L + bZ)^{1-theta}. The economy grows for ever, so the dynamics are written in
variables scaled by K: z = Z/K, ell = L/K, i_k = I_k/K, i_z = I_z/K (state y = (z, ell, b,
i_k, i_z); z, ell, b predetermined). On the balanced growth path ell = 0 and (g, z) solve
(B12)-(B13). The LIN and NL solvers of :mod:`.dynamics` work on this system unchanged; levels
are recovered with K(t) = K0 exp(∫ g_k).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import integrate, optimize

from . import ModelError
from .params import Params


class SingularitySystem:
    labels = ["z", "ell", "b", "i_k", "i_z"]

    def __init__(self, p: Params):
        self.p = p
        self.theta = p.theta_K
        self.n, self.n_pre = 5, 3
        R = p.R
        self.K0, self.Z0, self.L = p.theta_K / R, p.theta_Z / R, 1.0
        self.nTFP = 1.0 / (self.K0**self.theta * (self.L + p.b0 * self.Z0) ** (1 - self.theta))
        self.w0 = self.nTFP * (1 - self.theta) * ((self.L + p.b0 * self.Z0) / self.K0) ** (-self.theta)
        if abs(p.b0 * self.w0 - R) > 1e-9 * R:
            raise ModelError(
                f"singularity: b0 must equal (rho+delta)/w0 = {R / self.w0:.6f} for an initial steady state (spec "
                f"A19), got {p.b0}"
            )
        self.g, zbar = self.bgp(p.b_bar)
        self.ybar = np.array([zbar, 0.0, p.b_bar, p.delta + self.g, (p.delta + self.g) * zbar])
        self.y0_pre = np.array([self.Z0 / self.K0, self.L / self.K0, p.b_init])

    # -- prices ---------------------------------------------------------------------------
    def prices(self, z, ell, b):
        u = ell + b * z
        th, n = self.theta, self.nTFP
        return (
            n * th * u ** (1 - th),
            b * n * (1 - th) * u ** (-th),
            n * (1 - th) * u ** (-th),
            n * u ** (1 - th),
        )  # r_k, r_z, w, Q/K

    def bgp(self, b: float) -> tuple[float, float]:
        """(g, z) on the balanced growth path, (B12)-(B13)."""
        p = self.p

        def lhs(g, v):
            return g * (1 + p.tau * v * (g * (2 - p.tau) / (2 * p.tau) + p.rho))

        def f(x):
            g, z = x[0], math.exp(x[1])
            r_k, r_z, _, _ = self.prices(z, 0.0, b)
            return [lhs(g, p.v_k) - p.tau * (r_k - p.R), lhs(g, p.v_z) - p.tau * (r_z - p.R)]

        sol = optimize.root(f, [0.02, math.log(p.b_bar * 0 + 1.0)], method="hybr", tol=1e-14)
        if not sol.success or sol.x[0] <= 0:
            raise ModelError(f"singularity: no balanced growth path with positive growth at b = {b} ({sol.message})")
        return float(sol.x[0]), float(math.exp(sol.x[1]))

    def ctilde(self, z, ell, b, ik, iz):
        p = self.p
        r_k, r_z, _, _ = self.prices(z, ell, b)
        return r_k + r_z * z - ik - iz - p.v_k / 2 * (ik - p.delta) ** 2 - p.v_z / 2 * (iz / z - p.delta) ** 2 * z

    def rhs(self, y):
        y = np.asarray(y, dtype=float)
        one = y.ndim == 1
        if one:
            y = y[:, None]
        p = self.p
        z, ell, b, ik, iz = y
        r_k, r_z, _, _ = self.prices(z, ell, b)
        c = self.ctilde(z, ell, b, ik, iz)
        gk = ik - p.delta
        zdot = iz - (p.delta + gk) * z
        elldot = -ell * gk
        bdot = p.s * (p.b_bar - b)
        hz, hl, hb = (
            1e-6 * np.maximum(np.abs(z), 1e-3),
            1e-6 * np.maximum(np.abs(ell), 1e-3),
            1e-6 * np.maximum(np.abs(b), 1e-3),
        )
        c_z = (self.ctilde(z + hz, ell, b, ik, iz) - self.ctilde(z - hz, ell, b, ik, iz)) / (2 * hz)
        c_l = (self.ctilde(z, ell + hl, b, ik, iz) - self.ctilde(z, ell - hl, b, ik, iz)) / (2 * hl)
        c_b = (self.ctilde(z, ell, b + hb, ik, iz) - self.ctilde(z, ell, b - hb, ik, iz)) / (2 * hb)
        A = c_z * zdot + c_l * elldot + c_b * bdot
        xk, xz = ik, iz / z
        psik, psiz = 1 + p.v_k * (xk - p.delta), 1 + p.v_z * (xz - p.delta)
        base = p.rho + p.delta + A / (c * p.tau) + gk / p.tau
        rk_ = psik * base + p.v_k / 2 * (xk - p.delta) ** 2 - r_k - p.v_k * ik * gk
        rz_ = psiz * base + p.v_z / 2 * (xz - p.delta) ** 2 - r_z - p.v_z / z * iz * gk
        a11 = p.v_k + psik**2 / (c * p.tau)
        a12 = psik * psiz / (c * p.tau)
        a22 = p.v_z / z + psiz**2 / (c * p.tau)
        det = a11 * a22 - a12**2
        dik = (a22 * rk_ - a12 * rz_) / det
        diz = (a11 * rz_ - a12 * rk_) / det
        out = np.vstack([zdot, elldot, bdot, dik, diz])
        return out[:, 0] if one else out

    def outputs(self, t, y) -> pd.DataFrame:
        p = self.p
        t = np.asarray(t, dtype=float)
        z, ell, b, ik, iz = np.asarray(y, dtype=float)
        gk = ik - p.delta
        K = self.K0 * np.exp(integrate.cumulative_trapezoid(gk, t, initial=0.0))
        r_k, r_z, w, q = self.prices(z, ell, b)
        Q = q * K
        Z = z * K
        c = self.ctilde(z, ell, b, ik, iz) * K
        return pd.DataFrame(
            dict(
                t=t,
                b=b,
                Q=Q,
                w=w,
                r_k=r_k,
                r_z=r_z,
                K=K,
                Z=Z,
                I_K=ik * K,
                I_Z=iz * K,
                c=c,
                c_w=w * self.L,
                share_L=w * self.L / Q,
                share_K=r_k * K / Q,
                share_Z=r_z * Z / Q,
                I_Z_share=iz * K / Q,
                g_K=gk,
                ell=ell,
                net_capital_income=r_k * K + r_z * Z - p.delta * (K + Z),
            )
        )

    def long_run(self) -> dict:
        _, _, w, _ = self.prices(self.ybar[0], 0.0, self.p.b_bar)
        return dict(growth=self.g, z=float(self.ybar[0]), w=float(w), w_pct=100 * (float(w) / self.w0 - 1), share_L=0.0)
