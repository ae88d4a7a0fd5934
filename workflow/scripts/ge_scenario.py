"""One GE scenario from its two model jobs (ge_scenario_model): the summary of both models, the
scenario's figure, and the tornado of its headline numbers."""

import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import scenarios as S
from ailabor.ge import tornado as T
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_csv, write_json_atomic
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.ge_scenario")


def outcome(path):
    d = json.loads(Path(path).read_text())
    return d, pd.DataFrame(d["tornado"], columns=d["tornado_columns"])


def main(smk):
    i, p = smk.input, smk.params
    sc = S.scenario_from_shock(pd.read_parquet(i.shock), smk.wildcards.scenario, i.shock)
    (ar_out, ar_tab), (bbz_out, bbz_tab) = outcome(i.ar_outcome), outcome(i.bbz_outcome)
    ar, bbz = ar_out["summary"], bbz_out["summary"]
    ar_path, bbz_path = pd.read_parquet(i.ar), pd.read_parquet(i.bbz)
    row = S.summary_row(sc, ar, bbz)
    write_json_atomic(smk.output.summary, json_ready(S.scenario_summary(sc, ar, bbz, row)))
    S.figure(sc, ar_path, ar, bbz_path, bbz, smk.output.figure, horizon=p.horizon)
    tab = T.combine([ar_tab, bbz_tab], p.sensitivity)
    write_csv(tab, smk.output.tornado)
    with pd.option_context("display.width", 200):
        cols = [
            "model",
            "parameter",
            "headline",
            "low_value",
            "high_value",
            "baseline",
            "low",
            "high",
            "status_low",
            "status_high",
        ]
        if len(tab):
            log.info("what moves the headlines:\n%s", tab[cols].to_string(index=False))
    T.figure(
        tab,
        smk.output.tornado_figure,
        f"What moves the headline numbers of one scenario: {S.plain_label(sc.label)} (D = {100 * sc.D:.1f}%)",
        note=ar_out["note"] + bbz_out["note"],
    )


run(main, snakemake)  # noqa: F821
