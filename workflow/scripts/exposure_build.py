"""Corrected exposure variants per O*NET occupation and OEWS code, summary and coverage."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure import measures
from ailabor.exposure.coverage import coverage_report
from ailabor.exposure.names import weights
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    p = smk.params
    statements = pd.read_parquet(smk.input.statements)
    ratings = pd.read_parquet(smk.input.ratings) if smk.input.get("ratings") else None
    crosswalk = pd.read_parquet(smk.input.crosswalk)
    universe = measures.rated_universe(statements, ratings)
    tasks = measures.task_credits(universe, measures.pair_usage(crosswalk), p.thresholds, p.intensity_cap_quantile)
    onet = measures.exposure_onet(tasks, p.thresholds, weights(ratings is not None))
    mapping = pd.read_parquet(smk.input.mapping)
    base = pd.read_parquet(smk.input.base)
    oews = measures.exposure_oews(onet, mapping, base, p.aggregation)
    summary = measures.summary(oews)
    summary["universe"] = universe["universe"].iloc[0]
    summary["intensity_cap"] = tasks.attrs["intensity_cap"]
    cov = coverage_report(pd.read_csv(smk.input.rates), crosswalk, tasks, statements, mapping, base, json.loads(Path(smk.input.totals).read_text()), oews)
    prov = provenance_args(smk, spec_mode="corrected")
    write_parquet(tasks, smk.output.tasks, **prov)
    write_parquet(onet, smk.output.onet, **prov)
    write_parquet(oews, smk.output.oews, **prov)
    write_csv(summary, smk.output.summary)
    write_csv(cov, smk.output.coverage)
    print(summary[["variant", "n_oews_codes", "mean", "share_zero", "employment_weighted", "wage_bill_weighted"]].to_string(index=False))
    if ratings is None:
        print("Task Ratings not available: exposure uses uniform task weights over Core and Supplemental statements")


run(main, snakemake)  # noqa: F821
