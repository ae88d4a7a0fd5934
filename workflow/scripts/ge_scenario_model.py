"""One model of one GE scenario: the calibration shock's displacement share through the A-R
task model or the BBZ robot model (mapping in ailabor.ge.scenarios), its path, its outcome and
its rows of the scenario's tornado. One job per model, so a setting of one model reruns only
that model's work."""

import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import scenarios as S
from ailabor.ge import tornado as T
from ailabor.ge.json_summary import json_plain
from ailabor.provenance import write_parquet, write_text_atomic
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ge_scenario_model")


def main(smk):
    model = smk.wildcards.gemodel
    sc = S.scenario_from_shock(pd.read_parquet(smk.input.shock), smk.wildcards.scenario, smk.input.shock)
    cfg, ranges = smk.params.solver, smk.params.sensitivity
    log.info(S.describe_scenario(sc))
    path, summary, tab, note = T.run_model(sc, model, cfg, ranges)
    log.info(S.describe_ar(summary) if model == "ar" else S.describe_bbz(summary))
    prov = provenance_args(smk, spec_mode="corrected" if not sc.legacy_units else "legacy")
    write_parquet(path, smk.output.path, **prov)
    outcome = dict(model=model, summary=summary, tornado=tab.to_dict("records"), tornado_columns=list(tab.columns))
    outcome["note"] = note
    write_text_atomic(smk.output.outcome, json.dumps(json_plain(outcome), indent=1) + "\n")
    log.info("%s: %d tornado rows", model, len(tab))


run(main, snakemake)  # noqa: F821
