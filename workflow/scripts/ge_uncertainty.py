"""Bands (5/50/95%) of the GE paths over the uncertainty draws, the central path and the check
that the bands contain it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import uncertainty as U
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    u = smk.params.uncertainty
    draws = pd.concat([pd.read_parquet(f) for f in smk.input.draws], ignore_index=True).sort_values(["draw", "scenario"], kind="stable")
    paths = pd.concat([pd.read_parquet(f) for f in smk.input.paths], ignore_index=True)
    frames = {Path(f).stem: pd.read_parquet(f) for f in [*smk.input.measures, smk.input.primary]}
    ranges, cut = U.feasible_ranges(smk.params.ranges, smk.params.solver["ar"])
    spec = U.Spec(seed=u["seed"], measures=U.candidate_measures({k: v for k, v in frames.items() if k in {Path(f).stem for f in smk.input.measures}},
                                                                smk.params.listed), ranges=ranges)
    if sorted(draws["draw"].unique()) != list(range(u["draws"])):
        raise U.ModelError(f"GE uncertainty: the chunks hold draws {sorted(draws['draw'].unique())[:5]}..., expected 0..{u['draws'] - 1}")
    scen = U.scenario_phis(smk.input.shock, smk.params.scenarios)
    cen_rows, cen = U.central(frames, smk.params.primary, scen, smk.params.solver["ar"], smk.params.solver["bbz"], spec.t_grid,
                              inputs=U.central_inputs(draws, spec))
    bnd = U.bands(paths)
    cont = U.containment(bnd, cen, paths=paths)
    summ = U.summary_table(draws)
    write_parquet(draws, smk.output.draws, **provenance_args(smk, spec_mode="corrected"))
    write_csv(bnd, smk.output.bands)
    write_csv(cen.merge(cen_rows[["scenario", "D"]], on="scenario"), smk.output.central)
    write_csv(cont, smk.output.containment)
    write_csv(U.with_central(summ, cen_rows), smk.output.summary)
    with pd.option_context("display.width", 200):
        print(cont.to_string(index=False))
    labels = {s["scenario"]: s["label"] for s in scen}
    for s, out in zip(smk.params.scenarios, smk.output.figures):
        U.figure(s, labels[s], bnd, cen, draws, out, sources=U.sources_note(spec, smk.params.primary, cut))


run(main, snakemake)  # noqa: F821
