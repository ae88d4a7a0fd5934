"""AEI tasks -> O*NET statements: crosswalk rows, audit tables, match rates, split weights."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.crosswalk.matching import aei_usage, match_tasks
from ailabor.crosswalk.split import add_employment_split, conservation
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.crosswalk_match")


def main(smk):
    p = smk.params
    usage = aei_usage(pd.read_parquet(smk.input.aei), p.aei_format)
    result = match_tasks(usage, pd.read_parquet(smk.input.statements), scorer_name=p.scorer, threshold=p.threshold)
    cw = add_employment_split(result.crosswalk, pd.read_parquet(smk.input.mapping), pd.read_parquet(smk.input.base))
    check = conservation(cw)
    write_parquet(cw, smk.output.crosswalk, **provenance_args(smk))
    write_csv(result.fuzzy, smk.output.fuzzy)
    write_csv(result.unmatched, smk.output.unmatched)
    write_csv(result.rates, smk.output.rates)
    write_csv(check, smk.output.conservation)
    log.info("match rates:\n%s", result.rates.to_string(index=False))


run(main, snakemake)  # noqa: F821
