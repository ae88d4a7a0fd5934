"""Rambachan-Roth (2023) sensitivity of one measure's primary event study: relative
magnitudes and smoothness, first post period and average of the post periods, breakdown values,
and the sensitivity figure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import honest
from ailabor.provenance import write_csv
from ailabor.workflow import run


def main(smk):
    p = smk.params
    vcov = pd.read_parquet(smk.input.vcov)
    table, breakdown, inputs = honest.from_vcov_table(vcov, date=p.date, outcome=p.outcome, weights="none", cluster=p.cluster, mbar=p.mbar, m=p.m)
    table.insert(0, "measure", p.measure)
    breakdown.insert(0, "measure", p.measure)
    write_csv(table, smk.output.table)
    write_csv(breakdown, smk.output.breakdown)
    from ailabor.econometrics.honest_figures import sensitivity_figure

    sensitivity_figure(table, breakdown, smk.output.figure, title=honest.figure_title(p.label), note=p.note + honest.figure_note(inputs))


run(main, snakemake)  # noqa: F821
