"""A balanced sub-panel, harmonised over its own window, with the excluded codes and why."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.panel import build, harmonise
from ailabor.panel.inputs import load_oews, window
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    start, end = smk.params.window
    oews = window(load_oews(smk.input.oews), start, end)
    codes, units = harmonise.harmonise_codes(oews, pd.read_parquet(smk.input.crosswalk))
    panel = harmonise.harmonised_panel(oews, codes, units)
    balanced, excluded = build.balanced(panel, start, end)
    write_parquet(balanced, smk.output.panel, **provenance_args(smk))
    write_csv(excluded, smk.output.excluded)
    print(f"May {start}-{end}: {balanced['unit_code'].nunique()} balanced occupations, {len(excluded)} excluded")


run(main, snakemake)  # noqa: F821
