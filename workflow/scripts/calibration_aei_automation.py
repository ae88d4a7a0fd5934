"""AEI share of conversations in automation patterns: phi_adopted of the aei_automation scenario."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration.shock import aei_automation_share
from ailabor.provenance import write_json_atomic
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.calibration_aei_automation")


def main(smk):
    table = pd.read_parquet(smk.input.table)
    weights = pd.read_parquet(smk.input.weights) if "weights" in smk.input.keys() else None
    out = aei_automation_share(table, weights)
    out["tables"] = dict(smk.params.tables)
    write_json_atomic(smk.output[0], out)
    log.info(
        "AEI automation share %.4f over %d tasks (%s weights)",
        out["automation_share"],
        out["n_tasks"],
        out["weighting"],
    )


run(main, snakemake)  # noqa: F821
