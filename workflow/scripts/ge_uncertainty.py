"""Bands (5/50/95%) of the GE paths over the uncertainty draws, the central path and the check
that the bands contain it."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import uncertainty as U
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ge_uncertainty")


def main(smk):
    p, i = smk.params, smk.input
    measures = {Path(f).stem: pd.read_parquet(f) for f in i.measures}
    scen = U.scenario_phis(i.shock, p.scenarios)
    c = U.combine(
        [pd.read_parquet(f) for f in i.draws],
        [pd.read_parquet(f) for f in i.paths],
        measures,
        p.primary,
        pd.read_parquet(i.primary),
        scen,
        uncertainty=p.uncertainty,
        ranges=p.ranges,
        solver=p.solver,
        listed=p.listed,
    )
    write_parquet(c.draws, smk.output.draws, **provenance_args(smk, spec_mode="corrected"))
    write_csv(c.bands, smk.output.bands)
    write_csv(c.central, smk.output.central)
    write_csv(c.containment, smk.output.containment)
    write_csv(c.summary, smk.output.summary)
    labels = {s["scenario"]: s["label"] for s in scen}
    for s, out in zip(p.scenarios, smk.output.figures):
        U.figure(s, labels[s], c.bands, c.central_paths, c.draws, out, sources=U.sources_note(c.spec, p.primary, c.cut))
    with pd.option_context("display.width", 200):
        log.info("containment of the central path in the bands:\n%s", c.containment.to_string(index=False))


run(main, snakemake)  # noqa: F821
