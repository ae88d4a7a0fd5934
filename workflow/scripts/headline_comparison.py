"""results/<dataset>/<vintage>/headline_comparison.csv from every stage's headline rows."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics.headlines import combine
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.headline_comparison")


def main(smk):
    table = combine([pd.read_csv(f) for f in smk.input])
    write_csv(table, smk.output[0])
    log.info("headline comparison:\n%s", table[["headline", "legacy_value", "corrected_value"]].to_string(index=False))


run(main, snakemake)  # noqa: F821
