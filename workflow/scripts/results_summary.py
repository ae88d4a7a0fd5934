"""The generated results summary (markdown) of this results tree."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.provenance import write_text_atomic
from ailabor.report.summary import build
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.results_summary")


def main(smk):
    inputs = {k: v for k, v in smk.input.items()}
    text = build(
        inputs,
        smk.params.root,
        dataset=smk.params.dataset,
        vintage=smk.params.vintage,
        vintages=smk.params.vintages,
        measure=smk.params.measure,
    )
    write_text_atomic(smk.output[0], text)
    log.info("results summary:\n%s", text)


run(main, snakemake)  # noqa: F821
