"""The seed README's headlines, legacy and corrected side by side."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import headlines
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.headlines")


def opt(smk, name):
    return pd.read_parquet(getattr(smk.input, name)) if name in smk.input.keys() else None


def main(smk):
    rows = headlines.estimation_rows(
        headlines.legacy_did(opt(smk, "legacy")),
        opt(smk, "oring"),
        opt(smk, "corrected"),
        opt(smk, "ppml"),
        opt(smk, "event"),
        smk.params.measure,
    )
    write_csv(rows, smk.output[0])
    log.info("estimation headlines:\n%s", rows[["headline", "legacy_value", "corrected_value"]].to_string(index=False))


run(main, snakemake)  # noqa: F821
