"""Parameter grid and one-at-a-time (tornado) sensitivity of one model."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.calibration import figures, sensitivity
from ailabor.calibration.models import ModelConfig
from ailabor.calibration.shock import read_scenario
from ailabor.labels import scenario_name
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.calibration_sensitivity")


def main(smk):
    model = smk.wildcards.model
    shock = read_scenario(smk.input.shock, smk.params.scenario)
    base = ModelConfig.from_config(smk.params.models).params(model, shock)
    oat = sensitivity.one_at_a_time(model, shock, base, smk.params.ranges)
    grid = sensitivity.grid(model, shock, base, smk.params.ranges)
    write_parquet(grid, smk.output.grid, **provenance_args(smk, spec_mode="corrected"))
    write_csv(oat, smk.output.oat)
    figures.tornado(
        oat,
        model,
        smk.output.figure,
        note=(
            f"Shock: {scenario_name(shock.label)} (wage-weighted exposure E = {shock.exposure_wage:.3f}); other "
            "parameters at baseline; ranges in "
            "calibration/parameters.csv."
        ),
    )
    log.info(
        "one at a time (%s):\n%s",
        model,
        oat[
            ["parameter", "low_value", "high_value", "outcome_low", "outcome_high", "status_low", "status_high"]
        ].to_string(index=False),
    )
    log.info("grid: %d points, %d outside the model's domain", len(grid), int((grid["status"] != "ok").sum()))


run(main, snakemake)  # noqa: F821
