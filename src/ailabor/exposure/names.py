"""Names of the exposure variants (kept free of heavy imports: the Snakefile uses them)."""

from __future__ import annotations

WEIGHTS = ("im", "uniform", "imrt")
BASE_CREDITS = ("binary", "fractional", "fractional_emp", "unambiguous", "intensity")


def credits(thresholds) -> list[str]:
    return [*BASE_CREDITS, *(f"tau{int(t)}" for t in thresholds)]


def weights(task_ratings: bool) -> list[str]:
    return list(WEIGHTS) if task_ratings else ["uniform"]


def variant_names(thresholds, task_ratings: bool = True) -> list[str]:
    return [f"{c}_{w}" for c in credits(thresholds) for w in weights(task_ratings)]
