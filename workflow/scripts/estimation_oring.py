"""The seed's O-ring usage-wage models (legacy)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import legacy
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.estimation_oring")


def main(smk):
    table, soc = legacy.oring_models(pd.read_parquet(smk.input.crosswalk), measure=smk.params.source)
    prov = provenance_args(smk, spec_mode="legacy", legacy_only=("ISSUE-40", "ISSUE-41", "ISSUE-42"))
    write_parquet(table, smk.output.table, **prov)
    write_parquet(soc, smk.output.soc, **prov)
    write_csv(table, smk.output.table_csv)
    write_csv(legacy.model_summary_file(table), smk.output.summary)
    log.info(
        "O-ring models (%s):\n%s",
        smk.params.source,
        table[["specification", "estimate", "se", "p_value", "n"]].to_string(index=False),
    )


run(main, snakemake)  # noqa: F821
