"""The generated results summary (markdown), built only from output files.

Every number in it is read from a results tree (``results/<dataset>/<vintage>/``): the
headline comparison (legacy and corrected side by side, with SE, N and unit), the Monte Carlo
bands of the calibrations, the BBZ base experiment, the A-R transition and the GE scenarios.
Each section names the file it comes from. The README's results section is this text
(``make readme-results``), so no number is ever typed by hand.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from ..errors import InputError

START, END = "<!-- results:start -->", "<!-- results:end -->"
# Sections between these markers are in results_summary.md but not copied into the README,
# which points to the summary instead (the full regression tables are long).
DETAIL_START, DETAIL_END = "<!-- summary-only:start -->", "<!-- summary-only:end -->"


def fmt(x, unit: str = "") -> str:
    """A number for a table cell: 4 significant digits, USD in $bn/$T, blank when missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    x = float(x)
    if unit == "USD":
        return f"${x / 1e12:.2f}T" if abs(x) >= 1e12 else f"${x / 1e9:.1f}bn"
    if math.isinf(x):
        return "never" if x > 0 else "-inf"
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.3e}"
    return f"{x:.4g}"


def fmt_n(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{int(round(float(x))):,}"


def _md_table(df: pd.DataFrame) -> str:
    head = "| " + " | ".join(df.columns) + " |"
    sep = "|" + "|".join("---" for _ in df.columns) + "|"
    rows = ["| " + " | ".join(str(v).replace("|", "/") for v in r) + " |" for r in df.itertuples(index=False)]
    return "\n".join([head, sep, *rows])


def _rel(path: Path, root: Path) -> str:
    return str(path.relative_to(root))


def headline_section(root: Path) -> str:
    f = root / "headline_comparison.csv"
    if not f.exists():
        return ""
    h = pd.read_csv(f)
    need = {"headline", "metric", "unit", "legacy_value", "legacy_se", "legacy_n", "corrected_value", "corrected_se", "corrected_n", "n_unit"}
    missing = need - set(h.columns)
    if missing:
        raise InputError(str(f), f"the headline comparison columns {sorted(need)}", column=", ".join(sorted(missing)))
    rows = []
    for r in h.itertuples(index=False):
        rows.append({
            "seed headline": r.headline, "metric": r.metric, "unit": r.unit,
            "legacy": fmt(r.legacy_value, r.unit), "legacy SE": fmt(r.legacy_se), "legacy N": fmt_n(r.legacy_n),
            "corrected": fmt(r.corrected_value, r.unit), "corrected SE": fmt(r.corrected_se), "corrected N": fmt_n(r.corrected_n),
            "N counts": r.n_unit,
        })
    notes = "\n".join(f"- **{r.headline}**: {r.reason}" for r in h.itertuples(index=False))
    return (f"### Headline numbers, legacy and corrected\n\nFrom `{_rel(f, root)}`. *Legacy* reproduces the seed project's "
            f"number (with its errors); *corrected* is this pipeline's treatment. SE is blank for calibrations (no sampling "
            f"error; see the Monte Carlo bands below) and where a mode has no estimate on this dataset.\n\n"
            f"{_md_table(pd.DataFrame(rows))}\n\n<details><summary>What changed, row by row</summary>\n\n{notes}\n\n</details>\n")


def monte_carlo_section(root: Path) -> str:
    rows = []
    for f in sorted((root / "calibration" / "sensitivity").glob("*/monte_carlo_summary.csv")):
        s = pd.read_csv(f).set_index("statistic")["value"]
        rows.append({"model": f.parent.name.replace("_", " "), "draws": fmt_n(s.get("draws")), "feasible": fmt_n(s.get("feasible draws")),
                     "5%": fmt(s.get("q05")), "median": fmt(s.get("q50")), "95%": fmt(s.get("q95"))})
    if not rows:
        return ""
    return ("### Calibration uncertainty (Monte Carlo over the parameter ranges)\n\nFrom `calibration/sensitivity/<model>/"
            "monte_carlo_summary.csv`; the headline wage or output effect of each model for the primary measure, "
            "in the unit of its headline row.\n\n" + _md_table(pd.DataFrame(rows)) + "\n")


def bbz_section(root: Path) -> str:
    rows = []
    for f in sorted((root / "ge" / "bbz").glob("S1/*/summary.json")):
        s = json.loads(f.read_text())
        for r in s["runs"]:
            if r.get("status") == "failed":
                continue
            lr = r["long_run"]
            rows.append({"experiment": f"{s['experiment']} ({s['method']})", "long-run wage %": fmt(lr["w_pct"]), "long-run GDP %": fmt(lr["gdp_pct"]),
                         "labour share (LR)": fmt(lr["labour_share"]), "wage trough %": fmt(r["wage_trough_pct"]),
                         "trough year": fmt(r["wage_trough_year"]), "low-wage phase ends (years)": fmt(r["low_wage_phase_end"])})
    if not rows:
        return ""
    return ("### Berg–Buffie–Zanna robots: base experiment\n\nFrom `ge/bbz/S1/<method>/summary.json` (lin: the paper's "
            "linear method; nl: exact nonlinear solution).\n\n" + _md_table(pd.DataFrame(rows)) + "\n")


def ar_section(root: Path) -> str:
    f = root / "ge" / "ar" / "transition.json"
    if not f.exists():
        return ""
    s = json.loads(f.read_text())
    rows = [{"technology gap n": f"{fmt(s['n0'])} → {fmt(s['n1'])}", "impact Δln W": fmt(s["impact_dlnW"]), "trough Δln W": fmt(s["trough_dlnW"]),
             "recovery (years)": fmt(s["recovery_year"]), "long-run Δln W": fmt(s["lr_dlnW"]),
             "labour share before / impact / long run": f"{fmt(s['ls_before'])} / {fmt(s['ls_impact'])} / {fmt(s['ls_lr'])}"}]
    return ("### Acemoglu–Restrepo task model: an automation shock\n\nFrom `ge/ar/transition.json` (exogenous technology, "
            "wage relative to its pre-shock trend).\n\n" + _md_table(pd.DataFrame(rows)) + "\n")


def scenarios_section(root: Path) -> str:
    f = root / "ge" / "scenarios" / "summary.csv"
    if not f.exists():
        return ""
    t = pd.read_csv(f)
    rows = [{"shock": r.label, "D": fmt(r.D), "A-R dI": fmt(r.ar_dI), "A-R impact Δln W": fmt(r.ar_impact_dlnW), "A-R long-run Δln W": fmt(r.ar_lr_dlnW),
             "BBZ robot productivity ×": fmt(r.bbz_productivity_factor), "BBZ wage trough %": fmt(r.bbz_wage_trough_pct),
             "BBZ long-run wage %": fmt(r.bbz_lr_w_pct)} for r in t.itertuples(index=False)]
    return ("### GE scenarios driven by measured exposure\n\nFrom `ge/scenarios/summary.csv`: each calibration shock's "
            "displacement share D mapped to an A-R automation shock and a BBZ robot-productivity shock (rules in "
            "`ailabor.ge.scenarios`).\n\n" + _md_table(pd.DataFrame(rows)) + "\n")


def econometrics_section(root: Path, measure: str | None) -> str:
    """The regression tables of the primary measure and of the seed's DiD panel (markdown
    fragments written by the estimation_tables and seed_panel_tables rules)."""
    files = ([root / "estimation" / "corrected" / measure / "tables.md"] if measure else []) + [root / "estimation" / "seed_panel_tables.md"]
    parts = [f.read_text().strip() for f in files if f.exists()]
    if not parts:
        return ""
    what = f"exposure measure `{measure}`" if measure else "the primary measure"
    body = "\n\n".join(parts)
    return (f"### Econometrics: regression tables\n\nThe corrected event study, pre-trend tests, Rambachan–Roth sensitivity, inference and "
            f"PPML steps for {what}, and the robustness table of the seed's DiD panel. Other measures: "
            f"`estimation/corrected/<measure>/tables.md`.\n\n{DETAIL_START}\n\n{body}\n\n{DETAIL_END}\n")


def build(root: str | Path, *, dataset: str, vintage: str, vintages: dict, measure: str | None = None) -> str:
    root = Path(root)
    vint = "; ".join(f"{k}: {v}" for k, v in vintages.items())
    parts = [f"## Results: dataset `{dataset}`, vintage `{vintage}`\n\nData vintages: {vint}.\n"]
    for section in (headline_section, lambda r: econometrics_section(r, measure), monte_carlo_section, ar_section, bbz_section, scenarios_section):
        text = section(root)
        if text:
            parts.append(text)
    return "\n".join(parts)


def strip_detail(text: str) -> str:
    """``text`` without its summary-only regions (each replaced by a pointer to the summary)."""
    while DETAIL_START in text and DETAIL_END in text:
        a, b = text.index(DETAIL_START), text.index(DETAIL_END) + len(DETAIL_END)
        text = text[:a] + "*Full tables: `results_summary.md` of this results tree, and the HTML report.*" + text[b:]
    return text


def readme_block(summaries: list[str | Path]) -> str:
    """The README results section: the summaries of the given results trees, in order, with
    every heading one level deeper (they sit under the README's own results heading)."""
    lines = []
    for p in summaries:
        lines += ["#" + ln if ln.startswith("#") else ln for ln in strip_detail(Path(p).read_text()).strip().splitlines()] + [""]
    body = "\n".join(lines).strip()
    return f"{START}\n\n{body}\n\n{END}"


def replace_block(path: str | Path, start: str, end: str, block: str) -> bool:
    """Replace the text from marker ``start`` to marker ``end`` (inclusive) in ``path`` by
    ``block`` (which carries the markers); returns True when the file changed."""
    path = Path(path)
    text = path.read_text()
    if start not in text or end not in text:
        raise InputError(str(path), f"the markers {start} and {end} around the generated section")
    new = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    if new != text:
        path.write_text(new)
        return True
    return False


def update_readme(readme: str | Path, summaries: list[str | Path]) -> bool:
    """Replace the README's results block; returns True when it changed."""
    return replace_block(readme, START, END, readme_block(summaries))
