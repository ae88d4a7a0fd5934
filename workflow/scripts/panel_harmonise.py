"""The long OEWS panel, the harmonised detailed panel, code changes, units and checks."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.panel import build, harmonise
from ailabor.panel.inputs import load_oews
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    oews = load_oews(smk.input.oews)
    prov = provenance_args(smk)
    write_parquet(build.long_panel(oews), smk.output.long, **prov)
    codes, units = harmonise.harmonise_codes(oews, pd.read_parquet(smk.input.crosswalk))
    panel = harmonise.harmonised_panel(oews, codes, units)
    checks = build.checks(oews, codes, panel)
    write_parquet(panel, smk.output.harmonised, **prov)
    write_parquet(codes, smk.output.codes, **prov)
    write_parquet(units, smk.output.units, **prov)
    changes = codes[codes["rule"] != "same"]
    write_csv(changes, smk.output.changes)
    write_csv(checks, smk.output.checks)
    print(checks.to_string(index=False))
    print(f"{len(changes)} code-years change under harmonisation: {changes['rule'].value_counts().to_dict()}")


run(main, snakemake)  # noqa: F821
