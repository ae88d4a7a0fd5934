"""One GE scenario: the calibration shock's displacement share through the A-R task model and
the BBZ robot model (mapping in ailabor.ge.scenarios), and the tornado of its headline numbers."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import scenarios as S
from ailabor.ge import tornado as T
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_csv, write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ge_scenario")


def main(smk):
    sc = S.scenario_from_shock(pd.read_parquet(smk.input.shock), smk.wildcards.scenario, smk.input.shock)
    solver = smk.params.solver
    log.info(S.describe_scenario(sc))
    setup = S.ar_setup(solver["ar"])
    ar_path, ar = S.run_ar(sc, solver["ar"], setup)
    log.info(S.describe_ar(ar))
    bbz_path, bbz = S.run_bbz(sc, solver["bbz"])
    log.info(S.describe_bbz(bbz))
    prov = provenance_args(smk, spec_mode="corrected" if not sc.legacy_units else "legacy")
    write_parquet(ar_path, smk.output.ar, **prov)
    write_parquet(bbz_path, smk.output.bbz, **prov)
    row = S.summary_row(sc, ar, bbz)
    write_json_atomic(smk.output.summary, json_ready(S.scenario_summary(sc, ar, bbz, row)))
    S.figure(sc, ar_path, ar, bbz_path, bbz, smk.output.figure, horizon=solver["ar"]["horizon_report"])
    tab = T.tornado(sc, row, solver["ar"], solver["bbz"], smk.params.sensitivity)
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
        log.info("what moves the headlines:\n%s", tab[cols].to_string(index=False))
    T.figure(
        tab,
        smk.output.tornado_figure,
        f"What moves the headline numbers of one scenario: {S.plain_label(sc.label)} (D = {100 * sc.D:.1f}%)",
        note=T.note(setup, solver["bbz"], smk.params.sensitivity),
    )


run(main, snakemake)  # noqa: F821
