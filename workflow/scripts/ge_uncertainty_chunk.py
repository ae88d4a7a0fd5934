"""One chunk of the GE uncertainty draws (each draw seeded by its index)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import uncertainty as U
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ge_uncertainty_chunk")


def main(smk):
    u = smk.params.uncertainty
    frames = {Path(f).stem: pd.read_parquet(f) for f in smk.input.measures}
    spec, cut = U.spec_for(u, smk.params.ranges, smk.params.solver["ar"], frames, smk.params.listed)
    if cut:
        log.info("GE uncertainty: %s", cut)
    scen = U.scenario_phis(smk.input.shock, smk.params.scenarios)
    draws, paths = U.run_chunk(
        spec,
        frames,
        scen,
        smk.params.solver["ar"],
        smk.params.solver["bbz"],
        draws=u["draws"],
        chunks=u["chunks"],
        chunk=int(smk.wildcards.chunk),
    )
    prov = provenance_args(smk, spec_mode="corrected")
    write_parquet(draws, smk.output.draws, **prov)
    write_parquet(paths, smk.output.paths, **prov)
    log.info(
        "chunk %s: %d draws from measures %s, scenarios %s; task model ok %d, robot model ok %d",
        smk.wildcards.chunk,
        draws["draw"].nunique(),
        spec.measures,
        [s["scenario"] for s in scen],
        int((draws["ar_status"] == "ok").sum()),
        int((draws["bbz_status"] == "ok").sum()),
    )


run(main, snakemake)  # noqa: F821
