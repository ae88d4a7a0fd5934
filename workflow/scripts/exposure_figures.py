"""Exposure distribution and top occupations, per measure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure.figures import coverage, distribution, panels, top_occupations
from ailabor.workflow import run


def main(smk):
    legacy = pd.read_parquet(smk.input.legacy) if smk.input.get("legacy") else None
    shown = panels(pd.read_parquet(smk.input.oews), smk.params.variants, legacy)
    distribution(shown, smk.output.distribution, smk.params.note)
    top_occupations(shown, smk.output.top, smk.params.note)
    coverage(pd.read_csv(smk.input.coverage), smk.output.coverage, smk.params.note)


run(main, snakemake)  # noqa: F821
