"""Paper tables of one calibration or GE output (HTML for the report, markdown, LaTeX booktabs)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.report import paper, tables
from ailabor.workflow import run


def main(smk):
    i, p = smk.input, smk.params
    if p.kind == "calibration":
        pages = paper.calibration_tables(pd.read_csv(i.wide), pd.read_csv(i.headlines))
    elif p.kind == "ge_scenarios":
        pages = paper.ge_scenario_tables(pd.read_csv(i.summary))
    elif p.kind == "bbz_t2":
        pages = paper.bbz_t2_tables(pd.read_csv(i.table), smk.wildcards.method)
    elif p.kind == "ar":
        pages = paper.ar_tables(pd.read_csv(i.statics), pd.read_csv(i.formulas))
    else:
        raise ValueError(f"paper_tables: unknown kind {p.kind!r}")
    tables.write_pages(
        pages,
        title=p.title,
        intro=p.intro,
        html_path=smk.output.html,
        md_path=smk.output.md,
        tex_path=smk.output.tex,
        tex_prefix=p.prefix,
        stars=False,
    )


run(main, snakemake)  # noqa: F821
