"""The seed's A-R, Kaleckian and Bhaduri-Marglin blocks from its exposure table (legacy)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration import legacy
from ailabor.calibration.results import shock_table
from ailabor.calibration.shock import legacy_shock
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.calibration_legacy")


def main(smk):
    seed = pd.read_parquet(smk.input.seed)
    shock = legacy_shock(seed, path=smk.input.seed)
    ar = legacy.acemoglu_restrepo(seed, shock)
    kal = legacy.kaleckian(shock)
    bm, bm_params, info = legacy.bhaduri_marglin(shock)
    prov = provenance_args(smk, spec_mode="legacy", legacy_only=legacy.LEGACY_FLAGS)
    write_csv(ar, smk.output.acemoglu_restrepo)
    write_csv(kal, smk.output.kaleckian)
    write_csv(bm, smk.output.bhaduri_marglin)
    write_csv(bm_params, smk.output.bm_parameters)
    write_parquet(legacy.tidy(ar, kal, bm), smk.output.tidy, **prov)
    write_parquet(shock_table([shock]), smk.output.shock, **prov)
    for name, t in (("A-R", ar), ("Kaleckian", kal), ("Bhaduri-Marglin", bm)):
        log.info("%s (legacy):\n%s", name, t.to_string(index=False))
    log.info("source: %s; %d rows", smk.params.source, shock.n_units)


run(main, snakemake)  # noqa: F821
