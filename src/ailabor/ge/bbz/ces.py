"""Normalised CES aggregators (spec §2.1): X = [Σ a_i x_i^ρ]^{1/ρ} with ρ = (σ-1)/σ, where x_i
are inputs relative to their initial levels and a_i the initial cost shares (Σ a_i = 1), so
X = 1 at the initial point. ∂X/∂x_i = a_i (x_i / X)^{ρ-1}, which also holds in the
Cobb-Douglas limit (σ = 1, ρ = 0) and the linear one (σ = ∞, ρ = 1).

The dual unit cost of the same aggregator, in prices relative to the initial ones:
c = [Σ a_i p_i^{1-σ}]^{1/(1-σ)}, with shares a_i (p_i / c)^{1-σ}.
"""

from __future__ import annotations

import math

import numpy as np

CD_TOL = 1e-10


def rho(sigma: float) -> float:
    return 1.0 if math.isinf(sigma) else (sigma - 1.0) / sigma


def ces(shares, xs, sigma: float):
    """Value and partial derivatives of the normalised CES aggregator (arrays broadcast)."""
    r = rho(sigma)
    if abs(r) < CD_TOL:
        val = np.exp(sum(a * np.log(x) for a, x in zip(shares, xs)))
    else:
        val = sum(a * x**r for a, x in zip(shares, xs)) ** (1.0 / r)
    grads = [a * (x / val) ** (r - 1.0) for a, x in zip(shares, xs)]
    return val, grads


def unit_cost(shares, prices, sigma: float):
    """Normalised unit cost and the cost shares at these relative prices."""
    if abs(sigma - 1.0) < CD_TOL:
        c = np.exp(sum(a * np.log(p) for a, p in zip(shares, prices)))
        return c, list(shares)
    e = 1.0 - sigma
    c = sum(a * p**e for a, p in zip(shares, prices)) ** (1.0 / e)
    return c, [a * (p / c) ** e for a, p in zip(shares, prices)]
