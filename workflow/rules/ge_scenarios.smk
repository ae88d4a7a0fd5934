# GE scenarios driven by measured exposure: every calibration shock (exposure measure x
# scenario, and the seed's legacy shock) mapped to an A-R automation shock and a BBZ robot
# shock (mapping in ailabor.ge.scenarios), one job per shock and model (ge_scenario_model) and
# one per shock for its summary, figure and tornado (ge_scenario); the response
# curves of both models against D (one job per model); the uncertainty carried from the data to
# the paths (one job per chunk of seeded draws).

GES = f"{RESULTS}/ge/scenarios"
GER = f"{RESULTS}/ge/response"
GEU = f"{RESULTS}/ge/uncertainty"
GES_CFG = config["ge"]["scenarios"]
GES_MEASURES = [m for m in MEASURES if GES_CFG["measures"] is None or m in GES_CFG["measures"]]
GES_SCENARIOS = [
    s["name"] for s in CAL_CFG["scenarios"] if GES_CFG["scenarios"] is None or s["name"] in GES_CFG["scenarios"]
]
GES_PAIRS = [(m, s) for m in GES_MEASURES for s in GES_SCENARIOS]
if GES_CFG["legacy"] and CAL_LEGACY:
    GES_PAIRS.append(("legacy", "legacy"))
GES_ON = stage_on("ge_scenarios") and stage_on("calibration") and bool(GES_PAIRS)
GES_SOLVER = {
    "ar": {
        "params": config["ge"]["ar"]["params"],
        "n0": GES_CFG["ar_n0"],
        "cost_saving": CAL_CFG["acemoglu_restrepo"]["cost_saving"],
        "ai_productivity": GES_CFG["ar_ai_productivity"],
        **{k: config["ge"]["ar"][k] for k in ("horizon", "horizon_report", "step_report")},
    },
    "bbz": {
        "model": GES_CFG["bbz_model"],
        "split": GES_CFG["bbz_split"],
        "method": GES_CFG["bbz_method"],
        "params": {**config["ge"]["bbz"]["base_overrides"], **GES_CFG["bbz_params"]},
        "horizon": GES_CFG["bbz_horizon"],
        "dt": GES_CFG["bbz_dt"],
        **{k: config["ge"]["bbz"][k] for k in ("worker_rho", "nl_tol")},
    },
}
_ges_sigma = GES_CFG["sensitivity"].get("ar_sigma") or (CAL_CFG.get("sensitivity", {}).get("ranges") or {}).get("sigma")
if "ar_sigma" in GES_CFG["sensitivity"] and _ges_sigma is None:
    raise WorkflowError(
        str(
            ConfigError(
                "ge.scenarios.sensitivity.ar_sigma is null and calibration.sensitivity.ranges has no "
                "sigma to take it from: give ge.scenarios.sensitivity.ar_sigma as [low, high], add "
                "calibration.sensitivity.ranges.sigma, or remove the ar_sigma key (no tornado bar)"
            )
        )
    )
GES_SENSITIVITY = {k: v for k, v in GES_CFG["sensitivity"].items() if k != "ar_sigma"} | (
    {"ar_sigma": _ges_sigma} if _ges_sigma is not None else {}
)
GEU_CFG = GES_CFG["uncertainty"]
GEU_SCENARIOS = GEU_CFG["scenarios"] or [CAL_CFG["primary_scenario"]]
GEU_MEASURES = GEU_CFG["measures"] or MEASURES
_geu_unknown = [m for m in GEU_MEASURES if m not in MEASURES]
if _geu_unknown:
    raise WorkflowError(
        str(
            ConfigError(
                f"ge.scenarios.uncertainty.measures lists {_geu_unknown}, which exposure.measures "
                f"{MEASURES} does not build; add them to exposure.measures or drop them"
            )
        )
    )
_cal_ranges = CAL_CFG.get("sensitivity", {}).get("ranges") or {}
GEU_RANGES = {k: _cal_ranges[k] for k in ("sigma", "cost_saving") if k in _cal_ranges}
GE_MODELS = ["ar", "bbz"]


wildcard_constraints:
    gemodel="|".join(GE_MODELS),


# Tables and summaries that read a few small files and write a few kilobytes run as localrules:
# on a cluster the submitting host runs them at once instead of queueing a job for each.
localrules:
    ge_scenarios_tables,


