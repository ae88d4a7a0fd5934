"""Plain-language display labels: the one vocabulary of figures and tables.

Exposure measures and variants, calibration scenarios, treatment dates, clusterings, model
parameters and model variables map to plain words, with their units where they have one, so a
reader never needs the code's identifiers (``fractional_im``, ``c_w``, ``phi_feasible``). Every
figure title, legend and axis label and every table header of the report takes its words from
here. Imports nothing heavy, so the Snakefile can use it at DAG time.

Units follow the outputs they label: '% change' is 100 x (x / x0 - 1), 'log points' a change in a
natural log (x 100 where the text says so), 'percentage points' a change in a share x 100.
"""

from __future__ import annotations

import re

# --- exposure measures and calibration scenarios -----------------------------------------------

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
# Treatment dates of the event study (config estimation.treatment_dates keys).
TREATMENTS = {
    "chatgpt": "ChatGPT release",
    "gpt4_claude": "GPT-4 and Claude release",
}
# Standard-error clusterings of the regressions.
CLUSTERS = {
    "major_group": "SOC major group",
    "occupation": "occupation",
    "occupation+year": "occupation and year (two-way)",
}
# Macro models of the calibration stage and the two GE models.
MODELS = {
    "acemoglu_restrepo": "Acemoglu-Restrepo",
    "kaleckian": "Kaleckian",
    "bhaduri_marglin": "Bhaduri-Marglin",
    "ar": "Task model (Acemoglu-Restrepo)",
    "bbz": "Robot model (Berg-Buffie-Zanna)",
}


def measure_name(measure: str) -> str:
    """An exposure measure's plain name ('fractional_im' -> 'AI usage shared among occupations,
    importance-weighted')."""
    if measure in MEASURES:
        return MEASURES[measure]
    m = re.fullmatch(r"(tau\d+|binary|fractional_emp|fractional|unambiguous|intensity)_(im|uniform|imrt)", measure)
    if m:
        credit = CREDIT.get(m.group(1), f"AI usage, tasks with at least {m.group(1)[3:]} conversations")
        return f"{credit}, {WEIGHT[m.group(2)]}"
    return measure.replace("_", " ")


measure_label = measure_name


def scenario_name(label: str) -> str:
    """``measure / scenario`` -> "<Measure name> (<scenario name>)"; other labels unchanged."""
    if label == "seed exposure (legacy)":
        return "Seed project's exposure (legacy units)"
    if " / " not in label:
        return label
    measure, scenario = label.split(" / ", 1)
    name = measure_name(measure)
    return f"{name[0].upper()}{name[1:]} ({SCENARIOS.get(scenario, scenario.replace('_', ' '))})"


def variant_label(variant: str) -> str:
    """An exposure variant's name ('fractional_im' -> 'AI usage shared among occupations,
    importance-weighted'); the seed's formula is named as such."""
    if variant == "legacy":
        return "legacy (seed formula; O*NET-SOC codes with a touched task)"
    return measure_name(variant)


def treatment_name(key: str) -> str:
    return TREATMENTS.get(key, key.replace("_", " "))


def cluster_name(key: str) -> str:
    return CLUSTERS.get(key, key.replace("_", " "))


def model_name(key: str) -> str:
    return MODELS.get(key, key.replace("_", " "))


# --- parameters and variables: (plain words, unit or None) -------------------------------------

SHARE = "share, 0-1"
PARAMETERS: dict[str, tuple[str, str | None]] = {
    # the shared macro shock (ailabor.calibration.shock; docs/methods.md "Macro calibrations")
    "omega0": ("Wage share of GDP before the shock", SHARE),
    "theta": ("Pass-through of the displaced wage bill to profits", SHARE),
    "phi_feasible": ("Share of exposed work that can profitably be automated", SHARE),
    "phi_adopted": ("Share of feasible automation adopted", SHARE),
    "D": ("Share of the wage bill AI takes over", SHARE),
    "TD": ("Wage-weighted task displacement", SHARE),
    # Acemoglu-Restrepo calibration and GE task model
    "sigma": ("Elasticity of substitution between tasks", None),
    "cost_saving": ("Labour-cost saving of an automated task, 1 - r/W", SHARE),
    "ar_sigma": ("Elasticity of substitution between tasks", None),
    "ar_n0": ("Initial automation gap n0", "task measure"),
    "ar_lam": ("AI capital productivity in measured tasks", None),
    # Kaleckian and Bhaduri-Marglin
    "c_w": ("Marginal propensity to consume out of wages", SHARE),
    "c_pi": ("Marginal propensity to consume out of profits", SHARE),
    "s_w": ("Propensity to save out of wages", SHARE),
    "s_pi": ("Propensity to save out of profits", SHARE),
    "accumulation_rate": ("Baseline accumulation rate", "per year"),
    "g_u": ("Investment response to capacity utilisation", None),
    "g_pi": ("Investment response to the profit share", None),
    "u0": ("Baseline capacity utilisation", SHARE),
    "v": ("Capital to full-capacity output ratio", None),
    # Berg-Buffie-Zanna (ailabor.ge.bbz.params)
    "sigma1": ("Elasticity between traditional capital and the robot-labour aggregate", None),
    "sigma2": ("Elasticity between robots and competing labour", None),
    "sigma3": ("Elasticity between traditional capital and labour working with it", None),
    "bbz_sigma2": ("Elasticity between robots and competing labour", None),
    "bbz_split": ("Workers competing with robots (multiple of the measured D)", None),
}

