"""One GE scenario: the calibration shock's displacement share through the A-R task model and
the BBZ robot model (mapping in ailabor.ge.scenarios), and the tornado of its headline numbers."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.ge import scenarios as S
from ailabor.ge import tornado as T
from ailabor.ge.json_summary import json_ready
from ailabor.provenance import write_csv, write_json_atomic, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    shock_file = smk.input.shock
    rows = [sc for sc in S.scenarios_from_shock(pd.read_parquet(shock_file), shock_file) if sc.scenario == smk.wildcards.scenario]
    if not rows:
        raise S.ModelError(f"{shock_file}: no row with scenario == {smk.wildcards.scenario!r} (column scenario)")
    sc = rows[0]
    solver = smk.params.solver
    print(f"{sc.label}: displacement share D = {sc.D:.4f} (wage-weighted exposure {sc.exposure_wage:.4f})")
    setup = S.ar_setup(solver["ar"])
    ar_path, ar = S.run_ar(sc, solver["ar"], setup)
    m = ar["mapping"]
    print(f"  A-R: n0 {m['n0']:.4f} (cost saving {m['cost_saving']:.3f}), band dI = {m['dI']:.4f} (check D {m['check_D']:.6f}); "
          f"wage impact {ar['impact_dlnW']:+.4f}, long run {ar['lr_dlnW']:+.4f} log points; {100 * ar['band_adopted_impact']:.1f}% of the "
          f"measured tasks automated on impact; converged {ar['converged']}")
    bbz_path, bbz = S.run_bbz(sc, solver["bbz"])
    bm = bbz["mapping"]
    print(f"  BBZ Model {bm['model']}: share competing with robots {bm.get('share_L1', float('nan')):.4f}, robot productivity x{bm['productivity_factor']:.3f}; "
          f"status {bbz['status']}")
    if bbz["status"] == "failed":
        print(f"       {bbz['message']}")
    else:
        print(f"       wage trough {bbz['wage_trough_pct']:+.3f}% at {bbz['wage_trough_year']:.2f} y, long run {bbz['long_run']['w_pct']:+.3f}%")
    prov = provenance_args(smk, spec_mode="corrected" if not sc.legacy_units else "legacy")
    write_parquet(ar_path, smk.output.ar, **prov)
    write_parquet(bbz_path, smk.output.bbz, **prov)
    row = S.summary_row(sc, ar, bbz)
    summary = dict(measure=sc.measure, scenario=sc.scenario, label=sc.label, D=sc.D, exposure_wage=sc.exposure_wage,
                   legacy_units=sc.legacy_units, ar=ar, bbz=bbz, row=row)
    write_json_atomic(smk.output.summary, json_ready(summary))
    S.figure(sc, ar_path, ar, bbz_path, bbz, smk.output.figure, horizon=solver["ar"]["horizon_report"])
    tab = T.tornado(sc, row, solver["ar"], solver["bbz"], smk.params.sensitivity)
    write_csv(tab, smk.output.tornado)
    with pd.option_context("display.width", 200):
        print(tab[["model", "parameter", "headline", "low_value", "high_value", "baseline", "low", "high", "status_low", "status_high"]].to_string(index=False))
    T.figure(tab, smk.output.tornado_figure, f"What moves the headline numbers of one scenario: {S.plain_label(sc.label)} (D = {100 * sc.D:.1f}%)",
             note=T.note(setup, solver["bbz"], smk.params.sensitivity))


run(main, snakemake)  # noqa: F821
