"""A-R balanced growth: w_I, w_N and the thresholds (Figure A2), n_D on a grid of
kappa_I/kappa_N (Figure 7, Corollary 2, Lemma A4), directed-technology dynamics."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import numpy as np

from ailabor.ge.ar import P0, figures, outputs
from ailabor.ge.ar.bgp_endo import value_curve_table
from ailabor.ge.ar.longrun import wage_threshold_table
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    p = P0.with_(**smk.params.params)
    g, q_grid = smk.params.g, smk.params.q_grid
    prov = provenance_args(smk, spec_mode="n/a")
    bgp = outputs.bgp_table(p, q_grid, g)
    write_csv(bgp, smk.output.bgp)
    print(bgp.to_string(index=False))
    thresholds = wage_threshold_table(p, g, np.linspace(0.02, 1.0, 99))
    write_parquet(thresholds, smk.output.thresholds, **prov)
    figures.wage_thresholds(thresholds, smk.output.fig_thresholds)
    q, nd = outputs.stable_interior(bgp)  # Figure 7 and the technology dynamics are drawn there
    curves = value_curve_table(p, q, 0.0, np.linspace(thresholds.attrs["n_bar"] or 0.02, 1.0, 80))
    write_parquet(curves, smk.output.values, **prov)
    figures.value_curves(curves, smk.output.fig_values)
    tp = p.with_(kappa_I=q * p.kappa_N)
    paths = outputs.technology_paths(tp, nd)
    write_parquet(paths, smk.output.technology, **prov)
    outputs.technology_figure(paths, nd, smk.output.fig_technology)
    print(f"directed technology at q = {q:g}: n_D = {nd:.4f}; paths from {paths['start'].unique().tolist()}")


run(main, snakemake)  # noqa: F821
