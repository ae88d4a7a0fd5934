"""The robustness table of the seed's DiD panel (HTML for the report, markdown for the summary, LaTeX)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.report import tables
from ailabor.workflow import run


def main(smk):
    t = tables.robustness_table(pd.read_parquet(smk.input[0]), "estimation/legacy_panel_corrected.csv")
    tables.write_pages(
        [t],
        title="Seed DiD panel: robustness",
        intro=smk.params.intro,
        html_path=smk.output.html,
        md_path=smk.output.md,
        tex_path=smk.output.tex,
        tex_prefix="seed-did",
        se_below=True,
    )


run(main, snakemake)  # noqa: F821
