"""One chunk of bootstrap or permutation draws for the headline coefficient.

Bootstrap rows: draw, t_star, num_0, num_1, var_0, var_1, var_2 (t*(b0) for every null b0),
estimate, se, weights. Permutation rows: draw, beta_star, kappa. Draw b is seeded by (seed, b).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import inference
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    p = smk.params
    panel, measure = pd.read_parquet(smk.input.panel), pd.read_parquet(smk.input.measure)
    draws = inference.chunk_range(p.draws, p.chunks, int(smk.wildcards.chunk))
    if smk.wildcards.method == "bootstrap":
        out = inference.bootstrap_chunk(panel, measure, outcome="ln_wage", date=p.date, draws=draws, seed=p.seed, kind=p.weights)
    else:
        out = inference.permutation_chunk(panel, measure, outcome="ln_wage", date=p.date, draws=draws, seed=p.seed)
    write_parquet(out, smk.output[0], **provenance_args(smk, spec_mode="corrected"))
    print(f"{smk.wildcards.method} draws {draws.start}-{draws.stop - 1} done")


run(main, snakemake)  # noqa: F821
