"""One chunk of bootstrap or permutation draws for the headline coefficient.

Bootstrap rows: draw, t_star, num_0, num_1, var_0, var_1, var_2 (t*(b0) for every null b0),
estimate, se, weights. Permutation rows: draw, beta_star, kappa. Draw b is seeded by (seed, b).
"""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import inference
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.inference_chunk")


def main(smk):
    p = smk.params
    panel, measure = pd.read_parquet(smk.input.panel), pd.read_parquet(smk.input.measure)
    draws = inference.chunk_range(p.draws, p.chunks, int(smk.wildcards.chunk))
    out = inference.run_chunk(
        smk.wildcards.method,
        panel,
        measure,
        outcome="ln_wage",
        date=p.date,
        draws=draws,
        seed=p.seed,
        weights=p.weights,
    )
    write_parquet(out, smk.output[0], **provenance_args(smk, spec_mode="corrected"))
    log.info("%s draws %d-%d done", smk.wildcards.method, draws.start, draws.stop - 1)


run(main, snakemake)  # noqa: F821
