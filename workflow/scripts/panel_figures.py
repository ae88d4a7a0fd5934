"""Wage growth by SOC major group (table and heatmap)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.panel.build import major_group_growth
from ailabor.panel.figures import wage_growth_heatmap
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.panel_figures")


def main(smk):
    growth = major_group_growth(pd.read_parquet(smk.input.long))
    write_csv(growth, smk.output.table)
    log.info("wage growth by SOC major group:\n%s", growth.to_string(index=False))
    wage_growth_heatmap(growth, smk.output.figure, source=smk.params.source)


run(main, snakemake)  # noqa: F821
