"""All Monte Carlo draws of one model and their summary."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration import sensitivity
from ailabor.calibration.models import ModelConfig
from ailabor.calibration.shock import read_scenario
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.calibration_monte_carlo_summary")


def main(smk):
    draws = sensitivity.gather_draws([pd.read_parquet(p) for p in smk.input.chunks])
    shock = read_scenario(smk.input.shock, smk.params.scenario)
    base = ModelConfig.from_config(smk.params.models).params(smk.wildcards.model, shock)
    summary = sensitivity.summarise(draws, base)
    write_parquet(draws, smk.output.draws, **provenance_args(smk, spec_mode="corrected"))
    write_csv(summary, smk.output.summary)
    log.info("Monte Carlo summary (%s):\n%s", smk.wildcards.model, summary.to_string(index=False))


run(main, snakemake)  # noqa: F821
