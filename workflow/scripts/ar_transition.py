"""A-R transition after a one-time jump in automation (Figure 6 analogue)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import numpy as np

from ailabor.ge.ar import P0, dynamics_exo, figures
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    sp = smk.params
    p = P0.with_(**sp.params)
    t = np.arange(0.0, sp.horizon_report + 1e-9, sp.step_report)
    path, summary = dynamics_exo.transition(p, sp.n0, sp.dI, sp.g, T=sp.horizon, t_report=t)
    write_parquet(path, smk.output.path, **provenance_args(smk, spec_mode="n/a"))
    write_json_atomic(smk.output.summary, json_ready(summary))
    figures.transition(path, summary, smk.output.figure, title=f"A-R: automation jump dI = {sp.dI:g}")
    print(f"impact {summary['impact_dlnW']:+.4f}, trough {summary['trough_dlnW']:+.4f}, long run {summary['lr_dlnW']:+.4f} log points; "
          f"recovery after {summary['recovery_year']:.2f} years; labour share {summary['ls_before']:.4f} -> {summary['ls_impact']:.4f} -> {summary['ls_lr']:.4f}")


run(main, snakemake)  # noqa: F821
