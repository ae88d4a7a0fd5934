"""Write results/<dataset>/<vintage>/manifest.json."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor import __version__
from ailabor.provenance import write_manifest
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.manifest")


def main(smk):
    header = {"pipeline_version": __version__, "dataset": smk.params.dataset, "vintage": smk.params.vintage}
    m = write_manifest(list(smk.input), smk.output[0], header=header)
    log.info(
        "%d outputs:\n%s",
        len(m["outputs"]),
        "\n".join(f"{e['sha256'][:12]}  {e['bytes']:>10}  {e['path']}" for e in m["outputs"]),
    )


run(main, snakemake)  # noqa: F821
