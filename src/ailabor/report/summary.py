"""The generated results summary (markdown), built only from output files.

Every number in it is read from a results tree (``results/<dataset>/<vintage>/``): the
headline comparison (legacy and corrected side by side, with SE, N and unit), the Monte Carlo
bands of the calibrations, the BBZ base experiment, the A-R transition and the GE scenarios.
Each section names the file it comes from. The generated blocks of the README (a short table of
the headline numbers) and of ``docs/results.md`` (the full results and the GE mapping block) are
built from these summaries (``make readme-results``; CI runs ``check-readme``), so no number is
ever typed by hand.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..labels import scenario_name

START, END = "<!-- results:start -->", "<!-- results:end -->"
# Sections between these markers are in results_summary.md but not copied into docs/results.md,
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


def _path(inputs: Mapping[str, Any], key: str) -> Path | None:
    """The one file of input ``key`` (a named input of the results_summary rule), or None."""
    v = inputs.get(key)
    if not v:
        return None
    if not isinstance(v, (str, Path)):
        (v,) = v
    return Path(v)


def _paths(inputs: Mapping[str, Any], key: str) -> list[Path]:
    v = inputs.get(key) or []
    return sorted(Path(x) for x in ([v] if isinstance(v, (str, Path)) else v))


def headline_section(inputs: Mapping[str, Any], root: Path) -> str:
    f = _path(inputs, "headline")
    if f is None:
        return ""
    h = pd.read_csv(f)
    need = {
        "headline",
        "metric",
        "unit",
        "legacy_value",
        "legacy_se",
        "legacy_n",
        "corrected_value",
        "corrected_se",
        "corrected_n",
        "n_unit",
    }
    missing = need - set(h.columns)
    if missing:
        raise InputError(str(f), f"the headline comparison columns {sorted(need)}", column=", ".join(sorted(missing)))
    rows = []
    for r in h.itertuples(index=False):
        rows.append(
            {
                "seed headline": r.headline,
                "metric": r.metric,
                "unit": r.unit,
                "legacy": fmt(r.legacy_value, r.unit),
                "legacy SE": fmt(r.legacy_se),
                "legacy N": fmt_n(r.legacy_n),
                "corrected": fmt(r.corrected_value, r.unit),
                "corrected SE": fmt(r.corrected_se),
                "corrected N": fmt_n(r.corrected_n),
                "N counts": r.n_unit,
            }
        )
    notes = "\n".join(f"- **{r.headline}**: {r.reason}" for r in h.itertuples(index=False))
    return (
        f"### Headline numbers, legacy and corrected\n\nFrom `{_rel(f, root)}`. *Legacy* reproduces the seed project's "
        "number (with its errors); *corrected* is this pipeline's treatment. SE is blank for calibrations (no sampling "
        "error; see the Monte Carlo bands below) and where a mode has no estimate on this dataset.\n\n"
        f"{_md_table(pd.DataFrame(rows))}\n\n<details><summary>What changed, row by "
        f"row</summary>\n\n{notes}\n\n</details>\n"
    )


def monte_carlo_section(inputs: Mapping[str, Any], root: Path) -> str:
    rows = []
    for f in _paths(inputs, "monte_carlo"):
        s = pd.read_csv(f).set_index("statistic")["value"]
        rows.append(
            {
                "model": f.parent.name.replace("_", " "),
                "draws": fmt_n(s.get("draws")),
                "feasible": fmt_n(s.get("feasible draws")),
                "5%": fmt(s.get("q05")),
                "median": fmt(s.get("q50")),
                "95%": fmt(s.get("q95")),
            }
        )
    if not rows:
        return ""
    return (
        "### Calibration uncertainty (Monte Carlo over the parameter ranges)\n\nFrom `calibration/sensitivity/<model>/"
        "monte_carlo_summary.csv`; the headline wage or output effect of each model for the primary measure, "
        "in the unit of its headline row.\n\n" + _md_table(pd.DataFrame(rows)) + "\n"
    )


def bbz_section(inputs: Mapping[str, Any], root: Path) -> str:
    rows = []
    for f in _paths(inputs, "bbz_base"):
        s = json.loads(f.read_text())
        for r in s["runs"]:
            if r.get("status") == "failed":
                continue
            lr = r["long_run"]
            rows.append(
                {
                    "experiment": f"{s['experiment']} ({s['method']})",
                    "long-run wage %": fmt(lr["w_pct"]),
                    "long-run GDP %": fmt(lr["gdp_pct"]),
                    "labour share (LR)": fmt(lr["labour_share"]),
                    "wage trough %": fmt(r["wage_trough_pct"]),
                    "trough year": fmt(r["wage_trough_year"]),
                    "low-wage phase ends (years)": fmt(r["low_wage_phase_end"]),
                }
            )
    if not rows:
        return ""
    return (
        "### Berg–Buffie–Zanna robots: base experiment\n\nFrom `ge/bbz/S1/<method>/summary.json` (lin: the paper's "
        "linear method; nl: exact nonlinear solution).\n\n" + _md_table(pd.DataFrame(rows)) + "\n"
    )


def ar_section(inputs: Mapping[str, Any], root: Path) -> str:
    f = _path(inputs, "ar_transition")
    if f is None:
        return ""
    s = json.loads(f.read_text())
    rows = [
        {
            "technology gap n": f"{fmt(s['n0'])} → {fmt(s['n1'])}",
            "impact Δln W": fmt(s["impact_dlnW"]),
            "trough Δln W": fmt(s["trough_dlnW"]),
            "recovery (years)": fmt(s["recovery_year"]),
            "long-run Δln W": fmt(s["lr_dlnW"]),
            "labour share before / impact / long run": (
                f"{fmt(s['ls_before'])} / {fmt(s['ls_impact'])} / {fmt(s['ls_lr'])}"
            ),
        }
    ]
    return (
        "### Acemoglu–Restrepo task model: an automation shock\n\nFrom `ge/ar/transition.json` (exogenous technology, "
        "wage relative to its pre-shock trend).\n\n" + _md_table(pd.DataFrame(rows)) + "\n"
    )


def scenarios_section(inputs: Mapping[str, Any], root: Path) -> str:
    f = _path(inputs, "ge_scenarios")
    if f is None:
        return ""
    t = pd.read_csv(f)
    if "ar_wage_impact_pct" not in t.columns:  # a results tree from before issue 15
        raise InputError(
            str(f),
            "the GE scenario summary of issue 15 (columns ar_wage_impact_pct, bbz_wage_lr_pct, ...); rerun the "
            "ge_scenario rules",
            column="ar_wage_impact_pct",
        )
    rows = [
        {
            "shock": scenario_name(r.label),
            "D": fmt(r.D),
            "A-R wage on impact %": fmt(r.ar_wage_impact_pct),
            "A-R long-run wage %": fmt(r.ar_wage_lr_pct),
            "A-R share of measured tasks automated on impact": fmt(r.ar_band_adopted_impact),
            "A-R years until all are automated": fmt(r.ar_band_adopted_year),
            "BBZ wage trough %": fmt(r.bbz_wage_trough_pct),
            "BBZ long-run wage %": fmt(r.bbz_wage_lr_pct),
            "BBZ long-run labour share (pp)": fmt(r.bbz_labour_share_lr_pp),
        }
        for r in t.itertuples(index=False)
    ]
    return (
        "### GE scenarios driven by measured exposure\n\nFrom `ge/scenarios/summary.csv`: each calibration shock's "
        "displacement share D mapped to an A-R automation shock (frontier shift with AI capital in the measured tasks) "
        "and a BBZ Model 2 shock (D = the share of labour competing with robots; rules in `ailabor.ge.scenarios`). "
        "Wages in % of the initial steady state.\n\n" + _md_table(pd.DataFrame(rows)) + "\n"
    )


RESPONSE_D = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


def ge_response_section(inputs: Mapping[str, Any], root: Path) -> str:
    """The key numbers of the exposure-to-shock mapping and both models' response curves at a few D."""
    fm, fc = _path(inputs, "ge_mapping"), _path(inputs, "ge_curves")
    if fm is None or fc is None:
        return ""
    m = pd.read_csv(fm).set_index("key")["value"]
    c = pd.read_csv(fc)
    facts = [
        f"Task model: initial automation gap n0 = {fmt(m['ar_n0'])}, at which automating the marginal task saves "
        f"{fmt(100 * m['ar_cost_saving'])}% of its labour cost; AI capital productivity exponent "
        f"{fmt(m['ar_ai_productivity'])}.",
    ]
    if pd.notna(m.get("ar_impact_cap_D")):
        facts.append(
            f"Task model impact cap: beyond D = {fmt(100 * m['ar_impact_cap_D'])}% the wage on impact stays at "
            f"{fmt(m['ar_impact_floor_wage_pct'])}% and the labour share changes by "
            f"{fmt(m['ar_impact_floor_labour_share_pp'])} percentage points, whatever D (the lowest wage is the impact "
            "wage)."
        )
    if pd.notna(m.get("ar_longrun_saturation_D")):
        facts.append(f"Task model long run flat beyond D = {fmt(100 * m['ar_longrun_saturation_D'])}%.")
    facts.append(
        f"Robot model (Model {fmt(m['bbz_model'])}): robots become {fmt(m['bbz_productivity_factor'])} times as "
        f"productive for every D; the paper's own Model 2 split is D = {fmt(100 * m['bbz_paper_split'])}%; with no "
        f"worker competing with robots the long-run wage still rises {fmt(m.get('bbz_wage_lr_pct_at_D0'))}%; Model 1 "
        f"(the alternative) has no steady state beyond D = {fmt(100 * m['bbz_model1_limit_D'])}%."
    )
    facts.append(
        f"Grid: {fmt_n(m['grid_points'])} values of D up to {fmt(100 * m['grid_D_max'])}%; every headline monotone on "
        f"the grid: {'yes' if m['monotone'] == 1 else 'no'}."
    )
    rows = []
    for model, name in (("ar", "A-R"), ("bbz", "BBZ")):
        t = c[(c["model"] == model) & (c["status"] == "ok")]
        for D in RESPONSE_D:
            r = t[(t["D"] - D).abs() < 1e-9]
            if not len(r):
                continue
            r = r.iloc[0]
            rows.append(
                {
                    "model": name,
                    "D %": fmt(100 * D),
                    "wage on impact %": fmt(r["wage_impact_pct"]),
                    "wage trough %": fmt(r["wage_trough_pct"]),
                    "long-run wage %": fmt(r["wage_lr_pct"]),
                    "labour share on impact (pp)": fmt(r["labour_share_impact_pp"]),
                    "long-run labour share (pp)": fmt(r["labour_share_lr_pp"]),
                    "long-run output %": fmt(r["output_lr_pct"]),
                    "wage back (years)": fmt(r["wage_recovery_year"]),
                }
            )
    return (
        "### GE response curves against the displacement share D\n\nFrom `ge/response/mapping.csv` and "
        "`ge/response/curves.csv` (figure `figures/ge_response_curves.png`).\n\n"
        + "\n".join(f"- {x}" for x in facts)
        + "\n\n"
        + _md_table(pd.DataFrame(rows))
        + "\n"
    )


