"""The seed's crosswalk with wages and its occupation exposure (LEGACY-ONLY)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure import legacy
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.exposure_legacy")


def main(smk):
    prov = provenance_args(smk, spec_mode="legacy", legacy_only=legacy.LEGACY_FLAGS)
    cw = legacy.crosswalk_with_wages(
        pd.read_parquet(smk.input.crosswalk),
        pd.read_parquet(smk.input.occupation_data),
        pd.read_parquet(smk.input.job_zones),
        pd.read_parquet(smk.input.oews),
    )
    write_parquet(cw, smk.output.crosswalk, **prov)
    if smk.input.get("ratings"):
        occ = legacy.occupation_exposure(cw, pd.read_parquet(smk.input.ratings))
        write_parquet(occ, smk.output.exposure, **prov)
        e = occ["ai_exposure"]
        log.info("legacy exposure: N %d, min %.6f, max %.6f, mean %.6f", len(occ), e.min(), e.max(), e.mean())


run(main, snakemake)  # noqa: F821
