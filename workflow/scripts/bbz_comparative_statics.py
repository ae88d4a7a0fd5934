"""Closed-form comparative statics of Models 1-4 next to finite differences of the models."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.ge.bbz.analytics import table
from ailabor.ge.bbz.params import Params
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.bbz_comparative_statics")


def main(smk):
    t = table(Params().with_(**smk.params.base_overrides))
    write_csv(t, smk.output[0])
    log.info("closed forms against finite differences:\n%s", t.to_string(index=False))
    log.info("largest absolute error %.3g", t["abs_error"].max())


run(main, snakemake)  # noqa: F821
