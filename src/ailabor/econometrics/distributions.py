"""Tail probabilities and quantiles of the t, F, chi-squared and normal distributions.

The same special functions ``scipy.stats`` evaluates for these distributions (``t.sf`` is
``stdtr(df, -x)``, ``f.sf`` is ``fdtrc``, ``chi2.sf`` is ``chdtrc``, ``norm`` is ``ndtr`` and
``ndtri``), called directly: ``scipy.special`` loads in a fraction of the time ``scipy.stats``
takes (which also pulls scipy.integrate, scipy.interpolate and scipy.optimize), and every
estimation job needs only these few numbers. As in ``scipy.stats``, a non-positive or missing
number of degrees of freedom gives NaN. ``tests/unit/test_distributions.py`` checks every function
against ``scipy.stats``.
"""

from __future__ import annotations

import numpy as np


def _out(values, ok):
    """``values`` where ``ok``, NaN elsewhere; a scalar (numpy float) for scalar arguments."""
    return np.where(ok, values, np.nan)[()]


def _support(x, sf):
    """The survival function ``sf`` of a distribution on [0, inf), set to 1 at and below 0 and to
    0 at infinity, as scipy.stats does before evaluating it (so also for infinite degrees of freedom)."""
    return np.where(x <= 0, 1.0, np.where(x == np.inf, 0.0, sf))


def t_sf(x, df):
    """P(T > x) for Student's t with ``df`` degrees of freedom (``scipy.stats.t.sf``)."""
    from scipy import special

    x, df = np.asarray(x, dtype=float), np.asarray(df, dtype=float)
    return _out(special.stdtr(df, -x), df > 0)


def t_ppf(q, df):
    """The ``q`` quantile of Student's t with ``df`` degrees of freedom (``scipy.stats.t.ppf``)."""
    from scipy import special

    q, df = np.asarray(q, dtype=float), np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        x = np.where(q == 0, -np.inf, np.where(q == 1, np.inf, special.stdtrit(df, q)))  # the support's ends
    return _out(x, (df > 0) & (q >= 0) & (q <= 1))


def f_sf(x, dfn, dfd):
    """P(F > x) for the F distribution with (``dfn``, ``dfd``) degrees of freedom (``scipy.stats.f.sf``)."""
    from scipy import special

    x, dfn, dfd = (np.asarray(a, dtype=float) for a in (x, dfn, dfd))
    return _out(_support(x, special.fdtrc(dfn, dfd, np.maximum(x, 0.0))), (dfn > 0) & (dfd > 0) & ~np.isnan(x))


def chi2_sf(x, df):
    """P(X > x) for chi-squared with ``df`` degrees of freedom (``scipy.stats.chi2.sf``)."""
    from scipy import special

    x, df = np.asarray(x, dtype=float), np.asarray(df, dtype=float)
    return _out(_support(x, special.chdtrc(df, np.maximum(x, 0.0))), (df > 0) & ~np.isnan(x))


def norm_sf(x):
    """P(Z > x) for the standard normal (``scipy.stats.norm.sf``)."""
    from scipy import special

    return special.ndtr(-np.asarray(x, dtype=float))[()]


def norm_ppf(q):
    """The ``q`` quantile of the standard normal (``scipy.stats.norm.ppf``)."""
    from scipy import special

    return special.ndtri(np.asarray(q, dtype=float))[()]
