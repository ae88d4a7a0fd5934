"""A-R transition after a one-time jump in automation (Figure 6 analogue)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.ge.ar import P0, figures, outputs
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ar_transition")


def main(smk):
    sp = smk.params
    p = P0.with_(**sp.params)
    path, summary = outputs.transition_table(
        p, sp.n0, sp.dI, sp.g, horizon=sp.horizon, horizon_report=sp.horizon_report, step_report=sp.step_report
    )
    write_parquet(path, smk.output.path, **provenance_args(smk, spec_mode="n/a"))
    write_json_atomic(smk.output.summary, json_ready(summary))
    figures.transition(
        path,
        summary,
        smk.output.figure,
        title=f"Acemoglu-Restrepo task model: automation jump of {sp.dI:g} (task measure)",
    )
    s = summary
    log.info(
        "impact %+.4f, trough %+.4f, long run %+.4f log points; recovery after %.2f years; "
        "labour share %.4f -> %.4f -> %.4f",
        s["impact_dlnW"],
        s["trough_dlnW"],
        s["lr_dlnW"],
        s["recovery_year"],
        s["ls_before"],
        s["ls_impact"],
        s["ls_lr"],
    )


run(main, snakemake)  # noqa: F821