HEADLINE_NAMES = {
    "wage_trough_pct": "wage at its lowest %",
    "wage_lr_pct": "long-run wage %",
    "labour_share_lr_pp": "long-run labour share (pp)",
    "output_lr_pct": "long-run output %",
}


def ge_uncertainty_section(inputs: Mapping[str, Any], root: Path) -> str:
    f = _path(inputs, "ge_uncertainty")
    if f is None:
        return ""
    t = pd.read_csv(f)
    keep = ("D", "wage_trough_pct", "wage_lr_pct", "labour_share_lr_pp", "output_lr_pct")
    rows = []
    for r in t[t["headline"].isin(keep)].itertuples(index=False):
        if r.headline == "D" and r.model == "bbz":
            continue
        name = (
            "D (share of the wage bill)"
            if r.headline == "D"
            else f"{'A-R' if r.model == 'ar' else 'BBZ'}: {HEADLINE_NAMES.get(r.headline, r.headline)}"
        )
        rows.append(
            {
                "scenario": r.scenario,
                "outcome": name,
                "draws (feasible)": f"{fmt_n(r.draws)} ({fmt_n(r.feasible)})",
                "5%": fmt(r.q05),
                "median": fmt(r.q50),
                "95%": fmt(r.q95),
                "central": fmt(r.central),
            }
        )
    cont = _path(inputs, "ge_containment")
    inside = ""
    if cont is not None:
        cc = pd.read_csv(cont)
        inside = (
            f" The central path lies inside the 5-95% band at {fmt(100 * cc['inside_share'].min())}% of dates or more "
            "for every model and variable (`ge/uncertainty/containment.csv`)."
        )
    return (
        "### GE uncertainty from the data to the paths\n\nFrom `ge/uncertainty/summary.csv`: draws over the exposure "
        "measure, a bootstrap of occupations and the A-R calibration ranges, through both models."
        + inside
        + "\n\n"
        + _md_table(pd.DataFrame(rows))
        + "\n"
    )


