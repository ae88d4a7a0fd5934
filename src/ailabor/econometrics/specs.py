"""The specification grid of the corrected estimation, run by one Snakemake job per exposure
measure (``estimation_corrected``).

Every exposure measure is estimated on the same grid: each treatment date x outcome x weighting
gets the dose-response design; the primary treatment date without weights also gets the event
study and the dose response with reference-year wage trends. :func:`spec_grid` lists the grid in
a fixed order (dates, outcomes, weights, then kind), which is the row order of the gathered
tables; :func:`run_spec` estimates one specification, :func:`run_grid` runs them all and
:func:`gather` stacks the parts into the tables ``event_study.parquet``,
``pretrend_tests.csv`` and ``event_study_vcov.parquet``.
:func:`panel_windows` runs the three-wave designs of the same measure (``windows.csv``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from . import corrected, event_study

KINDS = ("event", "dose", "dose_wage_trends")
PRETREND_COLUMNS = [
    "measure",
    "date",
    "outcome",
    "weights",
    "cluster_var",
    "n_pre_years",
    "F",
    "p_F",
    "p_chi2",
    "n_clusters",
]
_SAFE = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class Spec:
    """One specification: treatment date (label and ISO date), outcome, weights and design."""

    date_label: str
    date: str
    outcome: str
    weights: str
    kind: str

    @property
    def id(self) -> str:
        """Stable, filename-safe name, e.g. ``chatgpt-ln_wage-none-event``."""
        return f"{self.date_label}-{self.outcome}-{self.weights}-{self.kind}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def spec_grid(
    dates: Mapping[str, str], outcomes: Sequence[str], weights: Sequence[str], primary_date: str
) -> list[Spec]:
    """Every specification in estimation order: for each date, outcome and weighting, the kinds
    of :data:`KINDS` that apply (event study and wage-trend dose only at the primary date
    without weights)."""
    if primary_date not in dates:
        raise ValueError(f"primary treatment date {primary_date!r} is not one of {list(dates)}")
    for name in [*dates, *outcomes, *weights]:
        if not _SAFE.match(str(name)):
            raise ValueError(
                f"{name!r}: treatment-date labels, outcomes and weights must be letters, digits and underscores "
                "(they name files)"
            )
    grid = []
    for label, date in dates.items():
        for outcome in outcomes:
            for w in weights:
                for kind in KINDS:
                    if kind != "dose" and (label != primary_date or w != "none"):
                        continue
                    grid.append(Spec(date_label=label, date=date, outcome=outcome, weights=w, kind=kind))
    return grid


def find(grid: Iterable[Spec], spec_id: str) -> Spec:
    """The specification of ``grid`` named ``spec_id``."""
    grid = list(grid)
    for s in grid:
        if s.id == spec_id:
            return s
    raise KeyError(f"no specification {spec_id!r} in the grid ({', '.join(s.id for s in grid)})")


@dataclass
class SpecResult:
    """One specification's coefficient rows, pre-trend tests (event study only, else empty) and
    coefficient covariances (event study only, else empty)."""

    coefs: pd.DataFrame
    pretrend: pd.DataFrame
    vcov: pd.DataFrame


def base_employment(panel: pd.DataFrame, measure: pd.DataFrame) -> pd.Series:
    """Base-year employment of each harmonised unit (the employment weights)."""
    return event_study.unit_exposure(panel["unit_code"], measure.assign(exposure=measure["employment"]))


def run_spec(
    panel: pd.DataFrame,
    measure: pd.DataFrame,
    spec: Spec,
    *,
    measure_name: str,
    shared: dict | None = None,
) -> SpecResult:
    """Estimate one specification of the grid on the harmonised panel. ``shared``: a dict that
    specifications of the same panel and measure share (:func:`run_grid`), which keeps the
    base-year employment weights and each outcome's estimation sample once computed."""
    shared = {} if shared is None else shared
    if "base_employment" not in shared:
        shared["base_employment"] = base_employment(panel, measure)
    if ("prepared", spec.outcome) not in shared:
        shared["prepared", spec.outcome] = event_study.prepare(panel, measure, spec.outcome)
    rows, info = event_study.estimate(
        panel,
        measure,
        measure_name=measure_name,
        outcome=spec.outcome,
        date=spec.date,
        date_label=spec.date_label,
        weights=spec.weights,
        kind=spec.kind,
        base_employment=shared["base_employment"],
        prepared=shared["prepared", spec.outcome],
    )
    keys = {"measure": measure_name, "date": spec.date_label, "outcome": spec.outcome, "weights": spec.weights}
    vcov = event_study.vcov_table(info, keys) if spec.kind == "event" else pd.DataFrame()
    tests = [{**keys, "cluster_var": cluster, **t} for cluster, t in info["pretrend"].items()]
    pretrend = pd.DataFrame(tests) if tests else pd.DataFrame(columns=PRETREND_COLUMNS)
    return SpecResult(coefs=rows, pretrend=pretrend, vcov=vcov)


