"""Figure of the Rambachan-Roth sensitivity analysis (:mod:`ailabor.econometrics.honest`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from ..figures import CORRECTED_COLOR, LEGACY_COLOR, PALETTE, apply_style, pyplot, save
from .honest import NO_PRE_NOTE, ORIGINAL, RM, SD, TARGETS

ORIGINAL_COLOR = LEGACY_COLOR
ROBUST_COLOR = CORRECTED_COLOR
BREAKDOWN_COLOR = PALETTE[2]
PANEL = {
    RM: (
        "Relative magnitudes (ΔRM)",
        "M̄",
        "M̄: post-period violations up to M̄ × the largest pre-period change (multiple, unitless)",
    ),
    SD: ("Smoothness (ΔSD)", "M", "M: change in the trend's slope per period (log points)"),
}
TARGET_LABEL = {"first post period": "First post period", "average of post periods": "Average of the post periods"}


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def _breakdown_text(row: pd.Series | None, symbol: str) -> tuple[str, float | None]:
    """Panel text for a breakdown row, and the value to mark (None: nothing to mark)."""
    if row is None:
        return "breakdown value not computed", None
    value, note = row["breakdown"], str(row.get("note", "") or "")
    if pd.isna(value):
        return "breakdown: " + textwrap.fill(note or "not available", 46), None
    if np.isinf(value):
        return f"breakdown: robust CI excludes 0\nfor all {symbol} ≤ {_fmt(row['search_max'])} (search bound)", None
    if value == 0 and note:
        return f"breakdown {symbol} = 0:\n" + textwrap.fill(note, 46), 0.0
    return f"breakdown {symbol} = {_fmt(value)}", float(value)


def _panel(ax, rows: pd.DataFrame, original: pd.Series, bd: pd.Series | None, restriction: str, target: str) -> None:
    title, symbol, xlabel = PANEL[restriction]
    rows = rows.sort_values("value")
    x = rows["value"].to_numpy(float)
    gap = float(np.min(np.diff(x))) if x.size > 1 else max(abs(x[0]), 1.0) if x.size else 1.0
    x0 = (x.min() if x.size else 0.0) - gap
    width = gap / 4
    ax.vlines(x0, original["lb"], original["ub"], color=ORIGINAL_COLOR, lw=2.2)
    ax.hlines([original["lb"], original["ub"]], x0 - width / 2, x0 + width / 2, color=ORIGINAL_COLOR, lw=1.2)
    ok = rows[rows["lb"].notna()]
    ax.vlines(ok["value"], ok["lb"], ok["ub"], color=ROBUST_COLOR, lw=2.2)
    ax.hlines(
        np.r_[ok["lb"], ok["ub"]],
        np.r_[ok["value"], ok["value"]] - width / 2,
        np.r_[ok["value"], ok["value"]] + width / 2,
        color=ROBUST_COLOR,
        lw=1.2,
    )
    for _, r in rows[rows["lb"].isna()].iterrows():
        ax.text(r["value"], 0, "empty", rotation=90, ha="center", va="center", fontsize=7, color="0.4")
    ax.axhline(0, color="0.3", lw=0.8)
    text, mark = _breakdown_text(bd, symbol)
    if mark is not None and x.size and mark <= x.max() + gap / 2:
        ax.axvline(mark, color=BREAKDOWN_COLOR, ls="--", lw=1.2)
    lo, hi = ax.get_ylim()  # head room for the breakdown statement
    ax.set_ylim(lo, hi + (hi - lo) * 0.1 * (text.count("\n") + 1.5))
    ax.text(
        0.02,
        0.97,
        text,
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=8,
        color=BREAKDOWN_COLOR,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
        zorder=5,
    )
    ticks = list(x)
    ax.set_xticks([x0, *ticks], ["original", *[_fmt(t) for t in ticks]], fontsize=7)
    ax.set_xlim(x0 - gap * 0.6, (x.max() if x.size else x0) + gap * 0.6)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_title(f"{TARGET_LABEL.get(target, target)}: {title[0].lower()}{title[1:]}", fontsize=10)


def _save(fig, path: str | Path, note: str) -> None:
    """PNG and PDF by :func:`ailabor.figures.save` (the note wrapped to the figure's width)."""
    save(fig, path, note, wrap_note=True)


def _legend(fig, alpha: float) -> None:
    from matplotlib.lines import Line2D

    level = f"{100 * (1 - alpha):.0f}%"
    handles = [
        Line2D(
            [], [], color=ORIGINAL_COLOR, lw=2.2, label=f"original {level} CI (assumes parallel trends hold exactly)"
        ),
        Line2D(
            [],
            [],
            color=ROBUST_COLOR,
            lw=2.2,
            label=f"robust {level} CI allowing parallel-trend violations of size M̄ or M",
        ),
        Line2D(
            [],
            [],
            color=BREAKDOWN_COLOR,
            lw=1.2,
            ls="--",
            label="breakdown value: smallest M̄ or M whose robust CI includes 0",
        ),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=1, fontsize=8, frameon=False, bbox_to_anchor=(0.5, 0.0))


def sensitivity_figure(table: pd.DataFrame, breakdowns: pd.DataFrame, path, *, title: str, note: str = "") -> None:
    """HonestDiD-style sensitivity plot of :func:`ailabor.econometrics.honest.sensitivity` output.

    One row of panels per target (first post period, average of the post periods), one column
    per restriction (ΔRM against M̄, ΔSD against M). Each panel shows the original confidence
    interval (left, "original") and the robust intervals as vertical bars at each parameter value,
    a line at 0, and the breakdown value from :func:`~ailabor.econometrics.honest.breakdown`
    (dashed line, stated in the panel). Without pre-periods (``num_pre == 0``) the figure shows the
    original intervals and says that the sensitivity analysis is not identified. Written
    atomically as PNG to ``path`` and as PDF to the same stem with ``.pdf``.
    """
    plt = pyplot()

    apply_style()
    alpha = float(table["alpha"].iloc[0]) if len(table) else 0.05
    ylabel = f"{100 * (1 - alpha):.0f}% confidence interval (log points)"
    targets = [t for t in TARGETS if (table["target"] == t).any()]
    num_pre = int(table["num_pre"].iloc[0]) if len(table) else 0
    if num_pre == 0:
        fig, axes = plt.subplots(1, max(len(targets), 1), figsize=(4.2 * max(len(targets), 1), 3.4), squeeze=False)
        for ax, target in zip(axes[0], targets):
            o = table[(table["target"] == target) & (table["restriction"] == ORIGINAL)].iloc[0]
            ax.vlines(0, o["lb"], o["ub"], color=ORIGINAL_COLOR, lw=2.4)
            ax.plot([0], [o["estimate"]], "o", color=ORIGINAL_COLOR, ms=4)
            ax.axhline(0, color="0.3", lw=0.8)
            ax.set_xlim(-0.6, 2.4)
            ax.set_xticks([0], ["original CI"])
            ax.set_ylabel(ylabel)
            ax.set_title(TARGET_LABEL.get(target, target), fontsize=10)
            ax.text(
                0.6,
                0.5,
                "Sensitivity analysis\nnot identified:\nno pre-period before\nthe reference period,\n"
                "so violations of parallel\ntrends cannot be bounded\nby pre-trends (ΔRM, ΔSD).",
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=8,
                color="0.2",
                bbox={"facecolor": "#f3f3f3", "edgecolor": "0.7"},
            )
        fig.suptitle(title, fontweight="bold")
        fig.tight_layout(rect=(0, 0.02, 1, 0.93))
        _save(fig, path, (note + "\n" if note else "") + f"Robust intervals: {NO_PRE_NOTE}.")
        return
    fig, axes = plt.subplots(len(targets), 2, figsize=(10.5, 3.5 * len(targets) + 0.9), squeeze=False)
    for i, target in enumerate(targets):
        t = table[table["target"] == target]
        original = t[t["restriction"] == ORIGINAL].iloc[0]
        for j, restriction in enumerate((RM, SD)):
            ax = axes[i, j]
            b = (
                breakdowns[(breakdowns["target"] == target) & (breakdowns["restriction"] == restriction)]
                if len(breakdowns)
                else breakdowns
            )
            _panel(ax, t[t["restriction"] == restriction], original, b.iloc[0] if len(b) else None, restriction, target)
            ax.set_ylabel(ylabel, fontsize=8)
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout(rect=(0, 0.09, 1, 0.95))
    _legend(fig, alpha)
    _save(fig, path, note)
