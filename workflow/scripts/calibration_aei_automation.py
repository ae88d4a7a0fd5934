"""AEI share of conversations in automation patterns: phi_adopted of the aei_automation scenario."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration.shock import aei_automation_share
from ailabor.provenance import write_json_atomic
from ailabor.workflow import run


def main(smk):
    table = pd.read_parquet(smk.input.table)
    weights = pd.read_parquet(smk.input.weights) if "weights" in smk.input.keys() else None
    out = aei_automation_share(table, weights)
    out["tables"] = dict(smk.params.tables)
    write_json_atomic(smk.output[0], out)
    print(f"AEI automation share {out['automation_share']:.4f} over {out['n_tasks']} tasks ({out['weighting']} weights)")


run(main, snakemake)  # noqa: F821
