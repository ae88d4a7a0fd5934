"""Regression tables for the report and the results summary: every cell is read from the
estimation outputs, missing waves and the reference year are shown as such, HTML is escaped,
and the summary-only regions stay out of the README block."""

import numpy as np
import pandas as pd
import pytest

from ailabor.econometrics import event_study, honest
from ailabor.report import summary, tables
from tests.conftest import synthetic_panel

DATE = "2022-11-30"


@pytest.fixture(scope="module")
def coefs(small_synthetic):
    sp = synthetic_panel(small_synthetic, drop_years=(2019,))
    panel, measure, base = sp["panel"], sp["measure"], sp["base"]
    frames, infos = [], {}
    for kind in ("event", "dose"):
        rows, info = event_study.estimate(
            panel,
            measure,
            measure_name="m",
            outcome="ln_wage",
            date=DATE,
            date_label="chatgpt",
            weights="none",
            kind=kind,
            base_employment=base,
        )
        frames.append(rows)
        infos[kind] = info
    return pd.concat(frames, ignore_index=True), infos


def test_event_study_table_reads_every_cell_from_the_coefficients(coefs):
    c, _ = coefs
    t = tables.event_study_table(c, "chatgpt", "event_study.parquet").frame.set_index("May estimate")
    col = "ln mean annual wage, SE by SOC major group"
    assert t.loc[2022, col] == "0 (reference)"
    assert t.loc[2019, col] == "no wave"  # the dropped wave is explicit, not skipped
    r = c[(c["model"] == "event study") & (c["cluster_var"] == "major_group") & (c["year"] == 2024)].iloc[0]
    assert t.loc[2024, col] == tables.est_se(r["estimate"], r["se"], r["p_value"])
    assert t.loc[2024, col].startswith(summary.fmt(r["estimate"]))
    assert list(t["event time (waves)"]) == [y - 2022 for y in t.index]


def test_dose_table_has_every_clustering(coefs):
    c, _ = coefs
    t = tables.dose_table(c, "event_study.parquet").frame.iloc[0]
    d = c[c["model"] == "dose response"].set_index("cluster_var")
    assert t["SE (SOC major group)"] == summary.fmt(d.loc["major_group", "se"])
    assert t["SE (occupation)"] == summary.fmt(d.loc["occupation", "se"])
    assert (
        np.isnan(d.loc["occupation+year", "se"]) and t["SE (occupation and year (two-way))"] == "–"
    )  # 6 May years: not reported


def test_sensitivity_tables_and_pages(coefs, tmp_path):
    _, infos = coefs
    si = event_study.sensitivity_inputs(event_study.vcov_table(infos["event"], {}), "major_group")
    sens = honest.sensitivity(
        si["betahat"], si["sigma"], si["num_pre"], si["num_post"], mbar_grid=(0.5, 1.0), m_grid=(0.0, 0.01)
    )
    bd = honest.breakdown(si["betahat"], si["sigma"], si["num_pre"], si["num_post"])
    st = tables.sensitivity_table(sens, "rambachan_roth.csv")
    assert len(st.frame) == len(sens)
    r = sens[(sens["method"] == "C-LF") & (sens["value"] == 1.0)].iloc[0]
    assert f"[{summary.fmt(r['lb'])}, {summary.fmt(r['ub'])}]" in set(st.frame["95% CI"])
    bt = tables.breakdown_table(bd, "rambachan_roth_breakdown.csv")
    page = [st, bt, tables.Table("a <b> & c", "caption with <tags>", "x.csv", pd.DataFrame({"col": ["<script>"]}))]
    tables.write_pages(page, title="T", intro="I", html_path=tmp_path / "t.html", md_path=tmp_path / "t.md")
    html = (tmp_path / "t.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &lt;b&gt; &amp; c" in html
    md = (tmp_path / "t.md").read_text()
    assert "#### Rambachan–Roth sensitivity" in md and "rambachan_roth_breakdown.csv" in md


def test_summary_only_regions_stay_out_of_the_readme(tmp_path):
    root = tmp_path / "r"
    (root / "estimation" / "corrected" / "m").mkdir(parents=True)
    (root / "estimation" / "corrected" / "m" / "tables.md").write_text("#### Event study\n\n| a |\n|---|\n| 0.5 |\n")
    inputs = {"tables": str(root / "estimation" / "corrected" / "m" / "tables.md")}
    text = summary.build(inputs, root, dataset="d", vintage="v", vintages={"x": 1}, measure="m")
    assert "#### Event study" in text and summary.DETAIL_START in text
    f = tmp_path / "results_summary.md"
    f.write_text(text)
    block = summary.results_block([f])
    assert "Event study" not in block and "results_summary.md" in block and "Econometrics: regression tables" in block
