"""One chunk of the GE uncertainty draws (each draw seeded by its index)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import uncertainty as U
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    u = smk.params.uncertainty
    frames = {Path(f).stem: pd.read_parquet(f) for f in smk.input.measures}
    ranges, cut = U.feasible_ranges(smk.params.ranges, smk.params.solver["ar"])
    if cut:
        print(f"GE uncertainty: {cut}")
    spec = U.Spec(seed=u["seed"], measures=U.candidate_measures(frames, smk.params.listed), ranges=ranges)
    scen = U.scenario_phis(smk.input.shock, smk.params.scenarios)
    draws, paths = U.run_chunk(spec, frames, scen, smk.params.solver["ar"], smk.params.solver["bbz"], draws=u["draws"], chunks=u["chunks"],
                               chunk=int(smk.wildcards.chunk))
    prov = provenance_args(smk, spec_mode="corrected")
    write_parquet(draws, smk.output.draws, **prov)
    write_parquet(paths, smk.output.paths, **prov)
    print(f"chunk {smk.wildcards.chunk}: {draws['draw'].nunique()} draws from measures {spec.measures}, scenarios {[s['scenario'] for s in scen]}; "
          f"task model ok {int((draws['ar_status'] == 'ok').sum())}, robot model ok {int((draws['bbz_status'] == 'ok').sum())}")


run(main, snakemake)  # noqa: F821
