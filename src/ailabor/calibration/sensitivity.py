"""Sensitivity of each model's headline outcome to its parameters.

* :func:`grid`: the full factorial of {low, baseline, high} for every parameter of a model;
* :func:`one_at_a_time`: each parameter at its low and high end, the others at baseline (the
  tornado);
* :func:`monte_carlo`: independent uniform draws over the documented ranges. Each draw is
  seeded by (seed, model, draw number), so splitting the draws into chunks (cluster jobs)
  never changes them; :func:`summarise` combines chunks.

A point where a model is outside its domain (B-M stability, a wage share leaving [0, 1], no
long-run A-R equilibrium) is kept with ``status`` naming the failure, never silently
replaced; summaries report how many points failed and why.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from . import CalibrationError, StabilityError
from .models import MODELS, OUTCOME, evaluate
from .shock import Shock


def _point(model: str, shock: Shock, params: dict) -> dict:
    key = OUTCOME[model][0]
    try:
        res = evaluate(model, shock, params)
    except StabilityError as exc:
        return {"outcome": np.nan, "status": "unstable", "message": str(exc)}
    except CalibrationError as exc:
        return {"outcome": np.nan, "status": "outside domain", "message": str(exc)}
    return {"outcome": float(res[key]), "status": "ok", "message": ""}


def check_ranges(model: str, baseline: dict, ranges: dict) -> None:
    for name in baseline:
        if name not in ranges:
            raise CalibrationError(
                f"sensitivity: no range for parameter {name!r} of {model}; add "
                f"calibration.sensitivity.ranges.{name}: [low, high]"
            )
        lo, hi = ranges[name]
        if not lo <= hi:
            raise CalibrationError(f"sensitivity: range of {name!r} has low {lo} > high {hi}")


def grid(model: str, shock: Shock, baseline: dict, ranges: dict) -> pd.DataFrame:
    check_ranges(model, baseline, ranges)
    names = list(baseline)
    axes = [sorted({float(ranges[n][0]), float(baseline[n]), float(ranges[n][1])}) for n in names]
    rows = []
    for values in itertools.product(*axes):
        p = dict(zip(names, values))
        rows.append({**p, **_point(model, shock, p)})
    return pd.DataFrame(rows).assign(model=model)


def one_at_a_time(model: str, shock: Shock, baseline: dict, ranges: dict) -> pd.DataFrame:
    check_ranges(model, baseline, ranges)
    base = _point(model, shock, baseline)
    if base["status"] != "ok":
        raise CalibrationError(f"sensitivity: the baseline of {model} fails: {base['message']}")
    rows = []
    for name in baseline:
        lo, hi = ranges[name]
        r_lo = _point(model, shock, {**baseline, name: lo})
        r_hi = _point(model, shock, {**baseline, name: hi})
        rows.append(
            dict(
                model=model,
                parameter=name,
                baseline_value=baseline[name],
                low_value=lo,
                high_value=hi,
                baseline_outcome=base["outcome"],
                outcome_low=r_lo["outcome"],
                outcome_high=r_hi["outcome"],
                status_low=r_lo["status"],
                status_high=r_hi["status"],
                swing=np.nanmax([r_lo["outcome"], r_hi["outcome"], base["outcome"]])
                - np.nanmin([r_lo["outcome"], r_hi["outcome"], base["outcome"]]),
            )
        )
    return pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def draw_chunk(n_draws: int, chunks: int, chunk: int) -> range:
    if not 0 <= chunk < chunks:
        raise CalibrationError(f"Monte Carlo chunk {chunk} outside 0..{chunks - 1}")
    edges = np.linspace(0, n_draws, chunks + 1).round().astype(int)
    return range(int(edges[chunk]), int(edges[chunk + 1]))


def monte_carlo(
    model: str, shock: Shock, baseline: dict, ranges: dict, *, draws: int, chunks: int, chunk: int, seed: int
) -> pd.DataFrame:
    check_ranges(model, baseline, ranges)
    names = list(baseline)
    lo = np.array([float(ranges[n][0]) for n in names])
    hi = np.array([float(ranges[n][1]) for n in names])
    rows = []
    for d in draw_chunk(draws, chunks, chunk):
        rng = np.random.default_rng([seed, MODELS.index(model), d])
        p = dict(zip(names, (lo + (hi - lo) * rng.random(len(names))).tolist()))
        rows.append({"draw": d, **p, **_point(model, shock, p)})
    return pd.DataFrame(rows, columns=["draw", *names, "outcome", "status", "message"]).assign(model=model)


def summarise(draws: pd.DataFrame, baseline: dict) -> pd.DataFrame:
    """Quantiles of the outcome over feasible draws, failure counts, and each parameter's
    Spearman rank correlation with the outcome."""
    ok = draws[draws["status"] == "ok"]
    rows = [dict(statistic="draws", value=len(draws)), dict(statistic="feasible draws", value=len(ok))]
    for status, n in draws.loc[draws["status"] != "ok", "status"].value_counts().sort_index().items():
        rows.append(dict(statistic=f"draws {status}", value=int(n)))
    if len(ok):
        for q in (0.05, 0.25, 0.5, 0.75, 0.95):
            rows.append(dict(statistic=f"q{int(q * 100):02d}", value=float(ok["outcome"].quantile(q))))
        rows.append(dict(statistic="mean", value=float(ok["outcome"].mean())))
        for name in baseline:
            if ok[name].nunique() > 1:
                rho = ok[name].rank().corr(ok["outcome"].rank())
                rows.append(dict(statistic=f"spearman {name}", value=float(rho)))
    return pd.DataFrame(rows)


def gather_draws(chunks: list[pd.DataFrame]) -> pd.DataFrame:
    """The Monte Carlo draws of all chunks, in draw order."""
    return pd.concat(chunks, ignore_index=True).sort_values("draw").reset_index(drop=True)
