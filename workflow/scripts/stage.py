"""Stage one raw file into a typed, schema-checked parquet table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.intake.staging import stage
from ailabor.workflow import provenance_args, run


def main(smk):
    p = smk.params
    stage(
        p.kind,
        smk.input.raw,
        smk.output[0],
        manifest=p.manifest,
        provenance=provenance_args(smk),
        raw_files=p.raw_files,
        policy=p.policy,
        **p.options,
    )


run(main, snakemake)  # noqa: F821
