"""Figures of the exposure stage: distributions and the most exposed occupations."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from ..figures import LEGACY_COLOR, PALETTE, apply_style, pyplot, save
from ..labels import variant_label

label = variant_label


def distribution(panels: dict[str, pd.DataFrame], path: str | Path, note: str) -> None:
    """Histograms of OEWS-code exposure, one panel per variant, with weighted means."""
    plt = pyplot()

    apply_style()
    n = len(panels)
    cols = min(n, 3)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.1 * rows), sharex=True, squeeze=False)
    bins = np.linspace(0, 1, 26)
    for ax, (name, d) in zip(axes.flat, panels.items()):
        e = d["exposure"].dropna()
        color = LEGACY_COLOR if name == "legacy" else PALETTE[0]
        ax.hist(e, bins=bins, color=color, alpha=0.85, edgecolor="white")
        emp = d.loc[e.index, "employment"].fillna(0)
        wmean = float((e * emp).sum() / emp.sum()) if emp.sum() else np.nan
        ax.axvline(e.mean(), color="0.2", lw=1, ls="--", label=f"mean {e.mean():.3f}")
        ax.axvline(wmean, color=PALETTE[2], lw=1.2, label=f"employment-weighted {wmean:.3f}")
        ax.set_title("\n".join(textwrap.wrap(label(name), 38)), fontsize=9)
        ax.text(
            0.98,
            0.95,
            f"N = {len(e)}\nat zero: {100 * (e == 0).mean():.0f}%",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=8,
        )
        ax.legend(fontsize=7, loc="center right")
        ax.set_ylabel("Occupations (count)")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("Exposure (share of task weight touched by AI usage, 0-1)")
    fig.suptitle("AI exposure across occupations, by measure", fontweight="bold")
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    save(fig, path, note=note)


def top_occupations(panels: dict[str, pd.DataFrame], path: str | Path, note: str, top: int = 12) -> None:
    """The most exposed occupations under each variant (horizontal bars)."""
    plt = pyplot()

    apply_style()
    n = len(panels)
    cols = min(n, 2)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(6.6 * cols, 0.28 * top * rows + 1.2 * rows), squeeze=False)
    for ax, (name, d) in zip(axes.flat, panels.items()):
        t = (
            d.dropna(subset=["exposure"])
            .sort_values(["exposure", "oews_code"], ascending=[False, True])
            .head(top)[::-1]
        )
        names = [
            textwrap.shorten(f"{c} {s}", 46, placeholder="…")
            for c, s in zip(t["oews_code"], t["oews_title"].fillna(""))
        ]
        ax.barh(names, t["exposure"], color=LEGACY_COLOR if name == "legacy" else PALETTE[0])
        for y, v in enumerate(t["exposure"]):
            ax.text(v + 0.01, y, f"{v:.2f}", va="center", fontsize=7)
        ax.set_xlim(0, 1.08)
        ax.set_title("\n".join(textwrap.wrap(label(name), 50)), fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Exposure (share of task weight touched by AI usage, 0-1)")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    fig.suptitle(f"Top {top} most exposed occupations (OEWS codes), by measure", fontweight="bold")
    fig.tight_layout(rect=(0, 0.02, 1, 0.975))
    save(fig, path, note=note)


COVERAGE_ROWS = [
    ("AEI matching", "tasks matched", "AEI tasks matched to O*NET statements"),
    ("AEI matching", "tasks matched exactly", "  of which exactly"),
    ("AEI matching", "usage matched", "AEI usage (conversations) matched"),
    ("universe", "matched pairs inside the rated universe", "matched (occupation, task) pairs with ratings"),
    ("universe", "rated pairs touched by AI usage", "rated (occupation, task) pairs touched by AI"),
    ("occupations", "with at least one AI-touched task", "O*NET occupations with a touched task"),
    ("occupations", "OEWS codes with exposure", "OEWS detailed codes with an exposure value"),
    ("employment", "employment of OEWS codes with exposure", "OEWS employment covered"),
    ("employment", "wage bill of OEWS codes with exposure", "OEWS wage bill covered"),
]


def coverage(report: pd.DataFrame, path: str | Path, note: str) -> None:
    """Coverage of each step from AEI usage to the OEWS weighting base (exposure/coverage_report.csv)."""
    plt = pyplot()

    apply_style()
    rows = []
    for section, measure, text in COVERAGE_ROWS:
        m = report[(report["section"] == section) & (report["measure"] == measure)]
        if len(m) and pd.notna(m["share"].iloc[0]):
            rows.append((text, float(m["share"].iloc[0]), float(m["value"].iloc[0])))
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * max(len(rows), 1) + 1.2))
    names = [r[0] for r in rows][::-1]
    shares = [100 * r[1] for r in rows][::-1]
    values = [r[2] for r in rows][::-1]
    ax.barh(names, shares, color=PALETTE[0])
    for y, (s, v) in enumerate(zip(shares, values)):
        ax.text(s + 1, y, f"{s:.1f}%  (n = {v:,.0f})" if v < 1e7 else f"{s:.1f}%", va="center", fontsize=7)
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("Coverage (% of the step's total)")
    ax.grid(axis="y", visible=False)
    ax.set_title("Coverage: from AEI usage to the OEWS weighting base")
    fig.tight_layout()
    save(fig, path, note=note)


def panels(oews: pd.DataFrame, variants: list[str], legacy: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The exposure tables the figures compare: the seed's (``legacy``, its occupation
    exposure table, in the common columns) first when given, then each variant of
    exposure_oews.parquet."""
    out = {}
    if legacy is not None:
        out["legacy"] = pd.DataFrame(
            {
                "oews_code": legacy["onet_soc_code"],
                "oews_title": legacy["onet_occupation_title"],
                "exposure": legacy["ai_exposure"],
                "employment": legacy["TOT_EMP"],
            }
        )
    for v in variants:
        out[v] = oews[oews["variant"] == v]
    return out
