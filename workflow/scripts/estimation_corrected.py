"""Corrected estimation for one exposure measure: the event-study and dose-response
specifications of the grid, estimated and gathered in grid order, the three-window identity and
quartile regression on the 2022-2024 sample, and the corrected usage-wage PPML."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import ppml, specs
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.estimation_corrected")


def main(smk):
    p, i = smk.params, smk.input
    panel = pd.read_parquet(i.panel)
    measure = pd.read_parquet(i.measure)
    grid = specs.run_grid(
        panel,
        measure,
        [specs.Spec(**s) for s in p.specs],
        measure_name=p.measure,
        progress=lambda k, n, spec, sec: log.info("specification %d of %d, %s: %.1f s", k, n, spec.id, sec),
    )
    prov = provenance_args(smk, spec_mode="corrected")
    write_parquet(grid.coefs, smk.output.event, **prov)
    write_csv(grid.coefs, smk.output.event_csv)
    write_csv(grid.pretrend, smk.output.pretrend)
    write_parquet(grid.vcov, smk.output.vcov, **prov)
    windows = specs.panel_windows(panel, measure, measure_name=p.measure)
    write_csv(windows, smk.output.windows)
    pp, steps = ppml.tables(
        measure,
        pd.read_parquet(i.exposure_oews),
        pd.read_parquet(i.crosswalk),
        pd.read_parquet(i.mapping),
        pd.read_parquet(i.base),
        pd.read_parquet(i.job_zones),
        pd.read_parquet(i.task_credits),
        measure_name=p.measure,
        task_count_variant=p.task_count_variant,
    )
    write_parquet(pp, smk.output.ppml, **prov)
    write_csv(pp, smk.output.ppml_csv)
    write_parquet(steps, smk.output.ppml_stepwise, **prov)
    write_csv(steps, smk.output.ppml_stepwise_csv)
    log.info(
        "dose response, no weights, clustered by SOC major group:\n%s",
        specs.dose_summary(grid.coefs).to_string(index=False),
    )
    log.info("pre-trend tests:\n%s", grid.pretrend.to_string(index=False))
    log.info(
        "usage-wage PPML:\n%s", pp[["specification", "term", "estimate", "se", "p_value", "n"]].to_string(index=False)
    )


run(main, snakemake)  # noqa: F821
