"""Derived outputs of a transition path (spec §1.5, §7, A16, A17): wage trough and its date,
the end of the low-wage phase, equivalent variations, compensating transfers, and flags for
negative consumption or investment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def crossing_after(t, y, level) -> float:
    """Last date at which y is below ``level`` (linear interpolation of the up-crossing);
    0 if y never falls below it, inf if it is still below at the end of the horizon."""
    t, y = np.asarray(t), np.asarray(y)
    below = y < level
    if not below.any():
        return 0.0
    last = int(np.flatnonzero(below)[-1])
    if last == len(t) - 1:
        return math.inf
    t0, t1, y0, y1 = t[last], t[last + 1], y[last], y[last + 1]
    return float(t0 + (level - y0) * (t1 - t0) / (y1 - y0))


def discounted_integral(t, f, rho: float) -> float:
    """∫ e^{-rho t} f(t) dt over the grid, exact for piecewise-linear f (the discount factor
    is integrated in closed form on each interval, so only f is interpolated)."""
    t, f = np.asarray(t, dtype=float), np.asarray(f, dtype=float)
    h = np.diff(t)
    a = np.exp(-rho * t[:-1])
    e = np.exp(-rho * h)
    i0 = -np.expm1(-rho * h) / rho
    i1 = (1 - e * (1 + rho * h)) / rho**2
    return float(np.sum(a * (f[:-1] * i0 + (f[1:] - f[:-1]) * i1 / h)))


def equivalent_variation(t, c, c0: float, rho: float, tau: float) -> float:
    """Continuous-time EV relative to c0 (spec §1.5): the path integral (exact for
    piecewise-linear consumption) plus the tail after T with consumption held at c(T).
    NaN if consumption is not positive."""
    t, c = np.asarray(t, dtype=float), np.asarray(c, dtype=float)
    if np.any(c <= 0) or c0 <= 0:
        return math.nan
    e = 1 - 1 / tau
    tail = math.exp(-rho * t[-1]) / rho
    if abs(e) < 1e-12:  # log utility
        return math.expm1(rho * (discounted_integral(t, np.log(c / c0), rho) + tail * math.log(c[-1] / c0)))
    val = rho * (discounted_integral(t, (c / c0) ** e, rho) + tail * (c[-1] / c0) ** e)
    return val ** (1 / e) - 1


def equivalent_variation_annual(t, c, c0: float, rho: float, tau: float) -> float:
    """The same with an annual discrete sum (consumption sampled at whole years), spec A17."""
    t, c = np.asarray(t, dtype=float), np.asarray(c, dtype=float)
    years = np.arange(0, math.floor(t[-1]) + 1)
    cy = np.interp(years, t, c)
    if np.any(cy <= 0) or c0 <= 0:
        return math.nan
    e = 1 - 1 / tau
    beta = math.exp(-rho)
    wts = beta**years
    tail = beta ** (years[-1] + 1) / (1 - beta)
    total = wts.sum() + tail
    if abs(e) < 1e-12:
        return math.expm1((np.sum(wts * np.log(cy / c0)) + tail * math.log(cy[-1] / c0)) / total)
    return ((np.sum(wts * (cy / c0) ** e) + tail * (cy[-1] / c0) ** e) / total) ** (1 / e) - 1


def summarise(
    path: pd.DataFrame,
    *,
    w0: float,
    c0: float,
    cw0: float,
    labour: float,
    rho: float,
    tau: float,
    worker_rhos,
    net_income0: float,
) -> dict:
    """Summary numbers of one path (the wage is the low-skill real wage)."""
    t, w = path["t"].to_numpy(), path["w"].to_numpy()
    i = int(np.argmin(w))
    out = dict(
        wage_trough_pct=100 * (w[i] / w0 - 1),
        wage_trough_year=float(t[i]),
        wage_impact_pct=100 * (w[0] / w0 - 1),
        low_wage_phase_end=crossing_after(t, w, w0),
        within_1pct_year=crossing_after(t, w, 0.99 * w0),
        ev_capitalists_pct=100 * equivalent_variation(t, path["c"], c0, rho, tau),
        ev_capitalists_annual_pct=100 * equivalent_variation_annual(t, path["c"], c0, rho, tau),
    )
    for rw in worker_rhos:
        out[f"ev_workers_pct_rho_{rw:g}"] = 100 * equivalent_variation(t, path["c_w"], cw0, rw, tau)
        out[f"ev_workers_annual_pct_rho_{rw:g}"] = 100 * equivalent_variation_annual(t, path["c_w"], cw0, rw, tau)
    transfer = np.maximum(w0 - w, 0.0) * labour
    gdp = path["Q_nominal"].to_numpy() if "Q_nominal" in path else path["Q"].to_numpy()
    gain = path["net_capital_income"].to_numpy() - net_income0
    out["transfer_peak_pct_gdp"] = float(100 * np.max(transfer / gdp))
    pv_transfer = discounted_integral(t, transfer, rho)
    out["transfer_pv_pct_gdp"] = float(100 * pv_transfer / discounted_integral(t, gdp, rho))
    pv_gain = discounted_integral(t, gain, rho)
    out["transfer_pv_pct_capitalist_gain"] = float(100 * pv_transfer / pv_gain) if pv_gain > 0 else math.nan
    # the paper's LIN method can produce negative consumption or investment: report, never hide
    flags = {}
    for col in ("c", "I_K", "I_Z", "I_K1", "I_K2"):
        if col in path and (path[col] < 0).any():
            neg = path.loc[path[col] < 0, "t"]
            flags[col] = dict(min=float(path[col].min()), first_year=float(neg.iloc[0]), last_year=float(neg.iloc[-1]))
    out["negative"] = flags
    return out


def transfer_paths(path: pd.DataFrame, *, w0: float, labour: float, net_income0: float) -> pd.DataFrame:
    """Compensating transfer T(t) = max(w0 - w, 0) L, as % of GDP and of capitalists' gain."""
    transfer = np.maximum(w0 - path["w"].to_numpy(), 0.0) * labour
    gdp = path["Q_nominal"].to_numpy() if "Q_nominal" in path else path["Q"].to_numpy()
    gain = path["net_capital_income"].to_numpy() - net_income0
    with np.errstate(divide="ignore", invalid="ignore"):
        pct_gain = np.where(gain > 0, 100 * transfer / gain, np.nan)
    return pd.DataFrame(
        {"transfer": transfer, "transfer_pct_gdp": 100 * transfer / gdp, "transfer_pct_capitalist_gain": pct_gain}
    )
