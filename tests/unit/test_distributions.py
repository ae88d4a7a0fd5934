"""ailabor.econometrics.distributions against scipy.stats (the reference): the same numbers,
bit for bit, on a grid of arguments including the edges (infinite and missing values,
non-positive degrees of freedom, probabilities outside [0, 1], negative F and chi-squared)."""

import numpy as np
import pytest
from scipy import stats

from ailabor.econometrics import distributions as D

X = np.array([-np.inf, -40.0, -3.2, -1.0, -1e-9, 0.0, 1e-12, 0.3, 1.96, 2.5, 7.0, 60.0, np.inf, np.nan])
Q = np.array([-0.1, 0.0, 1e-12, 0.025, 0.3, 0.5, 0.975, 1 - 1e-12, 1.0, 1.1, np.nan])
DF = [-1, 0, 0.5, 1, 2, 3, 7, 19, 30.5, 200, 1e6, np.inf, np.nan]


def same(got, want):
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


@pytest.mark.parametrize("df", DF)
def test_t(df):
    with np.errstate(all="ignore"):
        same(D.t_sf(X, df), stats.t.sf(X, df))
        same(D.t_ppf(Q, df), stats.t.ppf(Q, df))


@pytest.mark.parametrize("df", DF)
def test_chi2(df):
    with np.errstate(all="ignore"):
        same(D.chi2_sf(X, df), stats.chi2.sf(X, df))


@pytest.mark.parametrize("dfn", [0, 1, 3, 12, np.inf, np.nan])
@pytest.mark.parametrize("dfd", [-2, 0, 1, 4, 29, 1e5, np.nan])
def test_f(dfn, dfd):
    with np.errstate(all="ignore"):
        same(D.f_sf(X, dfn, dfd), stats.f.sf(X, dfn, dfd))


def test_normal():
    same(D.norm_sf(X), stats.norm.sf(X))
    same(D.norm_ppf(Q), stats.norm.ppf(Q))


def test_scalars_stay_scalars():
    # the call sites do float(...) and arithmetic on single values, as with scipy.stats
    for got, want in [
        (D.t_sf(2.1, 11), stats.t.sf(2.1, 11)),
        (D.t_ppf(0.975, 11), stats.t.ppf(0.975, 11)),
        (D.f_sf(1.7, 3, 21), stats.f.sf(1.7, 3, 21)),
        (D.chi2_sf(5.2, 3), stats.chi2.sf(5.2, 3)),
        (D.norm_sf(1.1), stats.norm.sf(1.1)),
        (D.norm_ppf(0.9), stats.norm.ppf(0.9)),
    ]:
        assert np.ndim(got) == 0 and isinstance(got, np.floating), type(got)
        assert got == want
