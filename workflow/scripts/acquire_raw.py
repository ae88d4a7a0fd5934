"""Bring one raw file into the raw cache: link it from the mirror, extract it from its
downloaded archive, or download it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.intake.acquire import DownloadSettings, acquire_file, read_mirror_manifest
from ailabor.workflow import run


def main(smk):
    p = smk.params
    acquire_file(
        p.file,
        smk.output[0],
        DownloadSettings.from_config(p.download),
        mirror=p.mirror,
        mirror_sums=read_mirror_manifest(p.mirror_manifest),
        archive=smk.input.get("archive"),
    )


run(main, snakemake)  # noqa: F821
