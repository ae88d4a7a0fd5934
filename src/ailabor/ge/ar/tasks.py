"""Task integrals (spec §1.7, §7.2): gamma(i) = exp(A i), the closed form Gamma and
Gauss-Legendre quadrature on [lo, hi]."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

GL_NODES = 300


def gamma(A: float, i):
    """Labour productivity gamma(i) = exp(A i) (eq. 12)."""
    return np.exp(A * np.asarray(i, dtype=float))


def Gamma(lo: float, hi: float, A: float, sigma_hat: float) -> float:
    """int_lo^hi exp(A (sigma_hat-1) i) di, with expm1 and the limit hi - lo at A (sigma_hat-1) = 0."""
    b = A * (sigma_hat - 1)
    d = hi - lo
    z = b * d
    ratio = math.expm1(z) / z if z != 0 else 1.0
    return math.exp(b * lo) * d * ratio


@lru_cache(maxsize=8)
def _legendre(n: int):
    t, w = np.polynomial.legendre.leggauss(n)
    t.setflags(write=False)
    w.setflags(write=False)
    return t, w


def gl(lo: float, hi: float, n: int = GL_NODES) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [lo, hi] (empty if hi <= lo)."""
    if hi <= lo:
        return np.empty(0), np.empty(0)
    t, w = _legendre(n)
    h = 0.5 * (hi - lo)
    return h * t + (hi + lo) * 0.5, h * w


def integrate(f, lo: float, hi: float, n: int = GL_NODES) -> float:
    """int_lo^hi f(i) di by Gauss-Legendre (f vectorised)."""
    x, w = gl(lo, hi, n)
    return float(np.dot(w, f(x))) if len(x) else 0.0
