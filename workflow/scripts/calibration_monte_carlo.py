"""One chunk of the Monte Carlo over documented parameter ranges."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.calibration import sensitivity
from ailabor.calibration.models import ModelConfig
from ailabor.calibration.shock import read_scenario
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.calibration_monte_carlo")


def main(smk):
    model, mc = smk.wildcards.model, smk.params.monte_carlo
    shock = read_scenario(smk.input.shock, smk.params.scenario)
    base = ModelConfig.from_config(smk.params.models).params(model, shock)
    draws = sensitivity.monte_carlo(
        model,
        shock,
        base,
        smk.params.ranges,
        draws=mc["draws"],
        chunks=mc["chunks"],
        chunk=int(smk.wildcards.chunk),
        seed=mc["seed"],
    )
    write_parquet(draws, smk.output[0], **provenance_args(smk, spec_mode="corrected"))
    log.info(
        "%s chunk %s: %d draws, %d feasible",
        model,
        smk.wildcards.chunk,
        len(draws),
        int((draws["status"] == "ok").sum()),
    )


run(main, snakemake)  # noqa: F821
