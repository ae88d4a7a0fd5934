"""Download one official archive (an O*NET release zip, an OEWS year zip)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.intake.acquire import DownloadSettings, RawManifest, acquire_archive
from ailabor.workflow import run


def main(smk):
    p = smk.params
    acquire_archive(p.url, smk.output[0], RawManifest(p.manifest), DownloadSettings.from_config(p.download), p.sha256)


run(main, snakemake)  # noqa: F821
