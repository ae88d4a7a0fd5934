"""Plain-language names of exposure measures, calibration scenarios and model parameters, for
figure titles and legends (a reader should not need the identifiers)."""

from __future__ import annotations

import re

CREDIT = {
    "binary": "AI usage, full credit per task",
    "fractional": "AI usage shared among occupations",
    "fractional_emp": "AI usage shared by employment",
    "unambiguous": "AI usage, single-occupation tasks",
    "intensity": "AI usage intensity",
}
WEIGHT = {"im": "importance-weighted", "uniform": "unweighted", "imrt": "importance x relevance"}
MEASURES = {
    "felten_aioe": "Felten et al. AI exposure (percentile rank)",
    "eloundou_gpt": "Eloundou et al. GPT exposure",
    "user": "user-supplied exposure",
    "seed exposure": "seed project's exposure",
    "legacy": "seed project's exposure",
}
SCENARIOS = {
    "upper_bound": "all exposed work displaced",
    "acemoglu_2024": "23% of exposed work displaced (Acemoglu 2024)",
    "aei_automation": "exposed work x AEI automation share",
    "legacy": "legacy units",
}


def measure_name(measure: str) -> str:
    if measure in MEASURES:
        return MEASURES[measure]
    m = re.fullmatch(r"(tau\d+|binary|fractional_emp|fractional|unambiguous|intensity)_(im|uniform|imrt)", measure)
    if m:
        credit = CREDIT.get(m.group(1), f"AI usage, tasks with at least {m.group(1)[3:]} conversations")
        return f"{credit}, {WEIGHT[m.group(2)]}"
    return measure.replace("_", " ")


def scenario_name(label: str) -> str:
    """``measure / scenario`` -> "<measure name>: <scenario name>"; other labels unchanged."""
    if label == "seed exposure (legacy)":
        return "Seed project's exposure (legacy units)"
    if " / " not in label:
        return label
    measure, scenario = label.split(" / ", 1)
    name = measure_name(measure)
    return f"{name[0].upper()}{name[1:]} ({SCENARIOS.get(scenario, scenario.replace('_', ' '))})"
