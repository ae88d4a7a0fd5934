"""results/<dataset>/<vintage>/headline_comparison.csv from every stage's headline rows."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics.headlines import combine
from ailabor.provenance import write_csv
from ailabor.workflow import run


def main(smk):
    write_csv(combine([pd.read_csv(f) for f in smk.input]), smk.output[0])


run(main, snakemake)  # noqa: F821
