"""Transition paths: the saver economy as an ODE, the paper's method and an exact solver.

The state is y = (X, b, I): the m capital stocks, robot productivity and the m investment
flows; X and b are predetermined, I jumps. Investment follows the Euler equations (10)-(11),

    (v_j/X_j) dI_j/dt = psi_j (rho + delta + c'/(c tau) + p'/p) + (v_j/2)(I_j/X_j - delta)^2 - r_j,

where c is the savers' consumption from the exact budget constraint, so c' depends on dI/dt:
the Euler equations are a linear system in dI/dt at every point (spec §1.2; p'/p is the
Model 4 correction, spec A15).

* :func:`linear_path` (LIN, the paper's method, spec §10.1): the stable eigenvectors of the
  Jacobian in levels at the terminal steady state give y(t) = ybar + Re(V_s e^{Λt} κ); the
  nonlinear static block and the exact budget constraint are evaluated along that path.
* :func:`nonlinear_path` (NL, spec §10.2): the two-point boundary value problem, solved with
  ``scipy.integrate.solve_bvp`` from the LIN path, with the predetermined variables at t = 0 and
  the unstable directions of the terminal Jacobian switched off at T.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import integrate, linalg

from . import ModelError
from .base import LevelModel

log = logging.getLogger(__name__)


class LevelSystem:
    """The 2m+1 dimensional saver economy of a level model (Models 1-4)."""

    def __init__(self, model: LevelModel):
        self.model = model
        self.p = model.p
        m = model.m
        self.m, self.n, self.n_pre = m, 2 * m + 1, m + 1
        ss = model.steady_state()
        self.terminal = ss
        self.ybar = np.concatenate([ss["X"], [self.p.b_bar], ss["I"]])
        self.y0_pre = np.concatenate([model.X0, [self.p.b_init]])
        self.labels = [*model.stocks, "b", *[f"I_{s}" for s in model.stocks]]

    def split(self, y):
        m = self.m
        return y[:m], y[m], y[m + 1 :]

    def rhs(self, y):
        y = np.asarray(y, dtype=float)
        one = y.ndim == 1
        if one:
            y = y[:, None]
        p, m = self.p, self.m
        X, b, I = self.split(y)
        d = self.model.derivatives(X, b, I)
        c, pp = d["c"], d["p"]
        Xdot = I - p.delta * X
        bdot = p.s * (p.b_bar - b)
        v = self.model.v[:, None]
        x = I / X
        psi = 1 + v * (x - p.delta)
        Ac = (d["c_X"] * Xdot).sum(axis=0) + d["c_b"] * bdot
        Ap = (d["p_X"] * Xdot).sum(axis=0) + d["p_b"] * bdot
        base = p.rho + p.delta + Ac / (c * p.tau) + Ap / pp
        rhs = psi * base + v / 2 * (x - p.delta) ** 2 - d["r"]
        # M[j, k] = delta_jk v_j / X_j - psi_j (c_I_k / (c tau) + p_I_k / p)
        M = -psi[:, None, :] * (d["c_I"][None, :, :] / (c * p.tau) + d["p_I"][None, :, :] / pp)
        M[np.arange(m), np.arange(m), :] += v / X
        Idot = np.linalg.solve(np.moveaxis(M, 2, 0), rhs.T[:, :, None])[:, :, 0].T
        out = np.vstack([Xdot, bdot[None, :], Idot])
        return out[:, 0] if one else out

    def outputs(self, t, y) -> pd.DataFrame:
        """Paths of prices, quantities, shares and consumption along y(t)."""
        X, b, I = self.split(np.asarray(y, dtype=float))
        st = self.model.static(X, b, I)
        c = self.model.consumption(X, b, I, st)
        out = {"t": np.asarray(t, dtype=float), "b": b}
        for k in (
            "Q",
            "Q_nominal",
            "w",
            "w_s",
            "r_k",
            "r_z",
            "r_k1",
            "r_k2",
            "K",
            "Z",
            "L1",
            "S1",
            "p2",
            "share_L",
            "share_S",
            "share_K",
            "share_Z",
        ):
            if k in st:
                out[k] = np.broadcast_to(st[k], b.shape).astype(float)
        if "omega" in st:  # Model 4: wages deflated by the consumption price index
            out["w_nominal"], out["w_s_nominal"] = out["w"], out["w_s"]
            out["w"], out["w_s"] = np.asarray(st["omega"], dtype=float), np.asarray(st["omega_s"], dtype=float)
        for j, s in enumerate(self.model.stocks):
            out[f"I_{s}"] = I[j]
        if "K" not in self.model.stocks and "K1" not in self.model.stocks:  # K held fixed
            out["I_K"] = np.full_like(b, self.p.delta * self.model.K0)
        out["c"] = c
        out["c_w"] = st["labour"] / st["p"]
        out["I_Z_share"] = I[self.model.stocks.index("Z")] / st["Q"]
        out["net_capital_income"] = (
            st["income"] - st.get("skilled_income", 0.0) - self.p.delta * (np.asarray(st["K"]) + np.asarray(st["Z"]))
        )
        return pd.DataFrame(out)


@dataclass
class Solution:
    method: str
    t: np.ndarray
    y: np.ndarray
    converged: bool
    info: dict = field(default_factory=dict)
    interp: object = None  # y(t) as a callable (NL), for continuation


def jacobian(system, y, rel: float = 1e-6) -> np.ndarray:
    """Central differences of the right-hand side, all columns in one vectorised call."""
    y = np.asarray(y, dtype=float)
    n = len(y)
    h = rel * np.maximum(np.abs(y), 1e-3)
    Y = np.hstack([y[:, None] + np.diag(h), y[:, None] - np.diag(h)])
    F = system.rhs(Y)
    J = (F[:, :n] - F[:, n:]) / (2 * h)
    k = system.labels.index("b")  # db/dt = s (b_bar - b) is linear: its row is exact
    J[k, :] = 0.0
    J[k, k] = -system.p.s
    return J


def eigen(system):
    J = jacobian(system, system.ybar)
    lam, vl, vr = linalg.eig(J, left=True, right=True)
    return J, lam, vl, vr


def linear_path(system, t) -> Solution:
    """The paper's method: linear stable manifold in levels around the terminal steady state."""
    start = time.perf_counter()
    J, lam, _, V = eigen(system)
    stable = lam.real < 0
    if stable.sum() != system.n_pre:
        raise ModelError(
            f"the terminal steady state is not a saddle: {int(stable.sum())} stable eigenvalues, {system.n_pre} "
            f"predetermined variables ({np.round(lam, 6)})"
        )
    Vs, ls = V[:, stable], lam[stable]
    kappa = np.linalg.solve(Vs[: system.n_pre], (system.y0_pre - system.ybar[: system.n_pre]).astype(complex))
    t = np.asarray(t, dtype=float)
    y = system.ybar[:, None] + np.real(Vs @ (np.exp(np.outer(ls, t)) * kappa[:, None]))
    order = np.argsort(lam.real)
    info = dict(
        eigenvalues=[complex(v) for v in lam[order]],
        stable=[complex(v) for v in ls],
        seconds=time.perf_counter() - start,
        message="linear stable manifold (exact on the linearised system)",
    )
    return Solution("lin", t, y, True, info)


