"""LaTeX (booktabs) paper tables: escaping, structure, standard errors under the coefficients,
and the calibration / GE tables built from their CSV columns.

Reference: no LaTeX engine is installed on the development machine (``which pdflatex lualatex
tectonic`` finds none), so these tests check the structure strictly (:func:`latex.problems`) and
compare the tabular of a plain table with pandas' own LaTeX writer, ``Styler.to_latex`` with
``hrules=True`` and LaTeX escaping, as an independent reference. When an engine is present,
``test_tex_compiles`` (slow) compiles a document."""

import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from ailabor.econometrics import event_study
from ailabor.report import latex, paper, summary, tables
from tests.conftest import synthetic_panel

SPECIALS = "\\ & % $ # _ { } ~ ^"


def _tabular(text: str) -> str:
    start = text.index(r"\begin{tabular}")
    return text[start : text.index(r"\end{tabular}", start) + len(r"\end{tabular}")]


def test_escape_every_special_and_unicode():
    out = latex.escape(SPECIALS)
    assert out == (r"\textbackslash{} \& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{}")
    assert latex.escape("Δ ln wage × post − 1, χ² (G−1), M̄") == (
        r"$\Delta$ ln wage $\times$ post $-$ 1, $\chi^{2}$ (G$-$1), $\bar{M}$"
    )
    assert latex.escape("Rambachan–Roth") == "Rambachan--Roth"
    assert latex.escape("σ3 > σ3*, p < 0.1 | x") == (
        r"$\sigma$3 \textgreater{} $\sigma$3*, p \textless{} 0.1 \textbar{} x"
    )
    assert latex.escape("a $$ b") == r"a \$\$ b"  # escaped dollars are never merged as maths
    assert latex.escape("Ω_K").isascii() is False  # unknown symbols are kept, not dropped


def test_plain_table_matches_pandas_styler_reference():
    """The tabular of a table with the ASCII specials equals pandas' Styler.to_latex output (~ and ^
    left out: pandas writes them as '\\textasciitilde \\space', an equivalent spelling; it ends
    \\textbackslash with a space where we write {})."""
    frame = pd.DataFrame(
        {"name & kind": ["x_1", "50% #2", "{a}", "back\\slash $"], "value": ["1.5", "-0.02", "3", "10"]}
    )
    ours = _tabular(latex.latex_table(tables.Table("T", "C.", "s.csv", frame), label="t"))
    ref = (
        frame.style.hide(axis="index")
        .format(escape="latex")
        .format_index(escape="latex", axis=1)
        .to_latex(hrules=True, column_format=latex.column_spec(frame))
    )
    assert ours.replace("\\textbackslash{}", "\\textbackslash ").split("\n") == ref.strip().split("\n")


def test_structure_check_catches_what_it_should():
    frame = pd.DataFrame({"a": ["x", "y"], "b": ["1", "2"]})
    good = latex.latex_table(tables.Table("T", "C.", "s", frame), label="t")
    assert latex.problems(good) == []
    assert any("cells" in p for p in latex.problems(good.replace(r"x & 1 \\", r"x & 1 & 2 \\")))
    assert any("unescaped" in p for p in latex.problems(good.replace(r"x & 1", r"x_y & 1")))
    assert any("missing value" in p for p in latex.problems(good.replace(r"x & 1", r"nan & 1")))
    assert any("rules" in p for p in latex.problems(good.replace("\\midrule\n", "")))
    assert any("$" in p for p in latex.problems(good.replace(r"x & 1", r"$x & 1")))


@pytest.fixture(scope="module")
def coefs(small_synthetic):
    sp = synthetic_panel(small_synthetic, drop_years=(2019,))
    frames = []
    for kind in ("event", "dose"):
        rows, _ = event_study.estimate(
            sp["panel"],
            sp["measure"],
            measure_name="m",
            outcome="ln_wage",
            date="2022-11-30",
            date_label="chatgpt",
            weights="none",
            kind=kind,
            base_employment=sp["base"],
        )
        frames.append(rows)
    return pd.concat(frames, ignore_index=True)


def test_regression_table_puts_standard_errors_under_coefficients(coefs):
    t = tables.event_study_table(coefs, "chatgpt", "estimation/corrected/m/event_study.parquet")
    tex = latex.latex_table(t, label="est-m-event-study", se_below=True)
    assert latex.problems(tex) == []
    col = "ln mean annual wage, SE by SOC major group"
    r = coefs[
        (coefs["model"] == "event study") & (coefs["cluster_var"] == "major_group") & (coefs["year"] == 2024)
    ].iloc[0]
    cell = t.frame.set_index("May estimate").loc[2024, col]
    stars = tables.stars(r["p_value"])
    body = _tabular(tex).split("\n")
    k = next(i for i, line in enumerate(body) if line.startswith("2024 &"))
    ci = list(t.frame.columns).index(col)
    top, below = body[k].split(" & "), body[k + 1].split(" & ")
    assert cell.startswith(summary.fmt(r["estimate"]))
    assert top[ci] == summary.fmt(r["estimate"]) + (f"$^{{{stars}}}$" if stars else "")
    assert below[ci].rstrip(" \\") == f"({summary.fmt(r['se'])})"
    assert below[0] == ""  # the SE line carries nothing but the SEs
    assert r"\label{tab:est-m-event-study}" in tex and "N = " in tex  # observations in the note
    n = len(t.frame) + int(sum(bool(latex.EST_SE.match(str(v))) for v in t.frame.iloc[:, 2]) > 0)
    assert n > len(t.frame)


