"""Event-study figure of one exposure measure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics.figures import primary_event_study
from ailabor.workflow import run


def main(smk):
    p = smk.params
    primary_event_study(
        pd.read_parquet(smk.input.event),
        p.primary_date,
        smk.output[0],
        title=(
            f"Wages and employment of more exposed occupations, before and after {p.primary_date_label} "
            f"({p.primary_date_value}); exposure: {p.label}"
        ),
        note=p.note,
    )


run(main, snakemake)  # noqa: F821
