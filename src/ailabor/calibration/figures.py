"""Figures of the calibration stage: tornado per model, the A-R σ grid, the consistency chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import CORRECTED_COLOR, LEGACY_COLOR, PALETTE, apply_style, pyplot, save
from ..labels import SCENARIOS, parameter_words, scenario_name, words
from ..labels import unit as unit_of
from .models import OUTCOME, TITLES

# x axes of the consistency chart: each model's headline effect x 100
OUTCOME_AXIS = {
    "acemoglu_restrepo": "Wage, short run (log points x 100)",
    "Acemoglu-Restrepo": "Wage, short run (log points x 100)",
    "kaleckian": "Output, aggregate demand (% change)",
    "Kaleckian": "Output, aggregate demand (% change)",
    "bhaduri_marglin": "Output, capacity utilisation (% change)",
    "Bhaduri-Marglin": "Output, capacity utilisation (% change)",
}


def tornado(oat: pd.DataFrame, model: str, path: str, note: str | None = None) -> None:
    plt = pyplot()

    apply_style()
    d = oat.iloc[::-1].reset_index(drop=True)  # largest swing on top
    base = float(d["baseline_outcome"].iloc[0])
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(d) + 1.4))
    from matplotlib.patches import Patch

    for i, r in d.iterrows():
        for end, colour, side in (("low", PALETTE[5], "right"), ("high", PALETTE[0], "left")):
            v = r[f"outcome_{end}"]
            if np.isfinite(v):
                ax.barh(i, v - base, left=base, color=colour, height=0.6)
            else:
                ax.text(
                    base,
                    i + (0.18 if end == "low" else -0.18),
                    f" {end} end: {r[f'status_{end}']} ",
                    va="center",
                    ha=side,
                    fontsize=7,
                    color="0.25",
                )
    ax.axvline(base, color="0.2", lw=1)
    ax.set_yticks(range(len(d)))
    ax.set_yticklabels(
        [
            f"{parameter_words(p)}  [{lo:g}, {hi:g}]"
            for p, lo, hi in zip(d["parameter"], d["low_value"], d["high_value"])
        ]
    )
    what, unit = words(OUTCOME[model][0]), unit_of(OUTCOME[model][0])
    ax.set_xlabel(f"{what} ({unit}; baseline {base:.4f} at the central parameters)")
    ax.set_ylabel("Parameter [low, high end of its range]")
    ax.set_title(f"{TITLES[model]}: one-at-a-time sensitivity")
    ax.legend(
        handles=[
            Patch(color=PALETTE[5], label="parameter at the low end of its range"),
            Patch(color=PALETTE[0], label="parameter at the high end of its range"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
        fontsize=7,
    )
    save(fig, path, note)


def sigma_grid(corrected: pd.DataFrame, scenario: str, path: str, note: str | None = None) -> None:
    plt = pyplot()

    apply_style()
    d = corrected[(corrected["model"] == "acemoglu_restrepo") & (corrected["scenario"] == scenario)]
    w = d.pivot_table(index="sigma", columns="metric", values="value")
    fig, ax = plt.subplots(figsize=(6.5, 4.0))
    ax.plot(w.index, w["sr_d_ln_w"], "o-", color=CORRECTED_COLOR, label="short run, capital fixed (exact)")
    ax.plot(w.index, w["lr_d_ln_w"], "s-", color=PALETTE[2], label="long run, capital adjusts (exact)")
    ax.plot(w.index, w["displacement_only_linear"], ":", color="0.4", label="displacement only, -D/σ (linear)")
    ax.plot(w.index, w["legacy_heuristic"], "x--", color=LEGACY_COLOR, label="seed: -[(σ-1)/σ]·D (not A-R)")
    ax.axhline(0, color="0.2", lw=0.8)
    ax.set_xlabel("Elasticity of substitution between tasks σ (unitless)")
    ax.set_ylabel("Change in ln wage (log points)")
    ax.set_title(
        f"Acemoglu-Restrepo wage effect of automating {100 * w['D'].iloc[0]:.1f}% of the wage bill\n"
        f"(scenario: {SCENARIOS.get(scenario, scenario.replace('_', ' '))})"
    )
    ax.legend(fontsize=7)
    save(fig, path, note)


def consistency_chart(table: pd.DataFrame, path: str, note: str | None = None) -> None:
    plt = pyplot()

    apply_style()
    shocks = list(dict.fromkeys(table["shock"]))
    models = list(dict.fromkeys(table["model"]))
    fig, axes = plt.subplots(1, len(models), figsize=(4.0 * len(models), 0.5 * len(shocks) + 1.8), sharey=True)
    y = np.arange(len(shocks))
    for ax, model in zip(np.atleast_1d(axes), models):
        for k, (mode, colour) in enumerate((("legacy", LEGACY_COLOR), ("corrected", CORRECTED_COLOR))):
            v = table[(table["model"] == model) & (table["mode"] == mode)].set_index("shock").reindex(shocks)["value"]
            name = "legacy (the seed's formulas)" if mode == "legacy" else "corrected model"
            ax.barh(y + (0.2 if k == 0 else -0.2), 100 * v.to_numpy(), height=0.38, color=colour, label=name)
        ax.axvline(0, color="0.2", lw=0.8)
        ax.set_title(TITLES.get(model, model))
        ax.set_xlabel(OUTCOME_AXIS.get(model, "Effect (%)"))
    ax0 = np.atleast_1d(axes)[0]
    ax0.set_yticks(y)
    ax0.set_yticklabels([scenario_name(s) for s in shocks])
    ax0.invert_yaxis()
    ax0.legend(fontsize=7)
    fig.suptitle("One shock, three models: legacy formulas and corrected models", fontweight="bold")
    save(fig, path, note)