GE_SECTIONS = (ge_response_section, ge_uncertainty_section)  # issue 15: after the scenarios


def econometrics_section(inputs: Mapping[str, Any], root: Path, measure: str | None) -> str:
    """The regression tables of the primary measure and of the seed's DiD panel (markdown
    fragments written by the estimation_tables and seed_panel_tables rules)."""
    files = [f for f in (_path(inputs, "tables"), _path(inputs, "seed_tables")) if f is not None]
    parts = [f.read_text().strip() for f in files]
    if not parts:
        return ""
    what = f"exposure measure `{measure}`" if measure else "the primary measure"
    body = "\n\n".join(parts)
    return (
        "### Econometrics: regression tables\n\nThe corrected event study, pre-trend tests, Rambachan–Roth "
        f"sensitivity, inference and PPML steps for {what}, and the robustness table of the seed's DiD panel. Other "
        f"measures: `estimation/corrected/<measure>/tables.md`.\n\n{DETAIL_START}\n\n{body}\n\n{DETAIL_END}\n"
    )


#: The named inputs :func:`build` reads (the results_summary rule's input names).
INPUTS = (
    "headline",
    "tables",
    "seed_tables",
    "monte_carlo",
    "ar_transition",
    "bbz_base",
    "ge_scenarios",
    "ge_mapping",
    "ge_curves",
    "ge_uncertainty",
    "ge_containment",
)


