"""The seed project's wage panel and 473-occupation DiD panel (LEGACY-ONLY)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.panel import legacy
from ailabor.panel.inputs import load_oews
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.legacy_panel")


def main(smk):
    oews = load_oews(smk.input.oews)
    prov = provenance_args(smk, spec_mode="legacy", legacy_only=legacy.LEGACY_FLAGS)
    wages = legacy.wage_panel(oews)
    did = legacy.did_panel(wages, pd.read_parquet(smk.input.exposure))
    write_parquet(wages, smk.output.wages, **prov)
    write_parquet(did, smk.output.did, **prov)
    log.info(
        "legacy wage panel: %d rows; DiD panel: %d occupations, %d high-exposure",
        len(wages),
        len(did),
        int(did["high_exposure"].sum()),
    )


run(main, snakemake)  # noqa: F821
