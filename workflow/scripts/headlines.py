"""The seed README's headlines, legacy and corrected side by side."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import headlines
from ailabor.provenance import write_csv
from ailabor.workflow import run


def opt(smk, name):
    return pd.read_parquet(getattr(smk.input, name)) if name in smk.input.keys() else None


def main(smk):
    legacy = opt(smk, "legacy")
    corrected = opt(smk, "corrected")
    rows = headlines.estimation_rows(
        legacy[legacy["model"] == "DiD"] if legacy is not None else None,
        opt(smk, "oring"),
        corrected,
        opt(smk, "ppml"),
        opt(smk, "event"),
        smk.params.measure,
    )
    write_csv(rows, smk.output[0])
    print(rows[["headline", "legacy_value", "corrected_value"]].to_string(index=False))


run(main, snakemake)  # noqa: F821