def build(
    inputs: Mapping[str, Any],
    root: str | Path,
    *,
    dataset: str,
    vintage: str,
    vintages: dict,
    measure: str | None = None,
) -> str:
    """The summary from the files named in ``inputs`` (keys of :data:`INPUTS`; a missing or
    empty key leaves its section out). ``root`` is the results tree the file names in the text
    are relative to."""
    unknown = set(inputs) - set(INPUTS)
    if unknown:
        raise ValueError(f"results summary: unknown inputs {sorted(unknown)}; expected some of {INPUTS}")
    root = Path(root)
    vint = "; ".join(f"{k}: {v}" for k, v in vintages.items())
    parts = [f"## Results: dataset `{dataset}`, vintage `{vintage}`\n\nData vintages: {vint}.\n"]
    sections = (
        headline_section,
        lambda i, r: econometrics_section(i, r, measure),
        monte_carlo_section,
        ar_section,
        bbz_section,
        scenarios_section,
    )
    for section in sections:
        text = section(inputs, root)
        if text:
            parts.append(text)
    # the GE response and uncertainty tables have their own README block (ge_readme_block), so
    # the README's results block leaves them out
    ge = [text for text in (section(inputs, root) for section in GE_SECTIONS) if text]
    if ge:
        parts.append(f"{DETAIL_START}\n\n" + "\n".join(ge) + f"\n{DETAIL_END}\n")
    return "\n".join(parts)


