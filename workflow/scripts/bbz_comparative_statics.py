"""Closed-form comparative statics of Models 1-4 next to finite differences of the models."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

from ailabor.ge.bbz.analytics import table
from ailabor.ge.bbz.params import Params
from ailabor.provenance import write_csv
from ailabor.workflow import run


def main(smk):
    t = table(Params().with_(**smk.params.base_overrides))
    write_csv(t, smk.output[0])
    print(t.to_string(index=False))
    print(f"largest absolute error {t['abs_error'].max():.3g}")


run(main, snakemake)  # noqa: F821
