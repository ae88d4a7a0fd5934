"""Plain-language display names of exposure measures and variants, for figures and tables.
Imports nothing heavy, so the Snakefile can use it at DAG time."""

from __future__ import annotations

CREDIT = {
    "binary": "binary touch, full credit",
    "fractional": "fractional credit for shared tasks",
    "fractional_emp": "employment-weighted credit",
    "unambiguous": "unambiguous tasks only",
    "intensity": "usage intensity (capped)",
}
WEIGHTS = {"im": "importance", "uniform": "uniform", "imrt": "importance × relevance"}
EXTERNAL_MEASURES = {"felten_aioe": "Felten et al. AI occupational exposure (AIOE)", "eloundou_gpt": "Eloundou et al. GPT exposure", "user": "user-supplied exposure"}


def variant_label(variant: str) -> str:
    """'fractional_im' -> 'fractional credit for shared tasks, importance weights'."""
    if variant == "legacy":
        return "legacy (seed formula; O*NET-SOC codes with a touched task)"
    credit, weight = variant.rsplit("_", 1)
    c = CREDIT.get(credit, credit.replace("tau", "touch threshold U ≥ "))
    return f"{c}, {WEIGHTS[weight]} weights"


def measure_label(measure: str) -> str:
    """A plain-language name of any exposure measure (pipeline variant or external index)."""
    if measure in EXTERNAL_MEASURES:
        return EXTERNAL_MEASURES[measure]
    try:
        return variant_label(measure)
    except (KeyError, ValueError):
        return measure.replace("_", " ")
