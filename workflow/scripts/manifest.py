"""Write results/<dataset>/<vintage>/manifest.json."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

from ailabor import __version__
from ailabor.provenance import write_manifest
from ailabor.workflow import run


def main(smk):
    header = {"pipeline_version": __version__, "dataset": smk.params.dataset, "vintage": smk.params.vintage}
    m = write_manifest(list(smk.input), smk.output[0], header=header)
    for entry in m["outputs"]:
        print(f"{entry['sha256'][:12]}  {entry['bytes']:>10}  {entry['path']}")


run(main, snakemake)  # noqa: F821
