"""OEWS panel composition: which survey panels enter each May estimate.

A May-Y OEWS estimate pools six semi-annual panels, Nov Y-3 through May Y (reference dates:
the pay period including the 12th of May or November). Older panels' wages are aged with the
ECI. A treatment date therefore enters an estimate gradually: the share of its six panels
collected on or after the date is the estimate's "dose" (spec ISSUE-21), the treatment
intensity of the event study, inference and Monte Carlo; the synthetic world plants its
effects with the same dose (:mod:`ailabor.synthetic`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np


def panels(may_year: int) -> list[dt.date]:
    """Reference dates of the six panels pooled into the May ``may_year`` estimate."""
    y = may_year
    return [
        dt.date(y - 3, 11, 12),
        dt.date(y - 2, 5, 12),
        dt.date(y - 2, 11, 12),
        dt.date(y - 1, 5, 12),
        dt.date(y - 1, 11, 12),
        dt.date(y, 5, 12),
    ]


def post_share(may_year: int, treatment_date: dt.date | str) -> float:
    """Share of the May ``may_year`` estimate's panels collected on or after the treatment date."""
    if isinstance(treatment_date, str):
        treatment_date = dt.date.fromisoformat(treatment_date)
    ps = panels(may_year)
    return sum(p >= treatment_date for p in ps) / len(ps)


def dose(may_years, treatment_date: dt.date | str) -> np.ndarray:
    """:func:`post_share` of every element of ``may_years`` (an array of May years, one per
    panel row), computed once per distinct year."""
    years, inverse = np.unique(np.asarray(may_years, dtype=int), return_inverse=True)
    return np.array([post_share(int(y), treatment_date) for y in years], dtype=float)[inverse.reshape(-1)]
