"""Corrected estimation for one exposure measure: event study and dose response on the
harmonised panel (linearmodels PanelOLS), pre-trend tests, the event study's coefficient
covariances (for the Rambachan-Roth rule), the three-window identity and quartile regression
on the 2022-2024 sample, and the corrected usage-wage PPML."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.econometrics import corrected, event_study, ppml
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    p = smk.params
    panel = pd.read_parquet(smk.input.panel)
    measure = pd.read_parquet(smk.input.measure)
    base_emp = event_study.unit_exposure(panel["unit_code"], measure.assign(exposure=measure["employment"]))
    coefs, tests, vcovs = [], [], []
    for label, date in p.dates.items():
        for outcome in p.outcomes:
            for weights in p.weights:
                for kind in ("event", "dose", "dose_wage_trends"):
                    if kind != "dose" and (label != p.primary_date or weights != "none"):
                        continue
                    rows, info = event_study.estimate(panel, measure, measure_name=p.measure, outcome=outcome, date=date, date_label=label, weights=weights, kind=kind, base_employment=base_emp)
                    coefs.append(rows)
                    if kind == "event":
                        vcovs.append(event_study.vcov_table(info, {"measure": p.measure, "date": label, "outcome": outcome, "weights": weights}))
                    for cluster, t in info["pretrend"].items():
                        tests.append({"measure": p.measure, "date": label, "outcome": outcome, "weights": weights, "cluster_var": cluster, **t})
    coefs = pd.concat(coefs, ignore_index=True)
    prov = provenance_args(smk, spec_mode="corrected")
    write_parquet(coefs, smk.output.event, **prov)
    write_csv(coefs, smk.output.event_csv)
    write_csv(pd.DataFrame(tests), smk.output.pretrend)
    write_parquet(pd.concat(vcovs, ignore_index=True), smk.output.vcov, **prov)
    years = sorted(panel["year"].unique())
    windows = []
    if {2022, 2023, 2024} <= set(years):
        e = event_study.unit_exposure(panel["unit_code"], measure)
        wide = corrected.wide_from_panel(panel, e, (2022, 2023, 2024))
        unit = "harmonised occupation (complete 2022-2024)"
        windows = [
            corrected.three_windows(wide, "exposure", (2022, 2023, 2024), spec_mode="corrected", measure=p.measure, unit=unit),
            corrected.quartile_regression(wide, "exposure", spec_mode="corrected", measure=p.measure, unit=unit),
            corrected.pre_difference(wide, "exposure", spec_mode="corrected", measure=p.measure, unit=unit),
        ]
    windows = pd.concat(windows, ignore_index=True) if windows else pd.DataFrame()
    write_csv(windows, smk.output.windows)
    xo = pd.read_parquet(smk.input.exposure_oews)
    tasks = xo[xo["variant"] == p.task_count_variant][["oews_code", "n_rated_tasks"]]
    soc = ppml.soc_table(pd.read_parquet(smk.input.crosswalk), pd.read_parquet(smk.input.mapping), pd.read_parquet(smk.input.base), measure.merge(tasks, on="oews_code"), pd.read_parquet(smk.input.job_zones))
    pp = ppml.models(soc, pd.read_parquet(smk.input.task_credits), pd.read_parquet(smk.input.mapping), measure=p.measure)
    write_parquet(pp, smk.output.ppml, **prov)
    write_csv(pp, smk.output.ppml_csv)
    steps = ppml.stepwise(soc, measure=p.measure)
    write_parquet(steps, smk.output.ppml_stepwise, **prov)
    write_csv(steps, smk.output.ppml_stepwise_csv)
    dose = coefs[(coefs["model"] == "dose response") & (coefs["cluster_var"] == "major_group") & (coefs["weights"] == "none")]
    print(dose[["specification", "outcome", "estimate", "se", "p_value", "n"]].to_string(index=False))


run(main, snakemake)  # noqa: F821
