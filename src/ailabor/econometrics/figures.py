"""Figures of the estimation stage: event-study coefficients and the seed's four-panel DiD."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..figures import CORRECTED_COLOR, LEGACY_COLOR, PALETTE, apply_style, pyplot, save
from .legacy import group_means

OUTCOME_LABEL = {"ln_wage": "ln mean annual wage", "ln_emp": "ln employment"}


def event_study(coefs: pd.DataFrame, dose: pd.DataFrame, path: str | Path, title: str, note: str) -> None:
    """Event-time coefficients (exposure x May year, reference year = 0) with pointwise 95%
    confidence intervals from the rows' ``ci_low``/``ci_high`` (CR1, clustered by SOC major group
    and by occupation); the panel title gives the dose coefficient (major-group clusters)."""
    plt = pyplot()

    apply_style()
    outcomes = [o for o in ("ln_wage", "ln_emp") if (coefs["outcome"] == o).any()]
    fig, axes = plt.subplots(1, len(outcomes), figsize=(5.6 * len(outcomes), 3.9), squeeze=False)
    for ax, outcome in zip(axes[0], outcomes):
        c = coefs[coefs["outcome"] == outcome]
        ref = int(c["specification"].str.extract(r"ref May (\d{4})")[0].iloc[0])
        for cluster, color, off, lab in (
            ("major_group", CORRECTED_COLOR, -0.08, "estimate and pointwise 95% CI, SEs clustered by SOC major group"),
            ("occupation", PALETTE[5], 0.08, "estimate and pointwise 95% CI, SEs clustered by occupation"),
        ):
            d = c[c["cluster_var"] == cluster].sort_values("year")
            yrs = np.r_[d["year"].to_numpy(), ref]
            est = np.r_[d["estimate"].to_numpy(), 0.0]
            lo = np.r_[d["ci_low"].to_numpy(), 0.0]
            hi = np.r_[d["ci_high"].to_numpy(), 0.0]
            order = np.argsort(yrs)
            ax.errorbar(
                yrs[order] + off,
                est[order],
                yerr=[est[order] - lo[order], hi[order] - est[order]],
                fmt="o",
                ms=4,
                color=color,
                capsize=2,
                lw=1,
                label=lab,
            )
        missing = c[(c["cluster_var"] == "major_group") & c["estimate"].isna()]["year"].dropna().astype(int).tolist()
        for y in missing:  # waves the data lack: shown, not skipped silently
            ax.axvspan(y - 0.45, y + 0.45, color="0.92", lw=0)
        if missing:
            ax.text(
                np.mean(missing),
                0.02,
                "no OEWS\nMay wave",
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=7,
                color="0.4",
            )
        ax.axhline(0, color="0.4", lw=0.8)
        ax.axvline(ref + 0.5, color="0.5", ls="--", lw=0.8)
        ax.text(
            ref + 0.55,
            ax.get_ylim()[1],
            " first May estimate with\n post-treatment panels",
            va="top",
            fontsize=7,
            color="0.35",
        )
        dd = dose[(dose["outcome"] == outcome) & (dose["cluster_var"] == "major_group")]
        if len(dd):
            r = dd.iloc[0]
            ax.set_title(
                f"{OUTCOME_LABEL[outcome].capitalize()}\ndose coefficient {r['estimate']:.3f} log points "
                f"(SE {r['se']:.3f}, SOC major-group clusters)",
                fontsize=9,
            )
        ax.set_xlabel(f"OEWS May estimate (year; reference {ref} = 0)")
        ax.set_ylabel("Effect of exposure (log points per unit of exposure)")
        ax.legend(fontsize=7, loc="best", framealpha=0.8)
    import textwrap

    fig.suptitle("\n".join(textwrap.wrap(title, 95)), fontweight="bold")
    fig.tight_layout(rect=(0, 0.03, 1, 0.93))
    save(fig, path, note=note)


def primary_rows(coefs: pd.DataFrame, primary_date: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(event-study rows, dose-response rows) of the primary treatment date without weights,
    from all rows of ``event_study.parquet``."""
    c = coefs[coefs["specification"].str.startswith(f"{primary_date} (") & (coefs["weights"] == "none")]
    return c[c["model"] == "event study"], c[c["model"] == "dose response"]


def primary_event_study(coefs: pd.DataFrame, primary_date: str, path: str | Path, title: str, note: str) -> None:
    """:func:`event_study` of the primary treatment date without weights (:func:`primary_rows`)."""
    event, dose = primary_rows(coefs, primary_date)
    event_study(event, dose, path, title=title, note=note)


def legacy_four_panel(did: pd.DataFrame, path: str | Path, note: str) -> None:
    """The seed's did_analysis_plots.png (REQ-DID-07), redrawn; its labels kept as legacy."""
    plt = pyplot()

    apply_style()
    g = group_means(did)
    fig, ax = plt.subplots(2, 2, figsize=(11, 7.6))
    periods = ["2022-2023", "2023-2024"]
    ax[0, 0].plot(periods, [g["pre_high"], g["post_high"]], "o-", color=LEGACY_COLOR, label="High exposure")
    ax[0, 0].plot(periods, [g["pre_low"], g["post_low"]], "o-", color=PALETTE[2], label="Low exposure")
    ax[0, 0].axvline(0.5, color="0.5", ls="--", lw=0.8, label="seed's label: LLM release (Mar 2023)")
    ax[0, 0].set(
        title="Group means of Δ ln wage", xlabel="Period (OEWS May years)", ylabel="Mean Δ ln wage (log points)"
    )
    ax[0, 0].legend(fontsize=7)
    x = np.arange(2)
    ax[0, 1].bar(x - 0.18, [g["pre_high"], g["post_high"]], 0.36, color=LEGACY_COLOR, label="High exposure")
    ax[0, 1].bar(x + 0.18, [g["pre_low"], g["post_low"]], 0.36, color=PALETTE[2], label="Low exposure")
    ax[0, 1].set_xticks(x, ["Pre (2022-23)", "Post (2023-24)"])
    ax[0, 1].set(title="Wage growth by period and group", ylabel="Mean Δ ln wage (log points)")
    ax[0, 1].legend(fontsize=7)
    med = did["ai_exposure"].median()
    ax[1, 0].hist(did["ai_exposure"], bins=30, color=PALETTE[0], edgecolor="white")
    ax[1, 0].axvline(med, color=LEGACY_COLOR, ls="--", label=f"median {med:.3f}")
    ax[1, 0].set(title="Exposure (seed measure)", xlabel="Seed's exposure score (0-1)", ylabel="Occupations (count)")
    ax[1, 0].legend(fontsize=7)
    ind = did["delta_ln_wage_post"] - did["delta_ln_wage_pre"]
    ax[1, 1].scatter(did["ai_exposure"], ind, s=10, alpha=0.5, color=PALETTE[0])
    z = np.polyfit(did["ai_exposure"], ind, 1)
    xs = np.linspace(did["ai_exposure"].min(), did["ai_exposure"].max(), 50)
    ax[1, 1].plot(xs, np.polyval(z, xs), color=LEGACY_COLOR)
    ax[1, 1].axhline(0, color="0.4", lw=0.8)
    ax[1, 1].set(
        title="Occupation DiD (post - pre change) vs exposure",
        xlabel="Seed's exposure score (0-1)",
        ylabel="Δ² ln wage, post minus pre (log points)",
    )
    fig.suptitle(f"Legacy DiD (seed project design), N = {len(did)} occupations", fontweight="bold")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    save(fig, path, note=note)
