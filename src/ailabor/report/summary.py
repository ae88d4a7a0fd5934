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
from ..labels import scenario_name

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
    if "ar_wage_impact_pct" not in t.columns:  # a results tree from before issue 15
        raise InputError(str(f), "the GE scenario summary of issue 15 (columns ar_wage_impact_pct, bbz_wage_lr_pct, ...); rerun the ge_scenario rules",
                         column="ar_wage_impact_pct")
    rows = [{"shock": scenario_name(r.label), "D": fmt(r.D), "A-R wage on impact %": fmt(r.ar_wage_impact_pct), "A-R long-run wage %": fmt(r.ar_wage_lr_pct),
             "A-R share of measured tasks automated on impact": fmt(r.ar_band_adopted_impact),
             "A-R years until all are automated": fmt(r.ar_band_adopted_year),
             "BBZ wage trough %": fmt(r.bbz_wage_trough_pct), "BBZ long-run wage %": fmt(r.bbz_wage_lr_pct),
             "BBZ long-run labour share (pp)": fmt(r.bbz_labour_share_lr_pp)} for r in t.itertuples(index=False)]
    return ("### GE scenarios driven by measured exposure\n\nFrom `ge/scenarios/summary.csv`: each calibration shock's "
            "displacement share D mapped to an A-R automation shock (frontier shift with AI capital in the measured tasks) and a BBZ "
            "Model 2 shock (D = the share of labour competing with robots; rules in `ailabor.ge.scenarios`). Wages in % of the initial "
            "steady state.\n\n" + _md_table(pd.DataFrame(rows)) + "\n")


RESPONSE_D = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


def ge_response_section(root: Path) -> str:
    """The key numbers of the exposure-to-shock mapping and both models' response curves at a few D."""
    fm, fc = root / "ge" / "response" / "mapping.csv", root / "ge" / "response" / "curves.csv"
    if not fm.exists() or not fc.exists():
        return ""
    m = pd.read_csv(fm).set_index("key")["value"]
    c = pd.read_csv(fc)
    facts = [
        f"Task model: initial automation gap n0 = {fmt(m['ar_n0'])}, at which automating the marginal task saves {fmt(100 * m['ar_cost_saving'])}% "
        f"of its labour cost; AI capital productivity exponent {fmt(m['ar_ai_productivity'])}.",
    ]
    if pd.notna(m.get("ar_impact_cap_D")):
        facts.append(f"Task model impact cap: beyond D = {fmt(100 * m['ar_impact_cap_D'])}% the wage on impact stays at {fmt(m['ar_impact_floor_wage_pct'])}% "
                     f"and the labour share changes by {fmt(m['ar_impact_floor_labour_share_pp'])} percentage points, whatever D (the lowest wage is the impact wage).")
    if pd.notna(m.get("ar_longrun_saturation_D")):
        facts.append(f"Task model long run flat beyond D = {fmt(100 * m['ar_longrun_saturation_D'])}%.")
    facts.append(f"Robot model (Model {fmt(m['bbz_model'])}): robots become {fmt(m['bbz_productivity_factor'])} times as productive for every D; "
                 f"the paper's own Model 2 split is D = {fmt(100 * m['bbz_paper_split'])}%; with no worker competing with robots the long-run wage "
                 f"still rises {fmt(m.get('bbz_wage_lr_pct_at_D0'))}%; Model 1 (the alternative) has no steady state beyond D = "
                 f"{fmt(100 * m['bbz_model1_limit_D'])}%.")
    facts.append(f"Grid: {fmt_n(m['grid_points'])} values of D up to {fmt(100 * m['grid_D_max'])}%; every headline monotone on the grid: "
                 f"{'yes' if m['monotone'] == 1 else 'no'}.")
    rows = []
    for model, name in (("ar", "A-R"), ("bbz", "BBZ")):
        t = c[(c["model"] == model) & (c["status"] == "ok")]
        for D in RESPONSE_D:
            r = t[(t["D"] - D).abs() < 1e-9]
            if not len(r):
                continue
            r = r.iloc[0]
            rows.append({"model": name, "D %": fmt(100 * D), "wage on impact %": fmt(r["wage_impact_pct"]), "wage trough %": fmt(r["wage_trough_pct"]),
                         "long-run wage %": fmt(r["wage_lr_pct"]), "labour share on impact (pp)": fmt(r["labour_share_impact_pp"]),
                         "long-run labour share (pp)": fmt(r["labour_share_lr_pp"]), "long-run output %": fmt(r["output_lr_pct"]),
                         "wage back (years)": fmt(r["wage_recovery_year"])})
    return ("### GE response curves against the displacement share D\n\nFrom `ge/response/mapping.csv` and `ge/response/curves.csv` "
            "(figure `figures/ge_response_curves.png`).\n\n" + "\n".join(f"- {x}" for x in facts) + "\n\n" + _md_table(pd.DataFrame(rows)) + "\n")


