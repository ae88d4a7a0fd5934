"""O*NET-SOC -> OEWS codes of the base year, and the weighting base (each OEWS code once)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.crosswalk.onet_oews import not_direct, onet_to_oews, totals, weighting_base
from ailabor.provenance import write_csv, write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.crosswalk_onet_oews")


def main(smk):
    oews = pd.read_parquet(smk.input.oews)
    statements = pd.read_parquet(smk.input.statements)
    mapping = onet_to_oews(
        statements["onet_soc_code"], oews, smk.params.base_year, pd.read_parquet(smk.input.crosswalk)
    )
    prov = provenance_args(smk)
    write_parquet(mapping, smk.output.mapping, **prov)
    write_csv(not_direct(mapping), smk.output.changes)
    write_parquet(weighting_base(oews), smk.output.base, **prov)
    write_json_atomic(smk.output.totals, totals(oews))
    log.info("O*NET-SOC codes by mapping:\n%s", mapping["mapping"].value_counts().to_string())


run(main, snakemake)  # noqa: F821
