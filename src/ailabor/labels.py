"""Plain-language display names of exposure measures, variants and scenarios, for figures and
tables: one vocabulary (:mod:`ailabor.ge.plain`) for the exposure, estimation and GE stages.
Imports nothing heavy, so the Snakefile can use it at DAG time."""

from __future__ import annotations

from .ge.plain import measure_name, scenario_name  # noqa: F401  (re-exported)

measure_label = measure_name


def variant_label(variant: str) -> str:
    """An exposure variant's name ('fractional_im' -> 'AI usage shared among occupations,
    importance-weighted'); the seed's formula is named as such."""
    if variant == "legacy":
        return "legacy (seed formula; O*NET-SOC codes with a touched task)"
    return measure_name(variant)
