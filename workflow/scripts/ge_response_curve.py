"""One GE model's response curve against the displacement share D, and its flat or empty regions."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.ge import response as R
from ailabor.ge import scenarios as S
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ge_response_curve")


def main(smk):
    model, cfg, g = smk.wildcards.gemodel, smk.params.solver, smk.params.grid
    Ds = R.grid(g["D_max"], g["step"])
    setup = S.ar_setup(cfg) if model == "ar" else None
    table = R.curve(model, Ds, ar_setup=setup, bbz_cfg=cfg)
    regs = R.regions_table(model, g["D_max"], ar_setup=setup, bbz_cfg=cfg)
    write_parquet(table, smk.output.curve, **provenance_args(smk, spec_mode="corrected"))
    write_csv(regs, smk.output.regions)
    bad = R.monotone_violations(table)
    log.info(
        "%s: %d grid points, %d with an equilibrium; regions: %s; monotone: %s",
        model,
        len(table),
        int((table["status"] == "ok").sum()),
        regs[["kind", "D_from", "what"]].to_dict("records"),
        "yes" if not bad else bad,
    )


run(main, snakemake)  # noqa: F821
