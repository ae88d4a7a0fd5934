"""Table of calibration parameters: value, sensitivity range and source (ISSUE-13, -33)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration.models import PARAMS, SOURCES, ModelConfig
from ailabor.provenance import write_csv
from ailabor.workflow import run


def main(smk):
    mc = ModelConfig.from_config(smk.params.models)
    primary = next(s for s in smk.params.scenarios if s["name"] == smk.params.primary_scenario)
    values = dict(omega0=smk.params.omega0, theta=primary["theta"], phi_feasible=primary["phi_feasible"], phi_adopted=primary["phi_adopted"],
                  sigma=mc.sigma, cost_saving=mc.cost_saving, c_w=mc.c_w, c_pi=mc.c_pi, s_pi=mc.s_pi, s_w=mc.s_w,
                  accumulation_rate=mc.accumulation_rate, v=mc.v, g_u=mc.g_u, g_pi=mc.g_pi, u0=mc.u0)
    rows = []
    for name, source in SOURCES.items():
        lo, hi = smk.params.ranges.get(name, (None, None))
        rows.append(dict(parameter=name, value=values.get(name), low=lo, high=hi, models=", ".join(m for m, ps in PARAMS.items() if name in ps), source=source))
    rows.append(dict(parameter="sigma_grid", value=" ".join(f"{s:g}" for s in mc.sigma_grid), low=None, high=None, models="acemoglu_restrepo", source=SOURCES["sigma"]))
    for s in smk.params.scenarios:
        rows.append(dict(parameter=f"scenario {s['name']}", value=f"phi_feasible {s['phi_feasible']}, phi_adopted {s['phi_adopted']}, theta {s['theta']}", low=None, high=None, models="all", source="calibration.scenarios"))
    write_csv(pd.DataFrame(rows), smk.output[0])


run(main, snakemake)  # noqa: F821
