"""The same shocks through all three models, legacy formulas and corrected models side by side."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration import figures
from ailabor.calibration.models import ModelConfig
from ailabor.calibration.results import consistency, consistency_wide
from ailabor.calibration.shock import shocks_from_tables
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.calibration_consistency")


def main(smk):
    paths = ([smk.input.legacy] if "legacy" in smk.input.keys() else []) + list(smk.input.shocks)
    shocks = shocks_from_tables([pd.read_parquet(p) for p in paths])
    table = consistency(shocks, ModelConfig.from_config(smk.params.models))
    write_parquet(table, smk.output.table, **provenance_args(smk, spec_mode="corrected"))
    write_csv(table, smk.output.csv)
    wide = consistency_wide(table)
    write_csv(wide, smk.output.wide)
    figures.consistency_chart(
        table,
        smk.output.figure,
        note=(
            "Legacy: the seed's formulas (change in the wage share = -TD). Corrected: change in the wage share = "
            "-ω0 x θ x TD (baseline wage share x pass-through to profits x task displacement) through the corrected "
            "models."
        ),
    )
    log.info("legacy and corrected models, same shocks:\n%s", wide.to_string(index=False))


run(main, snakemake)  # noqa: F821
