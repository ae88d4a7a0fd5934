"""Figures of the BBZ experiments: transition paths of every run, and the T2 thresholds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...figures import PALETTE, apply_style, save

PANELS = [
    ("w_rel", "low-skill wage, w / w0"),
    ("Q_rel", "GDP, Q / Q0"),
    ("K", "traditional capital K"),
    ("Z", "robot capital Z"),
    ("share_L", "labour share"),
    ("I_Z_share", "robot investment / GDP"),
]


def paths(
    path: pd.DataFrame, labels: dict, title: str, out: str, note: str | None = None, horizon: float = 150.0
) -> None:
    import matplotlib.pyplot as plt

    apply_style()
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.6))
    runs = list(dict.fromkeys(path["run"])) if len(path) else []
    colours = PALETTE if len(runs) <= len(PALETTE) else [plt.cm.viridis(x) for x in np.linspace(0, 0.95, len(runs))]
    for ax, (col, ylabel) in zip(axes.flat, PANELS):
        for k, run in enumerate(runs):
            d = path[(path["run"] == run) & (path["t"] <= horizon)]
            if col in d:
                style = "-" if d["converged"].all() else ":"
                ax.plot(d["t"], d[col], style, color=colours[k], lw=1.3, label=labels.get(run, run))
        if col in ("w_rel", "Q_rel"):
            ax.axhline(1.0, color="0.3", lw=0.7)
        ax.set_title(ylabel, fontsize=9)
        ax.set_xlabel("years")
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
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout(rect=(0, 0.04, 1, 0.96))
    save(fig, out, note)


def sigma3_star(table: pd.DataFrame, curve: pd.DataFrame, out: str, note: str | None = None) -> None:
    import matplotlib.pyplot as plt

    apply_style()
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    for k, (s1, d) in enumerate(table.groupby("sigma1")):
        a.plot(d["sigma2"], d["sigma3_star"], "o-", color=PALETTE[k % len(PALETTE)], label=f"sigma1 = {s1:g}")
    a.axhline(0, color="0.3", lw=0.7)
    a.set_xlabel("sigma2 (robots vs labour)")
    a.set_ylabel("sigma3*")
    a.set_title("Model 2: robots raise the wage at impact iff sigma3 > sigma3*")
    a.legend(fontsize=7)
    sub = curve[np.isclose(curve["sigma1"], 0.5)]
    for k, (s2, d) in enumerate(sub.groupby("sigma2")):
        b.semilogx(d["sigma3"], d["impact_d_ln_w_d_ln_b"], color=PALETTE[k % len(PALETTE)], label=f"sigma2 = {s2:g}")
    b.axhline(0, color="0.3", lw=0.7)
    b.set_xlabel("sigma3 (K vs L2)")
    b.set_ylabel("d ln w / d ln b at impact")
    b.set_title("Impact wage elasticity, sigma1 = .5")
    b.legend(fontsize=7)
    save(fig, out, note)
