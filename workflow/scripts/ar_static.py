"""A-R static model: reference equilibria, comparative statics (closed forms and finite
differences), the §6 wage formulas next to the seed's heuristic, the skill extension."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

from ailabor.ge.ar import P0, figures, outputs, static
from ailabor.provenance import write_csv
from ailabor.workflow import run


def main(smk):
    p = P0.with_(**smk.params.params)
    eqs, statics = outputs.static_table(p)
    write_csv(eqs, smk.output.equilibria)
    write_csv(statics, smk.output.statics)
    print(eqs[["case", "I", "I_star", "I_tilde", "W", "r", "Y", "labour_share", "constrained"]].to_string(index=False))
    print(f"comparative statics: {len(statics)} closed forms against finite differences, largest absolute error {statics['abs_error'].max():.3g}")
    formulas = outputs.wage_formula_table()
    write_csv(formulas, smk.output.formulas)
    print(formulas.to_string(index=False))
    skills = outputs.skills_table(p, smk.params.n0, 0.8)
    write_csv(skills, smk.output.skills)
    kw, I, N, K = outputs.CASES["case c (sigma .7, zeta .2, eta .3, psi .5)"]
    figures.static_allocation(static.allocation_table(p.with_(**kw), I, N, K), smk.output.figure)


run(main, snakemake)  # noqa: F821
