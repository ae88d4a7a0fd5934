"""Summary of every GE scenario and the overview figure of the wage paths."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import json

import pandas as pd

from ailabor.ge import scenarios as S
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ge_scenarios_table")


def main(smk):
    summaries = [json.loads(Path(p).read_text()) for p in smk.input.summaries]
    table = S.scenarios_table(summaries)
    paths = {
        f"{s['measure']}/{s['scenario']}": (pd.read_parquet(a), pd.read_parquet(b))
        for s, a, b in zip(summaries, smk.input.ar, smk.input.bbz)
    }
    write_parquet(table, smk.output.table, **provenance_args(smk, spec_mode="both"))
    write_csv(table, smk.output.csv)
    S.overview_figure(table, paths, smk.output.figure, horizon=smk.params.horizon)
    cols = [
        "label",
        "D",
        "ar_dI",
        "ar_wage_impact_pct",
        "ar_wage_lr_pct",
        "bbz_share_L1",
        "bbz_wage_trough_pct",
        "bbz_wage_lr_pct",
    ]
    with pd.option_context("display.width", 200):
        log.info("GE scenarios:\n%s", table[cols].to_string(index=False))


run(main, snakemake)  # noqa: F821
