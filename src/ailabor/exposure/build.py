"""The exposure stage in one call: task credits, exposure per O*NET-SOC code and per OEWS code
in every variant, their summary and the coverage report (what rule exposure_build writes)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import measures
from .coverage import coverage_report
from .names import weights

UNIFORM_NOTE = "Task Ratings not available: exposure uses uniform task weights over Core and Supplemental statements"


@dataclass
class ExposureTables:
    tasks: pd.DataFrame
    onet: pd.DataFrame
    oews: pd.DataFrame
    summary: pd.DataFrame
    coverage: pd.DataFrame


def build(
    statements: pd.DataFrame,
    ratings: pd.DataFrame | None,
    crosswalk: pd.DataFrame,
    mapping: pd.DataFrame,
    base: pd.DataFrame,
    rates: pd.DataFrame,
    totals: dict[str, float],
    *,
    thresholds,
    cap_quantile: float,
    aggregation: str,
) -> ExposureTables:
    """Every exposure table from the staged task statements (and Task Ratings when available),
    the AEI crosswalk, the O*NET -> OEWS mapping and the OEWS weighting base."""
    universe = measures.rated_universe(statements, ratings)
    tasks = measures.task_credits(universe, measures.pair_usage(crosswalk), thresholds, cap_quantile)
    onet = measures.exposure_onet(tasks, thresholds, weights(ratings is not None))
    oews = measures.exposure_oews(onet, mapping, base, aggregation)
    summary = measures.summary(oews)
    summary["universe"] = universe["universe"].iloc[0]
    summary["intensity_cap"] = tasks.attrs["intensity_cap"]
    cov = coverage_report(rates, crosswalk, tasks, statements, mapping, base, totals, oews)
    return ExposureTables(tasks=tasks, onet=onet, oews=oews, summary=summary, coverage=cov)
