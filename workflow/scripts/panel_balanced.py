"""A balanced sub-panel, harmonised over its own window, with the excluded codes and why."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.panel.inputs import load_oews, window
from ailabor.panel.tables import balanced_tables
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.panel_balanced")


def main(smk):
    start, end = smk.params.window
    oews = window(load_oews(smk.input.oews), start, end)
    balanced, excluded = balanced_tables(oews, pd.read_parquet(smk.input.crosswalk), start, end)
    write_parquet(balanced, smk.output.panel, **provenance_args(smk))
    write_csv(excluded, smk.output.excluded)
    log.info(
        "May %d-%d: %d balanced occupations, %d excluded", start, end, balanced["unit_code"].nunique(), len(excluded)
    )


run(main, snakemake)  # noqa: F821