def nonlinear_path(
    system, t, *, T: float | None = None, tol: float = 1e-6, max_nodes: int = 20000, guess=None
) -> Solution:
    """Exact perfect foresight: solve_bvp on [0, T] from the LIN path, or from ``guess``
    (a callable t -> y, e.g. the solution of a smaller shock)."""
    start = time.perf_counter()
    t = np.asarray(t, dtype=float)
    T = float(t[-1]) if T is None else T
    J, lam, vl, _ = eigen(system)
    unstable = lam.real > 0
    rows, seen = [], set()
    for k in np.flatnonzero(unstable):
        key = round(abs(lam[k].imag), 12), round(lam[k].real, 12)
        if abs(lam[k].imag) > 1e-12:
            if key in seen:
                continue
            seen.add(key)
            rows += [vl[:, k].conj().real, vl[:, k].conj().imag]
        else:
            rows.append(vl[:, k].real)
    L = np.array(rows)
    if len(L) != system.n - system.n_pre:
        raise ModelError(f"NL: {len(L)} unstable directions, expected {system.n - system.n_pre}")

    def bc(ya, yb):
        return np.concatenate([ya[: system.n_pre] - system.y0_pre, L @ (yb - system.ybar)])

    mesh = np.unique(np.concatenate([np.linspace(0, min(60.0, T), 241), np.geomspace(min(60.0, T), T, 160)]))
    y0 = guess(mesh) if guess is not None else linear_path(system, mesh).y
    with np.errstate(all="ignore"):
        sol = integrate.solve_bvp(lambda _t, y: system.rhs(y), bc, mesh, y0, tol=tol, max_nodes=max_nodes)
    info = dict(
        status=int(sol.status),
        message=sol.message,
        iterations=int(sol.niter),
        nodes=int(sol.x.size),
        max_rms_residual=float(np.max(sol.rms_residuals)) if sol.rms_residuals is not None else np.nan,
        bc_residual=float(np.max(np.abs(bc(sol.y[:, 0], sol.y[:, -1])))),
        T=T,
        seconds=time.perf_counter() - start,
    )
    y = sol.sol(t)
    return Solution("nl", t, y, bool(sol.success), info, interp=sol.sol)
