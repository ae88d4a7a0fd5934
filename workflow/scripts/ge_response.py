"""The response-curve table of both GE models, their flat or empty regions, the mapping's key
numbers and the figure with the measured scenarios marked."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import response as R
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.ge_response")


def main(smk):
    table = pd.concat([pd.read_parquet(f) for f in smk.input.curves], ignore_index=True)
    regs = pd.concat([pd.read_csv(f) for f in smk.input.regions], ignore_index=True)
    scen = pd.read_parquet(smk.input.scenarios)
    write_csv(table, smk.output.curves)
    write_csv(regs, smk.output.regions)
    facts = R.mapping_facts(smk.params.solver, table, regs)
    write_csv(facts, smk.output.mapping)
    log.info("mapping facts:\n%s", facts.to_string(index=False))
    bad = R.monotone_violations(table)
    if bad:
        log.warning("NOT MONOTONE: %s", "; ".join(bad))
    R.figure(table, regs, scen, smk.output.figure, notes=R.figure_notes(facts))


run(main, snakemake)  # noqa: F821
