"""BBZ T2: sigma3* on the (sigma1, sigma2) grid and the impact wage response along sigma3."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.ge.bbz import figures
from ailabor.ge.bbz.experiments import t2_table
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_csv, write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.bbz_table_T2")


def main(smk):
    table, curve = t2_table(smk.params.grids, smk.params.base_overrides)
    write_parquet(curve.assign(method=smk.wildcards.method), smk.output.path, **provenance_args(smk, spec_mode="n/a"))
    write_csv(table, smk.output.table)
    write_json_atomic(
        smk.output.summary,
        json_ready(
            dict(
                experiment="T2",
                method=smk.wildcards.method,
                note=(
                    "T2 has no transition: sigma3* (eq. 33) and the impact response come from the static block, "
                    "identical for both methods"
                ),
                table=table.to_dict(orient="records"),
            )
        ),
    )
    figures.sigma3_star(
        table,
        curve,
        smk.output.figure,
        note="Model 2 calibration (theta_L2 .30); eq. (33) and finite differences of the static block.",
    )
    log.info("T2 (%s):\n%s", smk.wildcards.method, table.to_string(index=False))


run(main, snakemake)  # noqa: F821