rule ge_scenario_model:
    """One model of one exposure-driven GE scenario (measure x calibration scenario, or the seed's
    legacy shock): the A-R automation shock or the BBZ robot shock it maps to, its path, outcome
    and tornado rows. One job per model, so a setting of one model reruns only that model."""
    input:
        # the calibration shock of one exposure measure, or the seed's legacy shock
        shock=lambda w: (
            rules.calibration_legacy.output.shock
            if w.measure == "legacy"
            else one(rules.calibration_shock.output[0], measure=w.measure)
        ),
    output:
        path=f"{GES}/{{measure}}/{{scenario}}/{{gemodel}}_path.parquet",
        outcome=f"{GES}/{{measure}}/{{scenario}}/{{gemodel}}_outcome.json",
    log:
        logs("ge/scenarios/{measure}_{scenario}_{gemodel}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=20,
    params:
        solver=lambda w: GES_SOLVER[w.gemodel],
        # the tornado ranges of this model only (ar_* or bbz_*)
        sensitivity=lambda w: {k: v for k, v in GES_SENSITIVITY.items() if k.split("_", 1)[0] == w.gemodel},
        code=code("ge_scenario_model.py"),
    message:
        "GE scenario {wildcards.measure} / {wildcards.scenario}: {wildcards.gemodel} shock, path and tornado runs"
    run:
        script_job("ge_scenario_model.py", locals())


rule ge_scenario:
    """One exposure-driven GE scenario from its two model jobs: the summary of both models, the
    scenario's figure and the tornado of its headline numbers."""
    input:
        shock=lambda w: (
            rules.calibration_legacy.output.shock
            if w.measure == "legacy"
            else one(rules.calibration_shock.output[0], measure=w.measure)
        ),
        ar=lambda w: one(rules.ge_scenario_model.output.path, measure=w.measure, scenario=w.scenario, gemodel="ar"),
        bbz=lambda w: one(rules.ge_scenario_model.output.path, measure=w.measure, scenario=w.scenario, gemodel="bbz"),
        ar_outcome=lambda w: one(
            rules.ge_scenario_model.output.outcome, measure=w.measure, scenario=w.scenario, gemodel="ar"
        ),
        bbz_outcome=lambda w: one(
            rules.ge_scenario_model.output.outcome, measure=w.measure, scenario=w.scenario, gemodel="bbz"
        ),
    output:
        summary=f"{GES}/{{measure}}/{{scenario}}/summary.json",
        tornado=f"{GES}/{{measure}}/{{scenario}}/tornado.csv",
        figure=rep(
            figure("ge_scenario_{measure}_{scenario}.png"),
            "ge_scenario",
            "8. GE scenarios from measured exposure",
            "{measure}",
        ),
        figure_pdf=figure("ge_scenario_{measure}_{scenario}.pdf"),
        tornado_figure=rep(
            figure("ge_tornado_{measure}_{scenario}.png"),
            "ge_tornado",
            "8. GE scenarios from measured exposure",
            "{measure}",
        ),
        tornado_figure_pdf=figure("ge_tornado_{measure}_{scenario}.pdf"),
    log:
        logs("ge/scenarios/{measure}_{scenario}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        horizon=GES_SOLVER["ar"]["horizon_report"],
        # every tornado range, for the order of the table's rows and the check of their names
        sensitivity=GES_SENSITIVITY,
        code=code("ge_scenario.py"),
    message:
        "GE scenario {wildcards.measure} / {wildcards.scenario}: both models' summary, figure and tornado"
    run:
        script_job("ge_scenario.py", locals())


rule ge_scenarios_table:
    """Every GE scenario in one summary table and the overview figure."""
    input:
        summaries=[one(rules.ge_scenario.output.summary, measure=m, scenario=s) for m, s in GES_PAIRS],
        ar=[one(rules.ge_scenario_model.output.path, measure=m, scenario=s, gemodel="ar") for m, s in GES_PAIRS],
        bbz=[one(rules.ge_scenario_model.output.path, measure=m, scenario=s, gemodel="bbz") for m, s in GES_PAIRS],
    output:
        table=f"{GES}/summary.parquet",
        csv=rep(
            f"{GES}/summary.csv",
            "ge_scenarios_table",
            "8. GE scenarios from measured exposure",
            "overview",
        ),
        figure=rep(
            figure("ge_scenarios_overview.png"),
            "ge_scenarios_overview",
            "8. GE scenarios from measured exposure",
            "overview",
        ),
        figure_pdf=figure("ge_scenarios_overview.pdf"),
    log:
        logs("ge/scenarios/summary"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        horizon=config["ge"]["ar"]["horizon_report"],
        code=code("ge_scenarios_table.py"),
    message:
        "GE scenarios: summary table and overview figure"
    run:
        script_job("ge_scenarios_table.py", locals())


rule ge_scenarios_tables:
    """Paper tables of the GE scenarios (HTML, markdown, LaTeX): each scenario in the task
    model and in the robot model."""
    input:
        summary=rules.ge_scenarios_table.output.csv,
    output:
        html=rep(
            f"{GES}/tables.html",
            "ge_scenarios_tables",
            "8. GE scenarios from measured exposure",
            "overview",
        ),
        md=f"{GES}/tables.md",
        tex=f"{GES}/tables.tex",
    log:
        logs("ge/scenarios/tables"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        kind="ge_scenarios",
        title="GE scenarios from measured exposure",
        intro=f"Both GE models driven by the measured exposure ({DATASET} data). Every number is read from the output file named under each table.",
        prefix="ge-scenarios",
        code=code("paper_tables.py"),
    message:
        "Paper tables of the GE scenarios"
    run:
        script_job("paper_tables.py", locals())


rule ge_response_curve:
    """The response curve of one GE model (A-R or BBZ) against the displacement share D, with
    its flat and empty regions."""
    output:
        curve=f"{GER}/{{gemodel}}.parquet",
        regions=f"{GER}/{{gemodel}}_regions.csv",
    log:
        logs("ge/response/{gemodel}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=30,
    params:
        solver=lambda w: GES_SOLVER[w.gemodel],
        grid=GES_CFG["response"],
        code=code("ge_response_curve.py"),
    message:
        "GE response curve of the {wildcards.gemodel} model against the displacement share D"
    run:
        script_job("ge_response_curve.py", locals())


rule ge_response:
    """Both response curves in one table, their regions, where each measured scenario falls
    on them (mapping), and the figure."""
    input:
        curves=expand(rules.ge_response_curve.output.curve, gemodel=GE_MODELS),
        regions=expand(rules.ge_response_curve.output.regions, gemodel=GE_MODELS),
        scenarios=rules.ge_scenarios_table.output.table,
    output:
        curves=rep(
            f"{GER}/curves.csv",
            "ge_response_table",
            "8. GE scenarios from measured exposure",
            "response curves",
        ),
        regions=f"{GER}/regions.csv",
        mapping=f"{GER}/mapping.csv",
        figure=rep(
            figure("ge_response_curves.png"),
            "ge_response_curves",
            "8. GE scenarios from measured exposure",
            "response curves",
        ),
        figure_pdf=figure("ge_response_curves.pdf"),
    log:
        logs("ge/response/summary"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        solver=GES_SOLVER,
        code=code("ge_response.py"),
    message:
        "GE response curves: table, flat and empty regions, figure"
    run:
        script_job("ge_response.py", locals())


rule ge_uncertainty_chunk:
    """One chunk of seeded draws (exposure measure, bootstrap of occupations, sigma and cost
    saving) carried through both GE models."""
    input:
        measures=[MEASURE_FILES[m] for m in GEU_MEASURES],
        shock=PRIMARY_SHOCK,
    output:
        draws=f"{GEU}/chunks/draws_{{chunk}}.parquet",
        paths=f"{GEU}/chunks/paths_{{chunk}}.parquet",
    log:
        logs("ge/uncertainty/chunk_{chunk}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=60,
    params:
        solver=GES_SOLVER,
        uncertainty=GEU_CFG,
        scenarios=GEU_SCENARIOS,
        ranges=GEU_RANGES,
        listed=GEU_CFG["measures"],
        code=code("ge_uncertainty_chunk.py"),
    message:
        "GE uncertainty: draws of chunk {wildcards.chunk} through both models"
    run:
        script_job("ge_uncertainty_chunk.py", locals())


rule ge_uncertainty:
    """The uncertainty draws gathered: bands of the wage, labour-share and output paths, the
    central path, containment checks, summary and one figure per scenario."""
    input:
        draws=expand(rules.ge_uncertainty_chunk.output.draws, chunk=range(GEU_CFG["chunks"])),
        paths=expand(rules.ge_uncertainty_chunk.output.paths, chunk=range(GEU_CFG["chunks"])),
        measures=[MEASURE_FILES[m] for m in GEU_MEASURES],
        primary=MEASURE_FILES[PRIMARY_MEASURE],
        shock=PRIMARY_SHOCK,
    output:
        draws=f"{GEU}/draws.parquet",
        bands=f"{GEU}/bands.csv",
        central=f"{GEU}/central.csv",
        containment=f"{GEU}/containment.csv",
        summary=rep(
            f"{GEU}/summary.csv",
            "ge_uncertainty_table",
            "8. GE scenarios from measured exposure",
            "uncertainty",
        ),
        figures=[
            rep(
                figure(f"ge_uncertainty_{s}.png"),
                "ge_uncertainty",
                "8. GE scenarios from measured exposure",
                "uncertainty",
            )
            for s in GEU_SCENARIOS
        ],
        figures_pdf=[figure(f"ge_uncertainty_{s}.pdf") for s in GEU_SCENARIOS],
    log:
        logs("ge/uncertainty/summary"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        solver=GES_SOLVER,
        uncertainty=GEU_CFG,
        scenarios=GEU_SCENARIOS,
        ranges=GEU_RANGES,
        listed=GEU_CFG["measures"],
        primary=PRIMARY_MEASURE,
        code=code("ge_uncertainty.py"),
    message:
        "GE uncertainty: bands of the wage, labour-share and output paths"
    run:
        script_job("ge_uncertainty.py", locals())
