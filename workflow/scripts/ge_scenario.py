"""One GE scenario: the calibration shock's displacement share through the A-R task model and
the BBZ robot model (mapping rules in ailabor.ge.scenarios)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import scenarios as S
from ailabor.ge.bbz.io import json_ready
from ailabor.provenance import write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    shock_file = smk.input.shock
    rows = [sc for sc in S.scenarios_from_shock(pd.read_parquet(shock_file), shock_file) if sc.scenario == smk.wildcards.scenario]
    if not rows:
        raise S.ModelError(f"{shock_file}: no row with scenario == {smk.wildcards.scenario!r} (column scenario)")
    sc = rows[0]
    print(f"{sc.label}: displacement share D = {sc.D:.4f} (wage-weighted exposure {sc.exposure_wage:.4f})")
    ar_path, ar = S.run_ar(sc, smk.params.solver["ar"])
    m = ar["mapping"]
    print(f"  A-R: dI = {m['dI']:.4f} (n {m['n0']:.3f} -> {m['n1']:.3f}); wage impact {ar['impact_dlnW']:+.4f}, "
          f"long run {ar['lr_dlnW']:+.4f} log points; converged {ar['converged']}")
    bbz_path, bbz = S.run_bbz(sc, smk.params.solver["bbz"])
    print(f"  BBZ: robot productivity x{bbz['mapping']['productivity_factor']:.3f}; status {bbz['status']}")
    if bbz["status"] == "failed":
        print(f"       {bbz['message']}")
    else:
        print(f"       wage trough {bbz['wage_trough_pct']:+.3f}% at {bbz['wage_trough_year']:.2f} y, long run {bbz['long_run']['w_pct']:+.3f}%")
    prov = provenance_args(smk, spec_mode="corrected" if not sc.legacy_units else "legacy")
    write_parquet(ar_path, smk.output.ar, **prov)
    write_parquet(bbz_path, smk.output.bbz, **prov)
    summary = dict(measure=sc.measure, scenario=sc.scenario, label=sc.label, D=sc.D, exposure_wage=sc.exposure_wage,
                   legacy_units=sc.legacy_units, ar=ar, bbz=bbz, row=S.summary_row(sc, ar, bbz))
    write_json_atomic(smk.output.summary, json_ready(summary))
    S.figure(sc, ar_path, ar, bbz_path, bbz, smk.output.figure, horizon=smk.params.solver["ar"]["horizon_report"])


run(main, snakemake)  # noqa: F821
