"""Table of calibration parameters: value, sensitivity range and source (ISSUE-13, -33)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.calibration.models import ModelConfig, parameter_table
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.calibration_parameters")


def main(smk):
    p = smk.params
    table = parameter_table(ModelConfig.from_config(p.models), p.scenarios, p.primary_scenario, p.omega0, p.ranges)
    write_csv(table, smk.output[0])
    log.info(
        "calibration parameters:\n%s", table[["parameter", "value", "low", "high", "models"]].to_string(index=False)
    )


run(main, snakemake)  # noqa: F821
