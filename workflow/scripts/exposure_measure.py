"""One exposure measure per OEWS code for the downstream models (exposure wildcard)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure.external import measure_table
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.exposure_measure")


def main(smk):
    p, i = smk.params, smk.input

    def opt(name):
        return pd.read_parquet(i[name]) if name in i.keys() else None

    user = {}
    if "user" in i.keys():
        cols = (p.user["code_column"], p.user["value_column"])
        user = dict(user=pd.read_csv(i.user, dtype={cols[0]: str}), user_columns=cols, user_path=i.user)
    d = measure_table(
        p.kind,
        p.measure,
        pd.read_parquet(i.mapping),
        pd.read_parquet(i.base),
        variants=opt("oews"),
        index=opt("index"),
        soc_crosswalk=opt("crosswalk"),
        **user,
    )
    write_parquet(d, smk.output[0], **provenance_args(smk, spec_mode="corrected"))
    log.info("%s: %d OEWS codes, mean exposure %.4f", p.measure, len(d), d["exposure"].mean())


run(main, snakemake)  # noqa: F821
