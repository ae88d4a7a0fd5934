"""A-R static model: reference equilibria, comparative statics (closed forms and finite
differences), the §6 wage formulas next to the seed's heuristic, the skill extension."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

from ailabor.ge.ar import P0, figures, outputs
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.ar_static")


def main(smk):
    p = P0.with_(**smk.params.params)
    eqs, statics = outputs.static_table(p)
    write_csv(eqs, smk.output.equilibria)
    write_csv(statics, smk.output.statics)
    log.info(
        "reference equilibria:\n%s",
        eqs[["case", "I", "I_star", "I_tilde", "W", "r", "Y", "labour_share", "constrained"]].to_string(index=False),
    )
    log.info(
        "comparative statics: %d closed forms against finite differences, largest absolute error %.3g",
        len(statics),
        statics["abs_error"].max(),
    )
    formulas = outputs.wage_formula_table()
    write_csv(formulas, smk.output.formulas)
    log.info("wage formulas:\n%s", formulas.to_string(index=False))
    skills = outputs.skills_table(p, smk.params.n0, 0.8)
    write_csv(skills, smk.output.skills)
    figures.static_allocation(outputs.figure_allocation(p), smk.output.figure)


run(main, snakemake)  # noqa: F821
