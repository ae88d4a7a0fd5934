"""Write the synthetic raw files (mirror layout) and publish the planted truth."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.intake.sources import RawFile
from ailabor.provenance import write_json_atomic, write_parquet
from ailabor.synthetic import SyntheticSpec, generate
from ailabor.workflow import provenance_args, run


def main(smk):
    spec = SyntheticSpec(**smk.params.spec)
    truth = generate(spec, smk.params.out_dir, [RawFile(**f) for f in smk.params.files])
    prov = provenance_args(smk)
    for table, path in zip(smk.params.truth_tables, smk.output.truth, strict=True):
        write_parquet(getattr(truth, table), path, **prov)
    write_json_atomic(smk.output.planted, truth.parameters)


run(main, snakemake)  # noqa: F821
