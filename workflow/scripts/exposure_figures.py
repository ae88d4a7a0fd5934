"""Exposure distribution and top occupations, per measure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure.figures import coverage, distribution, top_occupations
from ailabor.workflow import run


def main(smk):
    oews = pd.read_parquet(smk.input.oews)
    panels = {}
    if smk.input.get("legacy"):
        leg = pd.read_parquet(smk.input.legacy)
        panels["legacy"] = pd.DataFrame({"oews_code": leg["onet_soc_code"], "oews_title": leg["onet_occupation_title"], "exposure": leg["ai_exposure"], "employment": leg["TOT_EMP"]})
    for v in smk.params.variants:
        panels[v] = oews[oews["variant"] == v]
    distribution(panels, smk.output.distribution, smk.params.note)
    top_occupations(panels, smk.output.top, smk.params.note)
    coverage(pd.read_csv(smk.input.coverage), smk.output.coverage, smk.params.note)


run(main, snakemake)  # noqa: F821