HEADLINE_NAMES = {"wage_trough_pct": "wage at its lowest %", "wage_lr_pct": "long-run wage %", "labour_share_lr_pp": "long-run labour share (pp)",
                  "output_lr_pct": "long-run output %"}


def ge_uncertainty_section(root: Path) -> str:
    f = root / "ge" / "uncertainty" / "summary.csv"
    if not f.exists():
        return ""
    t = pd.read_csv(f)
    keep = ("D", "wage_trough_pct", "wage_lr_pct", "labour_share_lr_pp", "output_lr_pct")
    rows = []
    for r in t[t["headline"].isin(keep)].itertuples(index=False):
        if r.headline == "D" and r.model == "bbz":
            continue
        name = "D (share of the wage bill)" if r.headline == "D" else f"{'A-R' if r.model == 'ar' else 'BBZ'}: {HEADLINE_NAMES.get(r.headline, r.headline)}"
        rows.append({"scenario": r.scenario, "outcome": name, "draws (feasible)": f"{fmt_n(r.draws)} ({fmt_n(r.feasible)})", "5%": fmt(r.q05),
                     "median": fmt(r.q50), "95%": fmt(r.q95), "central": fmt(r.central)})
    cont = root / "ge" / "uncertainty" / "containment.csv"
    inside = ""
    if cont.exists():
        cc = pd.read_csv(cont)
        inside = (f" The central path lies inside the 5-95% band at {fmt(100 * cc['inside_share'].min())}% of dates or more for every model and "
                  f"variable (`ge/uncertainty/containment.csv`).")
    return ("### GE uncertainty from the data to the paths\n\nFrom `ge/uncertainty/summary.csv`: draws over the exposure measure, a bootstrap of "
            "occupations and the A-R calibration ranges, through both models." + inside + "\n\n" + _md_table(pd.DataFrame(rows)) + "\n")


GE_SECTIONS = (ge_response_section, ge_uncertainty_section)  # issue 15: after the scenarios


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
    # the GE response and uncertainty tables have their own README block (ge_readme_block), so
    # the README's results block leaves them out
    ge = [text for text in (section(root) for section in GE_SECTIONS) if text]
    if ge:
        parts.append(f"{DETAIL_START}\n\n" + "\n".join(ge) + f"\n{DETAIL_END}\n")
    return "\n".join(parts)


def strip_detail(text: str) -> str:
    """``text`` without its summary-only regions (each replaced by a pointer to the summary)."""
    while DETAIL_START in text and DETAIL_END in text:
        a, b = text.index(DETAIL_START), text.index(DETAIL_END) + len(DETAIL_END)
        text = text[:a] + "*More tables: `results_summary.md` of this results tree, and the HTML report.*" + text[b:]
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


GE_START, GE_END = "<!-- ge-exposure:start -->", "<!-- ge-exposure:end -->"
GE_HEADINGS = ("### GE response curves", "### GE uncertainty")


def ge_readme_block(summary: str | Path) -> str:
    """The README block of the GE mapping section: the GE response and uncertainty sections of one
    results summary (the real-data run), headings one level deeper, between the GE markers."""
    lines = Path(summary).read_text().strip().splitlines()
    head = next((ln for ln in lines if ln.startswith("## Results: dataset")), "")
    keep, on = [], False
    for ln in lines:
        if ln.startswith("### "):
            on = ln.startswith(GE_HEADINGS)
        if on and ln.strip() not in (DETAIL_START, DETAIL_END):
            keep.append("#" + ln if ln.startswith("#") else ln)
    if not keep:
        raise InputError(str(summary), f"the results-summary sections {GE_HEADINGS} (run the GE scenario stage first)")
    source = head.replace("## Results: dataset", "Generated from the results summary of dataset").strip()
    body = "\n".join(keep).strip()
    return f"{GE_START}\n\n{source} (`make readme-results`).\n\n{body}\n\n{GE_END}"


def update_readme_ge(readme: str | Path, summary: str | Path) -> bool:
    """Replace the README's GE mapping block; returns True when it changed."""
    return replace_block(readme, GE_START, GE_END, ge_readme_block(summary))


def update_readme(readme: str | Path, summaries: list[str | Path]) -> bool:
    """Replace the README's results block; returns True when it changed."""
    return replace_block(readme, START, END, readme_block(summaries))
