"""Task unit costs (spec §1.2), computed in logs for range safety.

c^u(x) = [a + x^{1-zeta}]^{1/(1-zeta)}, c^u'(x) = c^u(x)^zeta x^{-zeta}, and the factor's cost
share inside a task s(x) = x c^u'(x)/c^u(x) = (x/c^u(x))^{1-zeta} = 1 - a c^u(x)^{zeta-1}.
Special cases (see :mod:`.params`): eta = 0 gives c(x) = x, s = 1; zeta = 1 gives the
Cobb-Douglas c(x) = (psi/eta)^eta (x/(1-eta))^{1-eta}, s = 1 - eta.

Everything the model needs from a task whose factor costs x is a function of c and s:
expenditure share c^{1-sigma}, factor payments c^{1-sigma} s, intermediate spending
c^{1-sigma}(1-s) (= a c^{zeta-sigma}), and the demand elasticity zeta(1-s) + sigma s (Lemma A1).
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from .errors import ModelError

SIGMA1_TOL = 1e-9  # |1 - sigma| below this uses the Cobb-Douglas (log) price index


class Technology(Protocol):
    """The parameters a task's unit cost depends on. :class:`.params.Params` is one; typing the
    functions below against this protocol keeps this module under :mod:`.params`, whose
    R-bar is :func:`cu_inv` at 1."""

    @property
    def sigma(self) -> float: ...

    @property
    def zeta(self) -> float: ...

    @property
    def eta(self) -> float: ...

    @property
    def psi(self) -> float: ...

    @property
    def a(self) -> float: ...

    @property
    def Rbar(self) -> float: ...


def _cd_const(p: Technology) -> float:
    """ln[(psi/eta)^eta (1-eta)^{-(1-eta)}], the Cobb-Douglas task cost constant."""
    return p.eta * math.log(p.psi / p.eta) - (1 - p.eta) * math.log(1 - p.eta)


def lncu(p: Technology, lnx):
    """ln c^u(x) as a function of ln x (vectorised)."""
    lnx = np.asarray(lnx, dtype=float)
    if p.eta == 0:
        return lnx
    if p.zeta == 1.0:
        return _cd_const(p) + (1 - p.eta) * lnx
    z = 1 - p.zeta
    return np.logaddexp(math.log(p.a), z * lnx) / z


def cu(p: Technology, x):
    """c^u(x) (spec eq. 4)."""
    return np.exp(lncu(p, np.log(np.asarray(x, dtype=float))))


def dcu(p: Technology, x):
    """c^u'(x) = c^u(x) s(x) / x (= c^u^zeta x^-zeta for the CES)."""
    x = np.asarray(x, dtype=float)
    return cu(p, x) * share(p, x) / x


def share_ln(p: Technology, lnx, lnc=None):
    """s(x) from ln x (and ln c^u(x) if already computed)."""
    lnx = np.asarray(lnx, dtype=float)
    if p.eta == 0:
        return np.ones_like(lnx)
    if p.zeta == 1.0:
        return np.full_like(lnx, 1 - p.eta)
    if lnc is None:
        lnc = lncu(p, lnx)
    return np.exp((1 - p.zeta) * (lnx - lnc))


def share(p: Technology, x):
    """Within-task factor cost share s(x) = (x/c^u(x))^{1-zeta}."""
    return share_ln(p, np.log(np.asarray(x, dtype=float)))


def demand_elasticity(p: Technology, x):
    """Lemma A1: minus the elasticity of the conditional factor demand, zeta(1-s) + sigma s."""
    s = share(p, x)
    return p.zeta * (1 - s) + p.sigma * s


def ln_profit_index(p: Technology, lnx):
    """ln of c^{1-sigma}(1-s) = a c^{zeta-sigma} (also for zeta = 1, where a = eta); -inf if eta = 0."""
    if p.eta == 0:
        return np.full_like(np.asarray(lnx, dtype=float), -np.inf)
    return math.log(p.a) + (p.zeta - p.sigma) * lncu(p, lnx)


def profit_index(p: Technology, x):
    """c^{1-sigma}(1-s) = a c^{zeta-sigma}: intermediate spending per unit of Y in a task whose
    factor costs x; the flow profit is (1-mu) Y times this (spec §1.2, pi(i))."""
    return np.exp(ln_profit_index(p, np.log(np.asarray(x, dtype=float))))


def cu_inv(p: Technology, c):
    """x with c^u(x) = c (c above c^u(0))."""
    c = np.asarray(c, dtype=float)
    if p.eta == 0:
        return c
    if p.zeta == 1.0:
        return np.exp((np.log(c) - _cd_const(p)) / (1 - p.eta))
    z = 1 - p.zeta
    inner = c**z - p.a
    if np.any(inner <= 0):
        raise ModelError(f"A-R: c^u(x) = {c} is not attainable: c^(1-zeta) must exceed a = {p.a:.6g}")
    return inner ** (1 / z)


def Rbar(p: Technology) -> float:
    """(c^u)^{-1}(1) = (1-a)^{1/(1-zeta)} (spec §3A.3)."""
    return p.Rbar


def pow_diff(lnc_a, lnc_b, sigma: float):
    """(c_a^{1-sigma} - c_b^{1-sigma})/(1-sigma), with the limit ln c_a - ln c_b at sigma = 1."""
    if abs(1 - sigma) < SIGMA1_TOL:
        return lnc_a - lnc_b
    z = 1 - sigma
    return (np.exp(z * lnc_a) - np.exp(z * lnc_b)) / z