def test_page_writer_writes_tex_with_unique_labels(coefs, tmp_path):
    page = [tables.dose_table(coefs, "e.parquet"), tables.dose_table(coefs, "e.parquet")]
    tables.write_pages(
        page,
        title="T",
        intro="I",
        html_path=tmp_path / "t.html",
        md_path=tmp_path / "t.md",
        tex_path=tmp_path / "t.tex",
        tex_prefix="est-m",
        se_below=True,
    )
    tex = (tmp_path / "t.tex").read_text()
    assert latex.problems(tex) == []
    labels = [x for x in tex.split("\n") if x.startswith(r"\label")]
    assert len(labels) == 2 and len(set(labels)) == 2
    assert tex.isascii()


def _ge_summary() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for label, share in (("fractional_im / upper_bound", True), ("felten_aioe / upper_bound", False)):
        row = {"label": label, "D": rng.uniform(0.05, 0.3), "D_is_share": share}
        for col in list(paper.AR_COLUMNS) + list(paper.BBZ_COLUMNS):
            row[col] = rng.normal()
        row["ar_wage_recovery_year"] = np.inf  # never recovers: a word, not 'inf'
        row["bbz_wage_trough_pct"] = np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def test_ge_tables_from_the_summary_columns():
    s = _ge_summary()
    ar, bbz = paper.ge_scenario_tables(s)
    assert ar.frame["D (%)"].iloc[0] == summary.fmt(100 * s["D"].iloc[0])
    assert ar.frame["D (%)"].iloc[1].endswith("(index)")
    assert ar.frame["long-run wage (%)"].iloc[1] == summary.fmt(s["ar_wage_lr_pct"].iloc[1])
    assert set(ar.frame["years until the wage is back"]) == {"never"}
    assert bbz.frame["wage at its lowest (%)"].iloc[0] == "–"
    assert ar.frame["scenario"].iloc[0].startswith("AI usage shared among occupations")
    for t in (ar, bbz):
        tex = latex.latex_table(t, label="ge")
        assert latex.problems(tex) == [] and "nan" not in tex and "inf" not in tex.replace("\\infty", "")
    with pytest.raises(ValueError, match="ar_dI"):
        paper.ge_scenario_tables(s.drop(columns="ar_dI"))


def test_calibration_and_model_tables():
    wide = pd.DataFrame(
        {"shock": ["seed exposure (legacy)", "binary_im / acemoglu_2024"], "td": [0.3, 0.05]}
        | {f"{m} ({mode})": [0.1, -0.2] for m in paper.CONSISTENCY_MODELS for mode in ("legacy", "corrected")}
    )
    heads = pd.DataFrame(
        {
            "headline": ["24.04% (x)"],
            "metric": ["m"],
            "unit": ["share of wage bill"],
            "legacy_value": [0.2],
            "corrected_value": [0.1],
            "legacy_n": [157.0],
            "corrected_n": [np.nan],
        }
    )
    cons, head = paper.calibration_tables(wide, heads)
    assert (
        cons.frame.iloc[1, 0]
        == "AI usage, full credit per task, importance-weighted (23% of exposed work displaced (Acemoglu 2024))"
    )
    assert cons.frame["TD (%)"].tolist() == [summary.fmt(30.0), summary.fmt(5.0)]
    assert head.frame["N (corrected)"].iloc[0] == "–"
    t2 = pd.DataFrame({"sigma1": [0.4, 0.4, 0.5, 0.5], "sigma2": [2.5, 5, 2.5, 5], "sigma3_star": [1.3, 3.1, 1.2, 3.0]})
    (bt,) = paper.bbz_t2_tables(t2, "nl")
    assert bt.frame.shape == (2, 3) and bt.frame.iloc[1, 2] == summary.fmt(3.0)
    for t in (cons, head, bt):
        tex = latex.latex_table(t, label="x")
        assert latex.problems(tex) == [] and tex.isascii(), tex


@pytest.mark.slow
@pytest.mark.skipif(
    not any(shutil.which(e) for e in ("pdflatex", "lualatex", "tectonic")), reason="no LaTeX engine installed"
)
def test_tex_compiles(coefs, tmp_path):
    """With a LaTeX engine, a minimal booktabs document with the tables compiles."""
    page = [tables.event_study_table(coefs, "chatgpt", "e.parquet"), *paper.ge_scenario_tables(_ge_summary())]
    (tmp_path / "t.tex").write_text(latex.latex_document_fragment(page, prefix="x", title="T", se_below=True))
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage{booktabs}\\begin{document}\\input{t.tex}\\end{document}\n"
    )
    engine = next(e for e in ("pdflatex", "lualatex", "tectonic") if shutil.which(e))
    args = (
        [engine, "doc.tex"]
        if engine == "tectonic"
        else [engine, "-halt-on-error", "-interaction=nonstopmode", "doc.tex"]
    )
    r = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]
