"""Corrected exposure variants per O*NET occupation and OEWS code, summary and coverage."""

import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure.build import UNIFORM_NOTE, build
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.exposure_build")


def main(smk):
    p, i = smk.params, smk.input
    ratings = pd.read_parquet(i.ratings) if i.get("ratings") else None
    t = build(
        pd.read_parquet(i.statements),
        ratings,
        pd.read_parquet(i.crosswalk),
        pd.read_parquet(i.mapping),
        pd.read_parquet(i.base),
        pd.read_csv(i.rates),
        json.loads(Path(i.totals).read_text()),
        thresholds=p.thresholds,
        cap_quantile=p.intensity_cap_quantile,
        aggregation=p.aggregation,
    )
    prov = provenance_args(smk, spec_mode="corrected")
    write_parquet(t.tasks, smk.output.tasks, **prov)
    write_parquet(t.onet, smk.output.onet, **prov)
    write_parquet(t.oews, smk.output.oews, **prov)
    write_csv(t.summary, smk.output.summary)
    write_csv(t.coverage, smk.output.coverage)
    log.info(
        "exposure variants:\n%s",
        t.summary[
            ["variant", "n_oews_codes", "mean", "share_zero", "employment_weighted", "wage_bill_weighted"]
        ].to_string(index=False),
    )
    if ratings is None:
        log.warning(UNIFORM_NOTE)


run(main, snakemake)  # noqa: F821
