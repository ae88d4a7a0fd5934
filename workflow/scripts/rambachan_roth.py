"""Rambachan-Roth (2023) sensitivity of one measure's primary event study: relative
magnitudes and smoothness, first post period and average of the post periods, breakdown values,
and the sensitivity figure."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import honest
from ailabor.econometrics.honest_figures import sensitivity_figure
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.rambachan_roth")


def main(smk):
    p = smk.params
    vcov = pd.read_parquet(smk.input.vcov)
    table, breakdown, inputs = honest.measure_tables(
        vcov, measure=p.measure, date=p.date, outcome=p.outcome, cluster=p.cluster, mbar=p.mbar, m=p.m
    )
    write_csv(table, smk.output.table)
    write_csv(breakdown, smk.output.breakdown)
    sensitivity_figure(
        table,
        breakdown,
        smk.output.figure,
        title=honest.figure_title(p.label),
        note=p.note + honest.figure_note(inputs),
    )
    log.info(
        "Rambachan-Roth sensitivity (%s):\n%s",
        p.measure,
        table[["target", "restriction", "parameter", "value", "lb", "ub"]].to_string(index=False),
    )
    log.info(
        "breakdown values:\n%s",
        breakdown[["target", "restriction", "parameter", "breakdown", "note"]].to_string(index=False),
    )


run(main, snakemake)  # noqa: F821
