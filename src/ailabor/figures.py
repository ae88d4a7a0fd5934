"""One figure style for every stage, deterministic atomic PNG and PDF output, and a check of the
text a reader sees (:func:`text_problems`).

Importing this module does not import matplotlib (about a quarter of a second, pyplot another
second): modules that also compute can import it at the top, and a job that only computes never
loads matplotlib. Functions that draw get pyplot from :func:`pyplot`, which selects the
non-interactive Agg backend first.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .provenance import atomic_path

log = logging.getLogger(__name__)

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
    # Glyphs drawn from their outlines, as the PDF draws them: hinting (snapping outlines to the
    # pixel grid) sharpens nothing a reader sees at 150 dpi and was a large part of each PNG's drawing
    "text.hinting": "no_hinting",
    "text.hinting_factor": 1,
}
# Colour-blind-safe palette (Okabe-Ito).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
LEGACY_COLOR = "#D55E00"
CORRECTED_COLOR = "#0072B2"


def pyplot():
    """``matplotlib.pyplot``, imported on first use, with the non-interactive Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def apply_style() -> None:
    import matplotlib

    plt = pyplot()
    plt.rcParams.update(STYLE)
    plt.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=PALETTE)


# Metadata left out so that reruns write byte-identical files (no dates, no version strings).
PNG_METADATA = {"Software": None}
PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None}


def pdf_path(path: str | Path) -> Path:
    """The PDF written next to the PNG ``path`` (same stem, ``.pdf``)."""
    return Path(path).with_suffix(".pdf")


def save(fig, path: str | Path, note: str | None = None, *, wrap_note: bool = False) -> None:
    """Save ``fig`` atomically as PNG at ``path`` and as PDF at :func:`pdf_path` (both
    deterministic: no creation date or software version); ``note`` is a source line under the
    figure. Problems of the figure's text (:func:`text_problems`) are logged as warnings.

    The figure is measured once, at the PNG's resolution: the tight bounding box (padded by
    ``savefig.pad_inches``) that both files are cut to, which also sets the tick labels the text
    check reads. Neither save repeats the layout draw that ``bbox_inches="tight"`` makes for each
    file, and a figure without a layout engine (``fig.tight_layout()`` places the axes once, when
    called) is not drawn for it at all: the box of an artist does not depend on a previous draw."""
    plt = pyplot()

    if note:
        # below the axes and their labels; the tight bounding box grows the canvas to fit it
        fig.text(0.01, -0.01, note, fontsize=7, color="0.35", ha="left", va="top", wrap=wrap_note)
    try:
        from matplotlib.layout_engine import PlaceHolderLayoutEngine

        if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
            # left by fig.tight_layout(); it lays out nothing, but makes every savefig draw twice
            fig.set_layout_engine(None)
        dpi, shown = plt.rcParams["savefig.dpi"], fig.dpi
        fig.dpi = shown if dpi == "figure" else dpi  # laid out at the PNG's resolution, as savefig does
        try:
            if fig.get_layout_engine() is not None:
                fig.draw_without_rendering()  # a constrained or tight layout engine places the axes at draw time
            # sets the tick labels (the text check reads them) and measures every artist; no pixels
            bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
        finally:
            fig.dpi = shown
        for problem in text_problems(fig, drawn=True):
            log.warning("figure %s: %s", Path(path).name, problem)
        for p, fmt, meta in ((Path(path), "png", PNG_METADATA), (pdf_path(path), "pdf", PDF_METADATA)):
            with atomic_path(p) as tmp:
                fig.savefig(tmp, format=fmt, bbox_inches=bbox, metadata=meta)
    finally:
        plt.close(fig)


# --- the text a reader sees --------------------------------------------------------------------

# A code identifier: a lower-case word joined to another by an underscore ('fractional_im', 'c_w',
# 'phi_feasible'). Maths text ('$w_I$', '$\kappa_I v_I$') is typeset and left out of the search.
IDENTIFIER = re.compile(r"(?<![\\$\w])[a-z][a-z0-9]*_[A-Za-z0-9_]+\b")
# A unit or scale stated in an axis label: '(log points)', '(%)', '(years)', '(share, 0-1)' ...
UNIT = re.compile(r"\([^()]*\S[^()]*\)\s*$|\[[^\[\]]+\]\s*$")


def figure_text(fig) -> dict[str, list[str]]:
    """The text of ``fig`` a reader sees, tick labels excluded: ``titles`` (figure and axes titles),
    ``xlabels``, ``ylabels`` and ``legend`` entries (figure and axes legends)."""
    out: dict[str, list[str]] = {"titles": [], "xlabels": [], "ylabels": [], "legend": []}
    if getattr(fig, "_suptitle", None) is not None:
        out["titles"].append(fig._suptitle.get_text())
    legends = list(fig.legends)
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            out["titles"].append(ax.get_title(loc))
        out["xlabels"].append(ax.get_xlabel())
        out["ylabels"].append(ax.get_ylabel())
        if ax.get_legend() is not None:
            legends.append(ax.get_legend())
    for leg in legends:
        out["legend"].extend(t.get_text() for t in leg.get_texts())
    return {k: [t for t in v if t and t.strip()] for k, v in out.items()}


def _numeric_axis(axis) -> bool:
    """Whether ``axis`` shows numbers (not category names) on its ticks."""
    labels = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    if not labels:  # ticks not drawn yet: a numeric formatter means numbers
        from matplotlib.ticker import FixedFormatter

        return not isinstance(axis.get_major_formatter(), FixedFormatter)
    num = re.compile(r"^[\s\u2212+\-−$]*[\d.,]+(e[+\-−]?\d+)?[%$\s]*$|^\$.*\$$")
    return sum(bool(num.match(t)) for t in labels) >= len(labels) / 2


def text_problems(fig, *, drawn: bool = False) -> list[str]:
    """What a reader would stumble on in ``fig``: code identifiers in titles, axis labels or
    legend entries, and axis labels of numeric axes that state no unit in parentheses or brackets
    at their end ('Wage (% change from the no-shock path)'). Empty when the figure reads plainly.
    The figure is drawn first (tick labels are set at draw time) unless ``drawn`` says it just was."""
    problems = []
    for kind, texts in figure_text(fig).items():
        for t in texts:
            hits = IDENTIFIER.findall(re.sub(r"(?<!\\)\$[^$]*\$", "", t))  # maths text is typeset, not code
            if hits:
                problems.append(
                    f"{kind[:-1] if kind != 'legend' else 'legend entry'} {t!r} contains code identifier(s) {hits}"
                )
    if not drawn:
        fig.canvas.draw()  # tick labels are set at draw time
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        for name, axis, label in (("x", ax.xaxis, ax.get_xlabel()), ("y", ax.yaxis, ax.get_ylabel())):
            if label.strip() and _numeric_axis(axis) and not UNIT.search(label.strip()):
                problems.append(f"{name} axis label {label!r} states no unit in parentheses")
    return problems
