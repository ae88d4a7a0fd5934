"""One figure style for every stage, and deterministic, atomic PNG output.

Importing this module selects the non-interactive Agg backend; pyplot itself is imported only
by the functions that draw, so that modules which also draw can import this one at the top
without loading pyplot for their other work.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

from .provenance import atomic_path

matplotlib.use("Agg")

STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "font.family": "DejaVu Sans",
}
# Colour-blind-safe palette (Okabe-Ito).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
LEGACY_COLOR = "#D55E00"
CORRECTED_COLOR = "#0072B2"


def apply_style() -> None:
    import matplotlib.pyplot as plt

    plt.rcParams.update(STYLE)
    plt.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=PALETTE)


def save(fig, path: str | Path, note: str | None = None) -> None:
    """Save ``fig`` as PNG atomically; ``note`` is a source line under the figure."""
    import matplotlib.pyplot as plt

    if note:
        # below the axes and their labels; bbox_inches="tight" grows the canvas to fit it
        fig.text(0.01, -0.01, note, fontsize=7, color="0.35", ha="left", va="top")
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
