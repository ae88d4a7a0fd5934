"""One exposure measure per OEWS code for the downstream models (exposure wildcard)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure import external
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

COLUMNS = ["oews_code", "oews_title", "exposure", "exposure_raw", "employment", "a_mean", "wage_bill", "measure", "scale"]


def main(smk):
    p = smk.params
    base = pd.read_parquet(smk.input.base)
    mapping = pd.read_parquet(smk.input.mapping)
    if p.kind == "variant":
        d = pd.read_parquet(smk.input.oews)
        d = d[d["variant"] == p.measure].assign(exposure_raw=lambda x: x["exposure"], scale="share")
    elif p.kind == "eloundou":
        d = external.eloundou(pd.read_parquet(smk.input.index), mapping, base)
    elif p.kind == "felten_aioe":
        d = external.felten(pd.read_parquet(smk.input.index), pd.read_parquet(smk.input.crosswalk), mapping, base)
    else:
        d = external.user_measure(pd.read_csv(smk.input.user, dtype={p.user["code_column"]: str}), p.user["code_column"], p.user["value_column"], mapping, base, smk.input.user)
    d = d.assign(measure=p.measure)[COLUMNS].sort_values("oews_code").reset_index(drop=True)
    write_parquet(d, smk.output[0], **provenance_args(smk, spec_mode="corrected"))
    print(f"{p.measure}: {len(d)} OEWS codes, mean exposure {d['exposure'].mean():.4f}")


run(main, snakemake)  # noqa: F821
