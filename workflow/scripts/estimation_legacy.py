"""The seed's simple correlations and DiD (legacy), and the corrected treatments of the same
panel: three-window identity, quartile regression, pre-difference SE, REQ-DID-08 table."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import legacy, seed_panel
from ailabor.econometrics.figures import legacy_four_panel
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.estimation_legacy")


def main(smk):
    i = smk.input
    did = pd.read_parquet(i.did)
    sc, dm = seed_panel.legacy_tables(did)
    write_parquet(
        pd.concat([sc, dm], ignore_index=True),
        smk.output.legacy,
        **provenance_args(smk, spec_mode="legacy", legacy_only=legacy.LEGACY_FLAGS),
    )
    write_csv(legacy.did_summary_file(dm), smk.output.did_summary)
    write_csv(legacy.timing_comparison_file(sc), smk.output.timing)
    oews = {year: pd.read_parquet(p) for year, p in zip(smk.params.years, i.oews, strict=True)}
    rows = seed_panel.importance_rows(
        pd.read_parquet(i.importance), pd.read_parquet(i.ratings) if "ratings" in i.keys() else None
    )
    extra = seed_panel.robustness_extra(
        oews, did, rows, pd.read_parquet(i.im_statements), pd.read_parquet(i.seed_exposure)
    )
    table = seed_panel.corrected_tables(did, extra)
    write_parquet(table, smk.output.corrected, **provenance_args(smk, spec_mode="corrected"))
    write_csv(table, smk.output.corrected_csv)
    write_csv(pd.concat([sc, dm], ignore_index=True), smk.output.legacy_csv)
    legacy_four_panel(did, smk.output.figure, note=smk.params.note)
    log.info("seed DiD models:\n%s", dm[["specification", "estimate", "se", "p_value"]].to_string(index=False))
    log.info("seed panel, one change at a time:\n%s", seed_panel.robustness_rows(table).to_string(index=False))


run(main, snakemake)  # noqa: F821
