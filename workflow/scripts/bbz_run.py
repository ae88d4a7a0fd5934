"""One BBZ run (model + parameters) with one solution method: path and summary."""

import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.ge.bbz.experiments import Run, run_line, solve_run
from ailabor.ge.bbz.params import Params
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.bbz_run")


def main(smk):
    spec, solver = smk.params.run, smk.params.solver
    start = time.perf_counter()
    r = Run(smk.wildcards.run, spec["model"], Params(**spec["params"]), spec["label"])
    path, summary = solve_run(
        r,
        smk.wildcards.method,
        T=solver["horizon"],
        dt=solver["dt"],
        worker_rhos=solver["worker_rho"],
        tol=solver["nl_tol"],
    )
    seconds = time.perf_counter() - start
    summary["experiment"] = smk.wildcards.experiment
    write_parquet(path, smk.output.path, **provenance_args(smk, spec_mode="n/a"))
    write_json_atomic(smk.output.summary, json_ready(summary))
    w = smk.wildcards
    log.info(
        "%s/%s (%s): %s in %.2f s; %s", w.experiment, w.run, w.method, summary["status"], seconds, run_line(summary)
    )


run(main, snakemake)  # noqa: F821