def strip_detail(text: str) -> str:
    """``text`` without its summary-only regions (each replaced by a pointer to the summary)."""
    while DETAIL_START in text and DETAIL_END in text:
        a, b = text.index(DETAIL_START), text.index(DETAIL_END) + len(DETAIL_END)
        text = text[:a] + "*More tables: `results_summary.md` of this results tree, and the HTML report.*" + text[b:]
    return text


# --- generated blocks of the README and docs/results.md -----------------------------------
# ``python -m ailabor.report readme SUMMARY...`` (``make readme-results``) rewrites them from the
# results summaries (seed reproduction first, then the real-data run); ``check-readme`` fails
# when one no longer matches.

README = "README.md"  # the short headline table
RESULTS_DOC = "docs/results.md"  # the full results and the GE mapping block
README_MAX_BYTES = 12 * 1024  # the README is a front page; the rest lives in docs/
HEADLINE_START, HEADLINE_END = "<!-- headlines:start -->", "<!-- headlines:end -->"
GE_START, GE_END = "<!-- ge-exposure:start -->", "<!-- ge-exposure:end -->"
GE_HEADINGS = ("### GE response curves", "### GE uncertainty")
RESULTS_HEADING = "## Results: dataset"


def results_block(summaries: list[str | Path]) -> str:
    """The results block of ``docs/results.md``: the summaries of the given results trees, in
    order, without their summary-only regions, between the results markers."""
    body = "\n\n".join(strip_detail(Path(p).read_text()).strip() for p in summaries)
    return f"{START}\n\n{body}\n\n{END}"


def _run_name(summary: str | Path, lines: list[str]) -> tuple[str, str]:
    """(dataset, vintage) from the summary's first heading."""
    head = next((ln for ln in lines if ln.startswith(RESULTS_HEADING)), None)
    if head is None:
        raise InputError(str(summary), f"a first heading '{RESULTS_HEADING} `<dataset>`, vintage `<vintage>`'")
    names = head.split("`")
    return names[1], names[3] if len(names) > 3 else ""


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def headline_rows(summary: str | Path) -> tuple[str, str, list[dict[str, str]]]:
    """(dataset, vintage, rows) of the headline table of one results summary, each row a dict
    from column name to cell text."""
    lines = Path(summary).read_text().splitlines()
    dataset, vintage = _run_name(summary, lines)
    start = next((i for i, ln in enumerate(lines) if ln.startswith("### Headline numbers")), None)
    if start is None:
        raise InputError(str(summary), "the section '### Headline numbers' (run the headline_comparison rule first)")
    table = []
    for ln in lines[start + 1 :]:
        if ln.startswith("#"):
            break
        if ln.startswith("|"):
            table.append(ln)
        elif table:
            break
    need = ("seed headline", "unit", "legacy", "corrected")
    if len(table) < 3 or not set(need) <= set(_cells(table[0])):
        raise InputError(str(summary), f"a headline table with the columns {list(need)} under '### Headline numbers'")
    cols = _cells(table[0])
    return dataset, vintage, [dict(zip(cols, _cells(ln))) for ln in table[2:]]


