"""Figures of the BBZ experiments: transition paths of every run, and the T2 thresholds."""

from __future__ import annotations

from textwrap import fill

import numpy as np
import pandas as pd

from ...figures import PALETTE, apply_style, pyplot, save
from ...labels import symbols, words
from ...labels import unit as unit_of

# the path columns drawn, one panel each (titles and units from ailabor.labels)
PANELS = ["w_rel", "Q_rel", "K", "Z", "share_L", "I_Z_share"]


def paths(
    path: pd.DataFrame, labels: dict, title: str, out: str, note: str | None = None, horizon: float = 150.0
) -> None:
    plt = pyplot()

    apply_style()
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.6))
    runs = list(dict.fromkeys(path["run"])) if len(path) else []
    colours = PALETTE if len(runs) <= len(PALETTE) else [plt.cm.viridis(x) for x in np.linspace(0, 0.95, len(runs))]
    for ax, col in zip(axes.flat, PANELS):
        for k, run in enumerate(runs):
            d = path[(path["run"] == run) & (path["t"] <= horizon)]
            if col in d:
                style = "-" if d["converged"].all() else ":"
                ax.plot(d["t"], d[col], style, color=colours[k], lw=1.3, label=symbols(str(labels.get(run, run))))
        if col in ("w_rel", "Q_rel"):
            ax.axhline(1.0, color="0.3", lw=0.7)
        ax.set_title(words(col), fontsize=9)
        ax.set_ylabel(fill(f"{words(col)} ({unit_of(col)})", 34), fontsize=7)
        ax.set_xlabel("Time after the shock (years)")
    if runs:
        handles, names = axes.flat[0].get_legend_handles_labels()
        fig.legend(
            handles,
            names,
            loc="lower center",
            ncol=min(4, len(runs)),
            fontsize=7,
            bbox_to_anchor=(0.5, -0.02 - 0.025 * (len(runs) // 4)),
        )
    fig.suptitle(symbols(title), fontweight="bold")
    fig.tight_layout(rect=(0, 0.04, 1, 0.96))
    save(fig, out, symbols(note) if note else note)


def sigma3_star(table: pd.DataFrame, curve: pd.DataFrame, out: str, note: str | None = None) -> None:
    plt = pyplot()

    apply_style()
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    for k, (s1, d) in enumerate(table.groupby("sigma1")):
        a.plot(d["sigma2"], d["sigma3_star"], "o-", color=PALETTE[k % len(PALETTE)], label=f"σ1 = {s1:g}")
    a.axhline(0, color="0.3", lw=0.7)
    a.set_xlabel("σ2, elasticity between robots and competing labour (unitless)")
    a.set_ylabel("Critical elasticity σ3* (unitless)")
    a.set_title("Model 2: robots raise the wage on impact\nif and only if σ3 > σ3*", fontsize=10)
    a.legend(fontsize=7)
    sub = curve[np.isclose(curve["sigma1"], 0.5)]
    for k, (s2, d) in enumerate(sub.groupby("sigma2")):
        b.semilogx(d["sigma3"], d["impact_d_ln_w_d_ln_b"], color=PALETTE[k % len(PALETTE)], label=f"σ2 = {s2:g}")
    b.axhline(0, color="0.3", lw=0.7)
    b.set_xlabel("σ3, elasticity between capital and the labour working with it (unitless, log scale)")
    b.set_ylabel("Wage response on impact, d ln w / d ln b (elasticity)")
    b.set_title("Wage response to robot productivity on impact, σ1 = 0.5", fontsize=10)
    b.legend(fontsize=7)
    fig.suptitle("Berg-Buffie-Zanna Table 2: when robots raise the wage on impact", fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save(fig, out, symbols(note) if note else note)
