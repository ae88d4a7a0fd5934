"""Regression tables of one exposure measure (HTML for the report, markdown for the summary, LaTeX)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.report import tables
from ailabor.workflow import run


def main(smk):
    p, i = smk.params, smk.input
    pages = tables.corrected_tables(
        event=pd.read_parquet(i.event),
        pretrend=pd.read_csv(i.pretrend),
        sensitivity=pd.read_csv(i.sensitivity),
        breakdown=pd.read_csv(i.breakdown),
        inference=pd.read_csv(i.inference),
        ppml_steps=pd.read_parquet(i.ppml_steps),
        primary_date=p.primary_date,
        measure=p.measure,
    )
    tables.write_pages(
        pages,
        title=f"Corrected estimation: {p.label}",
        intro=p.intro,
        html_path=smk.output.html,
        md_path=smk.output.md,
        tex_path=smk.output.tex,
        tex_prefix=f"est-{p.measure}",
        se_below=True,
    )


run(main, snakemake)  # noqa: F821
