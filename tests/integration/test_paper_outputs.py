"""Paper outputs of the demo run: every figure also as PDF, figure text a reader can read (the
warnings of ailabor.figures.save in the job logs), and the LaTeX (booktabs) tables of the
estimation, calibration and GE stages next to their HTML pages, well formed (no LaTeX engine is
needed: :func:`ailabor.report.latex.problems` checks the structure strictly)."""

import pytest

from ailabor.report import latex

TABLES = [
    "estimation/corrected/fractional_im/tables",
    "estimation/seed_panel_tables",
    "calibration/tables",
    "ge/ar/tables",
    "ge/bbz/T2/lin/tables",
    "ge/bbz/T2/nl/tables",
    "ge/scenarios/tables",
]


@pytest.mark.slow
def test_every_figure_also_as_pdf(demo_run):
    pngs = sorted((demo_run.root / "figures").glob("*.png"))
    assert len(pngs) > 20
    for png in pngs:
        pdf = png.with_suffix(".pdf")
        assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", pdf
        assert b"CreationDate" not in pdf.read_bytes(), pdf


@pytest.mark.slow
def test_figure_text_is_plain(demo_run):
    """No job logged a figure with a code identifier or an axis without a unit."""
    logs = sorted((demo_run.root / "logs").rglob("*.log"))
    assert logs
    found = [f"{p.name}: {line}" for p in logs for line in p.read_text().splitlines() if "ailabor.figures" in line]
    assert found == []


@pytest.mark.slow
@pytest.mark.parametrize("stem", TABLES)
def test_latex_tables(demo_run, stem):
    tex = (demo_run.root / f"{stem}.tex").read_text()
    html = (demo_run.root / f"{stem}.html").read_text()
    assert latex.problems(tex) == []
    assert tex.count(r"\begin{table}") == html.count("<table") >= 1  # one LaTeX table per HTML table
    assert tex.isascii()
    assert "Source: \\texttt{" in tex
