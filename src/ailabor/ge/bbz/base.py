"""The interface every BBZ model shares (:class:`LevelModel`): stocks, adjustment costs,
savers' consumption from the budget constraint, numerical derivatives and steady states.

Every model works on arrays: stocks ``X`` of shape (m, N) (or (m,)), robot productivity ``b``
of shape (N,). Normalisation (spec §0): Q0 = 1, L = 1, r_k0 = r_z0 = rho + delta.

``static`` returns a dict with at least ``Q`` (GDP), ``w`` (low-skill wage), ``r`` (rental of
each dynamic stock, shape (m, N)), ``income`` (savers' factor income: capital rentals, plus the
skilled wage bill in Model 3), ``p`` (price of consumption in good-1 units), ``labour`` (wL,
the hand-to-mouth workers' income), ``K`` and ``Z`` and the factor shares.

Models 1-3 are in :mod:`.models`, Model 4 in :mod:`.model4`.
"""

from __future__ import annotations

import numpy as np

from .params import Params


class LevelModel:
    """Common interface of Models 1-4."""

    name = "model"
    stocks: tuple[str, ...] = ("K", "Z")

    def __init__(self, p: Params):
        self.p = p
        R = p.R
        self.K0 = p.theta_K / R
        self.Z0 = p.theta_Z / R
        self.w0 = p.theta_L  # Q0 = L = 1
        self.L = 1.0

    # -- stocks -----------------------------------------------------------------------------
    @property
    def m(self) -> int:
        return len(self.stocks)

    @property
    def X0(self) -> np.ndarray:
        return np.array([self.K0, self.Z0])

    @property
    def v(self) -> np.ndarray:
        """Adjustment-cost parameter of each dynamic stock."""
        return np.array([self.p.v_z if s == "Z" else self.p.v_k for s in self.stocks])

    # -- consumption --------------------------------------------------------------------------
    def adjustment(self, X, I):
        x = I / X
        return (self.v[:, None] if np.ndim(X) > 1 else self.v) / 2 * (x - self.p.delta) ** 2 * X

    def consumption(self, X, b, I, st: dict | None = None):
        """Savers' consumption from the exact budget constraint (7)."""
        st = st or self.static(X, b)
        fixed_invest = st.get("fixed_investment", 0.0)
        return (st["income"] - I.sum(axis=0) - self.adjustment(X, I).sum(axis=0) - fixed_invest) / st["p"]

    def static(self, X, b, I=None) -> dict:
        raise NotImplementedError

    def warm_start(self, st: dict) -> dict:
        """Keyword arguments of :meth:`static` that start its solver at the solution ``st`` of a
        nearby point (the finite differences of :meth:`derivatives`); none by default."""
        return {}

    def derivatives(self, X, b, I, rel: float = 1e-6) -> dict:
        """Consumption, its price and their partial derivatives in (X, b, I), and the rentals.

        In Models 1-3 the static block does not depend on I and p = 1, so dc/dI_j = -psi_j
        exactly; the X and b derivatives of savers' income are central differences. The static
        block is elementwise in the points, so the 2m + 2 neighbours of every point are evaluated
        in one call (started at the point's own solution, :meth:`warm_start`)."""
        p = self.p
        X, b = np.asarray(X, dtype=float), np.asarray(b, dtype=float)
        st = self.static(X, b)
        c = self.consumption(X, b, I, st)
        m, N = X.shape
        v = self.v[:, None]
        x = I / X
        hX, hb = rel * X, rel * b
        Xs, bs = [], []
        for j in range(m):
            for sign in (1.0, -1.0):
                Xj = X.copy()
                Xj[j] += sign * hX[j]
                Xs.append(Xj)
                bs.append(b)
        Xs += [X, X]
        bs += [b + hb, b - hb]
        k = len(bs)
        warm = {key: np.tile(val, k) for key, val in self.warm_start(st).items()}
        income = self.static(np.concatenate(Xs, axis=1), np.concatenate(bs), **warm)["income"].reshape(k, N)
        c_X = np.empty_like(X)
        for j in range(m):
            d_income = (income[2 * j] - income[2 * j + 1]) / (2 * hX[j])
            d_adj = v[j] / 2 * (x[j] - p.delta) ** 2 - v[j] * (x[j] - p.delta) * x[j]
            c_X[j] = d_income - d_adj
        c_b = (income[-2] - income[-1]) / (2 * hb)
        zeros = np.zeros_like(X)
        return dict(
            c=c,
            c_X=c_X,
            c_b=c_b,
            c_I=-(1 + v * (x - p.delta)),
            p=np.ones_like(c),
            p_X=zeros,
            p_b=np.zeros_like(c),
            p_I=zeros,
            r=st["r"],
        )

    def steady(self, b_bar: float | None = None) -> dict:
        raise NotImplementedError

    def steady_state(self, b_bar: float | None = None) -> dict:
        """Terminal steady state: stocks, investment, consumption and the static block."""
        b_bar = self.p.b_bar if b_bar is None else b_bar
        X = np.asarray(self.steady(b_bar)["X"], dtype=float)
        I = self.p.delta * X
        st = self.static(X, np.asarray(b_bar, dtype=float), I)
        return dict(X=X, I=I, b=b_bar, c=float(self.consumption(X, np.asarray(b_bar), I, st)), static=st)

    def check_rates(self, X, b, tol=1e-9) -> float:
        st = self.static(
            np.asarray(X, dtype=float), np.asarray(b, dtype=float), self.p.delta * np.asarray(X, dtype=float)
        )
        return float(np.max(np.abs(np.asarray(st["r"]) - self.p.R)))
