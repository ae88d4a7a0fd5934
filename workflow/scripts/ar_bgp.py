"""A-R balanced growth: w_I, w_N and the thresholds (Figure A2), n_D on a grid of
kappa_I/kappa_N (Figure 7, Corollary 2, Lemma A4), directed-technology dynamics."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.ge.ar import P0, figures, outputs
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.ar_bgp")


def main(smk):
    p = P0.with_(**smk.params.params)
    t = outputs.bgp_tables(p, smk.params.q_grid, smk.params.g)
    prov = provenance_args(smk, spec_mode="n/a")
    write_csv(t.bgp, smk.output.bgp)
    write_parquet(t.thresholds, smk.output.thresholds, **prov)
    write_parquet(t.curves, smk.output.values, **prov)
    write_parquet(t.paths, smk.output.technology, **prov)
    figures.wage_thresholds(t.thresholds, smk.output.fig_thresholds)
    figures.value_curves(t.curves, smk.output.fig_values)
    outputs.technology_figure(t.paths, t.n_D, smk.output.fig_technology)
    log.info("balanced growth paths:\n%s", t.bgp.to_string(index=False))
    log.info("directed technology at q = %g: n_D = %.4f; paths from %s", t.q, t.n_D, t.paths["start"].unique().tolist())


run(main, snakemake)  # noqa: F821