VARIABLES: dict[str, tuple[str, str | None]] = {
    # regressions
    "ln_wage": ("ln mean annual wage", "log points"),
    "ln_emp": ("ln employment", "log points"),
    # GE scenario paths and headlines (ailabor.ge.scenarios)
    "wage_pct": ("Wage", "% change from the no-shock path"),
    "labour_share_pp": ("Labour share", "change, percentage points"),
    "output_pct": ("Output", "% change from the no-shock path"),
    "wage_impact_pct": ("Wage on impact", "% change from the no-shock path"),
    "wage_trough_pct": ("Wage at its lowest", "% change from the no-shock path"),
    "wage_trough_year": ("Year of the lowest wage", "years after the shock"),
    "wage_recovery_year": ("Time until the wage is back at its initial level", "years"),
    "wage_lr_pct": ("Long-run wage", "% change from the no-shock path"),
    "labour_share_impact_pp": ("Labour share on impact", "change, percentage points"),
    "labour_share_lr_pp": ("Long-run labour share", "change, percentage points"),
    "output_impact_pct": ("Output on impact", "% change from the no-shock path"),
    "output_lr_pct": ("Long-run output", "% change from the no-shock path"),
    # BBZ paths (ailabor.ge.bbz.dynamics, .experiments)
    "w_rel": ("Wage (low-skill wage in Models 3-4)", "ratio to the initial steady state"),
    "Q_rel": ("GDP", "ratio to the initial steady state"),
    "K": ("Traditional capital", "units of GDP at the initial steady state"),
    "Z": ("Robot capital", "units of GDP at the initial steady state"),
    "share_L": ("Labour share of GDP (low-skill labour in Models 3-4)", SHARE),
    "I_Z_share": ("Robot investment", "share of GDP"),
    "c_w": ("Workers' consumption", "units of GDP at the initial steady state"),
    "sigma3_star": ("Critical capital-labour elasticity sigma3*", None),
    "impact_d_ln_w_d_ln_b": ("Wage response on impact, d ln w / d ln b", "elasticity"),
    # A-R paths (ailabor.ge.ar)
    "lnW_rel": ("Wage relative to the pre-shock trend", "log points x 100"),
    "labour_share": ("Labour share, WL/(WL+rK)", SHARE),
    "labour_share_gross": ("Labour share of gross output, WL/Y", SHARE),
    "I_star_gap": ("Automatable tasks not yet automated, I - I*", "task measure"),
    "n": ("Technology gap n = N - I", "task measure"),
    # calibration outcomes (ailabor.calibration)
    "sr_d_ln_w": ("Wage, short run (capital fixed)", "log points"),
    "lr_d_ln_w": ("Wage, long run (capital adjusts)", "log points"),
    "exact": ("Output (aggregate demand)", "proportional change"),
    "output_effect": ("Output, change in capacity utilisation relative to u0", "proportional change"),
}


def _lookup(name: str) -> tuple[str, str | None]:
    if name in VARIABLES:
        return VARIABLES[name]
    if name in PARAMETERS:
        return PARAMETERS[name]
    raise KeyError(f"no display label for {name!r}: add it to ailabor.labels.VARIABLES or PARAMETERS")


def words(name: str) -> str:
    """The plain words of a variable or parameter, without its unit."""
    return _lookup(name)[0]


def unit(name: str) -> str | None:
    return _lookup(name)[1]


def label(name: str, unit_override: str | None = None) -> str:
    """'Words (unit)' of a variable or parameter, e.g. ``label("c_w")`` -> "Workers' consumption
    (units of GDP at the initial steady state)"; without a unit just the words."""
    w, u = _lookup(name)
    u = unit_override or u
    return f"{w} ({u})" if u else w


def parameter_words(name: str) -> str:
    """A parameter's plain words (the calibration's and GE's parameter names), without unit."""
    return (PARAMETERS[name] if name in PARAMETERS else _lookup(name))[0]


def parameter_label(name: str) -> str:
    """A parameter's 'Words (unit)' (the calibration's and GE's parameter names)."""
    w, u = PARAMETERS[name] if name in PARAMETERS else _lookup(name)
    return f"{w} ({u})" if u else w


# --- model symbols in figure text ----------------------------------------------------------------

# The BBZ and A-R run labels and experiment titles name parameters by their code names ('sigma2
# 2.5', 'Omega_K 2'); figures show the symbols. Data files keep the code names.
SYMBOLS = (
    (r"\bsigma3\*", "σ3*"),
    (r"\bsigma([123])\b", r"σ\1"),
    (r"\bsigma\b", "σ"),
    (r"\bOmega_K\b", r"$\\Omega_K$"),
    (r"\bOmega_Z\b", r"$\\Omega_Z$"),
    (r"\btheta_L2\b", r"$\\theta_{L2}$"),
    (r"\btau\b", r"$\\tau$"),
    (r"\binfinity\b", "∞"),
)


def symbols(text: str) -> str:
    """``text`` with parameter code names written as symbols ('sigma2 2.5, Omega_K 2' ->
    'σ2 2.5, $\\Omega_K$ 2'), for figure titles and legends."""
    for pattern, repl in SYMBOLS:
        text = re.sub(pattern, repl, text)
    return text
