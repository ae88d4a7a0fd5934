"""One BBZ experiment with one method: all runs' paths, the summary, a table and the figure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import json

import pandas as pd

from ailabor.ge.bbz import figures
from ailabor.ge.bbz.experiments import Experiment, experiment_table
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_csv, write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    exp_id, method = smk.wildcards.experiment, smk.wildcards.method
    summaries = [json.loads(Path(p).read_text()) for p in smk.input.summaries]
    frames = [pd.read_parquet(p) for p in smk.input.paths]
    path = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else pd.DataFrame()
    table = experiment_table(Experiment(exp_id, smk.params.title), summaries)
    write_parquet(path, smk.output.path, **provenance_args(smk, spec_mode="n/a"))
    write_csv(table, smk.output.table)
    write_json_atomic(smk.output.summary, json_ready(dict(experiment=exp_id, title=smk.params.title, method=method, runs=summaries)))
    labels = {s["run"]: s["label"] for s in summaries}
    failed = [s["run"] for s in summaries if s["status"] != "ok"]
    note = f"BBZ {exp_id}, method {method}" + (f"; not ok: {', '.join(failed)} (dotted: not converged)" if failed else "")
    figures.paths(path, labels, f"{exp_id}: {smk.params.title}", smk.output.figure, note=note)
    print(table.to_string(index=False))


run(main, snakemake)  # noqa: F821
