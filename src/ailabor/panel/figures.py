"""Figures of the panel stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..figures import apply_style, pyplot, save
from ..soc.codes import code_system

SHORT = {
    "Management": "Management",
    "Business and Financial Operations": "Business & financial",
    "Computer and Mathematical": "Computer & math",
    "Architecture and Engineering": "Architecture & engineering",
    "Life, Physical, and Social Science": "Life, physical & social sci.",
    "Community and Social Service": "Community & social service",
    "Legal": "Legal",
    "Educational Instruction and Library": "Education & library",
    "Education, Training, and Library": "Education & library",
    "Arts, Design, Entertainment, Sports, and Media": "Arts, media & sports",
    "Healthcare Practitioners and Technical": "Healthcare practitioners",
    "Healthcare Support": "Healthcare support",
    "Protective Service": "Protective service",
    "Food Preparation and Serving Related": "Food preparation & serving",
    "Building and Grounds Cleaning and Maintenance": "Building & grounds",
    "Personal Care and Service": "Personal care & service",
    "Sales and Related": "Sales",
    "Office and Administrative Support": "Office & admin support",
    "Farming, Fishing, and Forestry": "Farming, fishing & forestry",
    "Construction and Extraction": "Construction & extraction",
    "Installation, Maintenance, and Repair": "Installation & repair",
    "Production": "Production",
    "Transportation and Material Moving": "Transportation & moving",
}


def short_major(title: str) -> str:
    t = title.replace(" Occupations", "")
    return SHORT.get(t, t)


def wage_growth_heatmap(growth: pd.DataFrame, path: str | Path, source: str) -> None:
    """Heatmap: annualised growth of the mean annual wage, SOC major group x period."""
    plt = pyplot()

    apply_style()
    g = growth.copy()

    def label(a: int, b: int) -> str:
        text = f"{a}→{b}" + ("" if b - a == 1 else "\n(annualised)")
        return text + ("\n† SOC change" if code_system(a) != code_system(b) else "")

    g["period"] = [label(a, b) for a, b in zip(g["prev_year"], g["year"])]
    g["group"] = g["occ_code"].str[:2] + " " + g["occ_title"].map(short_major)
    order_p = list(dict.fromkeys(g.sort_values("year")["period"]))
    mat = g.pivot(index="group", columns="period", values="annual_growth")[order_p].sort_index() * 100
    fig, ax = plt.subplots(figsize=(1.1 * len(order_p) + 3.2, 0.32 * len(mat) + 1.6))
    lim = float(np.nanmax(np.abs(mat.to_numpy()))) if mat.size else 1.0
    im = ax.imshow(mat.to_numpy(), cmap="RdBu", vmin=-lim, vmax=lim, aspect="auto")
    ax.set_xticks(range(len(order_p)), order_p, fontsize=7)
    ax.set_yticks(range(len(mat)), mat.index, fontsize=7.5)
    ax.grid(False)
    for i in range(mat.shape[0]):
        for j in range(mat.shape[1]):
            v = mat.iat[i, j]
            if np.isfinite(v):
                ax.text(
                    j,
                    i,
                    f"{v:.1f}",
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if abs(v) > 0.6 * lim else "black",
                )
    cb = fig.colorbar(im, ax=ax, shrink=0.6, pad=0.02)
    cb.set_label("Nominal mean wage growth (% per year)")
    ax.set_xlabel("Between OEWS May estimates (years)")
    ax.set_title("Nominal mean annual wage growth by SOC major group (OEWS, May estimates)")
    if any("†" in p for p in order_p):
        source += (
            "\n† The two May estimates use different SOC code systems (2010, hybrid, 2018); major groups "
            "changed composition (e.g. home health aides moved from 31 to 39)."
        )
    save(fig, path, note=source)
