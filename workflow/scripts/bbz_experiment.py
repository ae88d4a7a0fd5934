"""One BBZ experiment with one method: all runs' paths, the summary, a table and the figure."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import json

import pandas as pd

from ailabor.ge.bbz import figures
from ailabor.ge.bbz.experiments import Experiment, experiment_note, experiment_paths, experiment_table
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_csv, write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.bbz_experiment")


def main(smk):
    exp_id, method = smk.wildcards.experiment, smk.wildcards.method
    summaries = [json.loads(Path(p).read_text()) for p in smk.input.summaries]
    path = experiment_paths([pd.read_parquet(p) for p in smk.input.paths])
    table = experiment_table(Experiment(exp_id, smk.params.title), summaries)
    write_parquet(path, smk.output.path, **provenance_args(smk, spec_mode="n/a"))
    write_csv(table, smk.output.table)
    write_json_atomic(
        smk.output.summary, json_ready(dict(experiment=exp_id, title=smk.params.title, method=method, runs=summaries))
    )
    labels = {s["run"]: s["label"] for s in summaries}
    figures.paths(
        path,
        labels,
        f"{exp_id}: {smk.params.title}",
        smk.output.figure,
        note=experiment_note(exp_id, method, summaries),
    )
    log.info("BBZ %s (%s):\n%s", exp_id, method, table.to_string(index=False))


run(main, snakemake)  # noqa: F821