def run_grid(
    panel: pd.DataFrame,
    measure: pd.DataFrame,
    grid: Sequence[Spec],
    *,
    measure_name: str,
    progress: Callable[[int, int, Spec, float], None] | None = None,
) -> SpecResult:
    """Every specification of ``grid`` in order, gathered (:func:`gather`). ``progress(i, n,
    spec, seconds)`` is called after each one."""
    parts, shared = [], {}
    for i, spec in enumerate(grid, 1):
        t0 = time.perf_counter()
        parts.append(run_spec(panel, measure, spec, measure_name=measure_name, shared=shared))
        if progress is not None:
            progress(i, len(grid), spec, time.perf_counter() - t0)
    return gather(parts)


def gather(parts: Sequence[SpecResult]) -> SpecResult:
    """The tables of the whole grid from its parts, in the order given (the grid order)."""
    if not parts:
        raise ValueError("no specification results to gather")
    coefs = pd.concat([p.coefs for p in parts], ignore_index=True)
    pretrend = pd.DataFrame([r for p in parts for r in p.pretrend.to_dict("records")])
    vcovs = [p.vcov for p in parts if len(p.vcov)]
    vcov = pd.concat(vcovs, ignore_index=True) if vcovs else pd.DataFrame()
    return SpecResult(coefs=coefs, pretrend=pretrend, vcov=vcov)


def major_group_rows(coefs: pd.DataFrame) -> pd.DataFrame:
    """The coefficient rows clustered by SOC major group, key columns only (for the log)."""
    return coefs[coefs["cluster_var"] == "major_group"][["specification", "term", "estimate", "se", "p_value", "n"]]


def dose_summary(coefs: pd.DataFrame) -> pd.DataFrame:
    """The dose-response rows without weights, clustered by SOC major group (for the log)."""
    dose = coefs[
        (coefs["model"] == "dose response") & (coefs["cluster_var"] == "major_group") & (coefs["weights"] == "none")
    ]
    return dose[["specification", "outcome", "estimate", "se", "p_value", "n"]]


PANEL_WAVES = (2022, 2023, 2024)
PANEL_UNIT = "harmonised occupation (complete 2022-2024)"


def panel_windows(
    panel: pd.DataFrame, measure: pd.DataFrame, *, measure_name: str, years: tuple[int, int, int] = PANEL_WAVES
) -> pd.DataFrame:
    """The three-wave designs of :mod:`ailabor.econometrics.corrected` (three windows, quartile
    regression, pre-period difference) on the harmonised panel with one exposure measure, next to
    the grid; an empty table when the panel lacks one of the three May waves."""
    if not set(years) <= set(panel["year"].unique()):
        return pd.DataFrame()
    wide = corrected.wide_from_panel(panel, event_study.unit_exposure(panel["unit_code"], measure), years)
    kw = dict(spec_mode="corrected", measure=measure_name, unit=PANEL_UNIT)
    return pd.concat(
        [
            corrected.three_windows(wide, "exposure", years, **kw),
            corrected.quartile_regression(wide, "exposure", **kw),
            corrected.pre_difference(wide, "exposure", **kw),
        ],
        ignore_index=True,
    )
