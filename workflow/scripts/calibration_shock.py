"""The shared shock of one exposure measure, one row per scenario."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import json

import pandas as pd

from ailabor.calibration.results import shock_table
from ailabor.calibration.shock import scenario_shocks
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.calibration_shock")


def main(smk):
    measure = pd.read_parquet(smk.input.measure)
    totals = json.loads(Path(smk.input.totals).read_text())
    auto = json.loads(Path(smk.input.automation).read_text()) if "automation" in smk.input.keys() else None
    shocks = scenario_shocks(
        measure,
        smk.params.scenarios,
        measure=smk.wildcards.measure,
        omega0=smk.params.omega0,
        totals=totals,
        automation=auto,
        path=smk.input.measure,
        base_year=smk.params.base_year,
    )
    table = shock_table(shocks)
    write_parquet(table, smk.output[0], **provenance_args(smk, spec_mode="corrected"))
    log.info(
        "shocks of %s:\n%s",
        smk.wildcards.measure,
        table[["scenario", "exposure_wage", "td", "d_omega", "wage_at_risk"]].to_string(index=False),
    )


run(main, snakemake)  # noqa: F821
