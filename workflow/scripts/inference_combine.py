"""Bootstrap and permutation p-values ((1 + #)/(1 + B)) and test-inverted confidence intervals of
the headline coefficient from all chunks."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import inference
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.inference_combine")


def main(smk):
    p = smk.params
    boot = pd.concat([pd.read_parquet(f) for f in smk.input.bootstrap], ignore_index=True)
    perm = pd.concat([pd.read_parquet(f) for f in smk.input.permutation], ignore_index=True)
    out = inference.combine(
        pd.read_parquet(smk.input.panel),
        pd.read_parquet(smk.input.measure),
        boot,
        perm,
        outcome="ln_wage",
        date=p.date,
        measure_name=p.measure,
    )
    write_csv(out, smk.output[0])
    log.info(
        "inference for %s:\n%s",
        p.measure,
        out[["method", "estimate", "p_value", "draws", "ci_low", "ci_high", "ci_method"]].to_string(index=False),
    )


run(main, snakemake)  # noqa: F821