def headline_block(summaries: list[str | Path]) -> str:
    """The README's headline block: one table with the legacy and corrected value of every seed
    headline in each run (a column that is empty in every row is left out), and where the rest is."""
    runs = [headline_rows(p) for p in summaries]
    order = [r["seed headline"] for r in runs[0][2]]
    units = {r["seed headline"]: r["unit"] for r in runs[0][2]}
    columns: list[tuple[str, dict[str, str]]] = []
    for dataset, _, rows in runs:
        for mode in ("legacy", "corrected"):
            values = {r["seed headline"]: r[mode] for r in rows}
            if any(v not in ("", "–") for v in values.values()):
                columns.append((f"{mode} (`{dataset}`)", values))
    head = ["seed headline", "unit", *(name for name, _ in columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for h in order:
        lines.append("| " + " | ".join([h, units[h], *(v.get(h, "–") for _, v in columns)]) + " |")
    named = "; ".join(f"`{d}`: vintage `{v}`" for d, v, _ in runs)
    note = (
        f"Runs: {named}. Generated from each run's `results_summary.md` by `make readme-results`; "
        f"SE, N and what changed in each row: [{RESULTS_DOC}]({RESULTS_DOC})."
    )
    return f"{HEADLINE_START}\n\n" + "\n".join(lines) + f"\n\n{note}\n\n{HEADLINE_END}"


def replace_block(path: str | Path, start: str, end: str, block: str) -> bool:
    """Replace the text from marker ``start`` to marker ``end`` (inclusive) in ``path`` by
    ``block`` (which carries the markers); returns True when the file changed."""
    path = Path(path)
    text = path.read_text()
    if start not in text or end not in text:
        raise InputError(str(path), f"the markers {start} and {end} around the generated section")
    new = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    if new != text:
        path.write_text(new)
        return True
    return False


def ge_block(summary: str | Path) -> str:
    """The GE mapping block of ``docs/results.md``: the GE response and uncertainty sections of
    one results summary (the real-data run), between the GE markers."""
    lines = Path(summary).read_text().strip().splitlines()
    head = next((ln for ln in lines if ln.startswith(RESULTS_HEADING)), "")
    keep, on = [], False
    for ln in lines:
        if ln.startswith("### "):
            on = ln.startswith(GE_HEADINGS)
        if on and ln.strip() not in (DETAIL_START, DETAIL_END):
            keep.append(ln)
    if not keep:
        raise InputError(str(summary), f"the results-summary sections {GE_HEADINGS} (run the GE scenario stage first)")
    source = head.replace(RESULTS_HEADING, "Generated from the results summary of dataset").strip()
    body = "\n".join(keep).strip()
    return f"{GE_START}\n\n{source} (`make readme-results`).\n\n{body}\n\n{GE_END}"


def _block_name(start: str) -> str:
    """'headlines' for the marker '<!-- headlines:start -->'."""
    return start.removeprefix("<!--").strip().split(":")[0]


def generated_blocks(summaries: list[str | Path]) -> list[tuple[str, str, str, str]]:
    """Every generated block: (file relative to the repository root, start marker, end marker,
    block). The GE mapping block comes from the last summary (the real-data run)."""
    return [
        (README, HEADLINE_START, HEADLINE_END, headline_block(summaries)),
        (RESULTS_DOC, START, END, results_block(summaries)),
        (RESULTS_DOC, GE_START, GE_END, ge_block(summaries[-1])),
    ]


def update_blocks(root: str | Path, summaries: list[str | Path], *, only_ge: bool = False) -> list[str]:
    """Rewrite the generated blocks under the repository ``root``; returns a line per block saying
    whether it changed. ``only_ge``: only the GE mapping block."""
    done = []
    for rel, start, end, block in generated_blocks(summaries):
        if only_ge and start != GE_START:
            continue
        changed = replace_block(Path(root) / rel, start, end, block)
        done.append(f"{rel} {_block_name(start)} block {'updated' if changed else 'already up to date'}")
    return done


def stale_blocks(root: str | Path, summaries: list[str | Path]) -> list[str]:
    """The generated blocks under ``root`` that differ from what the summaries give (empty when
    all match)."""
    return [
        f"{rel} {_block_name(start)} block"
        for rel, start, end, block in generated_blocks(summaries)
        if block not in (Path(root) / rel).read_text()
    ]
