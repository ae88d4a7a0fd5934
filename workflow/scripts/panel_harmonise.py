"""The long OEWS panel, the harmonised detailed panel, code changes, units and checks."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.panel.inputs import load_oews
from ailabor.panel.tables import harmonised_tables
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.panel_harmonise")


def main(smk):
    t = harmonised_tables(load_oews(smk.input.oews), pd.read_parquet(smk.input.crosswalk))
    prov = provenance_args(smk)
    write_parquet(t.long, smk.output.long, **prov)
    write_parquet(t.harmonised, smk.output.harmonised, **prov)
    write_parquet(t.codes, smk.output.codes, **prov)
    write_parquet(t.units, smk.output.units, **prov)
    write_csv(t.changes, smk.output.changes)
    write_csv(t.checks, smk.output.checks)
    log.info("panel checks:\n%s", t.checks.to_string(index=False))
    log.info("%d code-years change under harmonisation: %s", len(t.changes), t.changes["rule"].value_counts().to_dict())


run(main, snakemake)  # noqa: F821
