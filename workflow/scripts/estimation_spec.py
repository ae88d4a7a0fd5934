"""One specification of the corrected estimation grid for one exposure measure: its coefficient
rows, pre-trend tests and coefficient covariances (the last two for the event study only)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import specs
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.estimation_spec")


def main(smk):
    spec = specs.Spec(**smk.params.spec)
    res = specs.run_spec(
        pd.read_parquet(smk.input.panel), pd.read_parquet(smk.input.measure), spec, measure_name=smk.params.measure
    )
    prov = provenance_args(smk, spec_mode="corrected")
    write_parquet(res.coefs, smk.output.coefs, **prov)
    write_parquet(res.pretrend, smk.output.pretrend, **prov)
    write_parquet(res.vcov, smk.output.vcov, **prov)
    log.info(
        "%s (%s), clustered by SOC major group:\n%s",
        spec.id,
        smk.params.measure,
        specs.major_group_rows(res.coefs).to_string(index=False),
    )
    if len(res.pretrend):
        log.info("pre-trend tests:\n%s", res.pretrend.to_string(index=False))


run(main, snakemake)  # noqa: F821
