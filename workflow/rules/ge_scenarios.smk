# GE scenarios driven by measured exposure: every calibration shock (exposure measure x
# scenario, and the seed's legacy shock) mapped to an A-R automation shock and a BBZ robot
# shock (mapping in ailabor.ge.scenarios), one job per shock with its tornado; the response
# curves of both models against D (one job per model); the uncertainty carried from the data to
# the paths (one job per chunk of seeded draws).

GES = f"{RESULTS}/ge/scenarios"
GER = f"{RESULTS}/ge/response"
GEU = f"{RESULTS}/ge/uncertainty"
GES_CFG = config["ge"]["scenarios"]
GES_MEASURES = [
    m for m in MEASURES if GES_CFG["measures"] is None or m in GES_CFG["measures"]
]
GES_SCENARIOS = [
    s["name"]
    for s in CAL_CFG["scenarios"]
    if GES_CFG["scenarios"] is None or s["name"] in GES_CFG["scenarios"]
]
GES_PAIRS = [(m, s) for m in GES_MEASURES for s in GES_SCENARIOS]
if GES_CFG["legacy"] and CAL_LEGACY:
    GES_PAIRS.append(("legacy", "legacy"))
GES_ON = (
    config["stages"].get("ge_scenarios", True)
    and config["stages"].get("calibration", True)
    and bool(GES_PAIRS)
)
GES_SOLVER = {
    "ar": {
        "params": config["ge"]["ar"]["params"],
        "n0": GES_CFG["ar_n0"],
        "cost_saving": CAL_CFG["acemoglu_restrepo"]["cost_saving"],
        "ai_productivity": GES_CFG["ar_ai_productivity"],
        **{
            k: config["ge"]["ar"][k]
            for k in ("horizon", "horizon_report", "step_report")
        },
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
_ges_sigma = GES_CFG["sensitivity"].get("ar_sigma") or (
    CAL_CFG.get("sensitivity", {}).get("ranges") or {}
).get("sigma")
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
GES_SENSITIVITY = {
    k: v for k, v in GES_CFG["sensitivity"].items() if k != "ar_sigma"
} | ({"ar_sigma": _ges_sigma} if _ges_sigma is not None else {})
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

if GES_ON:
    for m, s in GES_PAIRS:
        OUTPUTS += [
            f"{GES}/{m}/{s}/ar_path.parquet",
            f"{GES}/{m}/{s}/bbz_path.parquet",
            f"{GES}/{m}/{s}/summary.json",
            f"{GES}/{m}/{s}/tornado.csv",
            f"{RESULTS}/figures/ge_scenario_{m}_{s}.png",
            f"{RESULTS}/figures/ge_tornado_{m}_{s}.png",
        ]
    OUTPUTS += [
        f"{GES}/summary.parquet",
        f"{GES}/summary.csv",
        f"{RESULTS}/figures/ge_scenarios_overview.png",
        f"{GER}/curves.csv",
        f"{GER}/regions.csv",
        f"{GER}/mapping.csv",
        f"{RESULTS}/figures/ge_response_curves.png",
        f"{GEU}/draws.parquet",
        f"{GEU}/bands.csv",
        f"{GEU}/central.csv",
        f"{GEU}/containment.csv",
        f"{GEU}/summary.csv",
    ]
    OUTPUTS += [f"{RESULTS}/figures/ge_uncertainty_{s}.png" for s in GEU_SCENARIOS]


wildcard_constraints:
    gemodel="|".join(GE_MODELS),


rule ge_scenario:
    input:
        shock=f"{CAL}/shocks/{{measure}}.parquet",
    output:
        ar=f"{GES}/{{measure}}/{{scenario}}/ar_path.parquet",
        bbz=f"{GES}/{{measure}}/{{scenario}}/bbz_path.parquet",
        summary=f"{GES}/{{measure}}/{{scenario}}/summary.json",
        tornado=f"{GES}/{{measure}}/{{scenario}}/tornado.csv",
        figure=rep(
            f"{RESULTS}/figures/ge_scenario_{{measure}}_{{scenario}}.png",
            "ge_scenario",
            "8. GE scenarios from measured exposure",
            "{measure}",
        ),
        tornado_figure=rep(
            f"{RESULTS}/figures/ge_tornado_{{measure}}_{{scenario}}.png",
            "ge_tornado",
            "8. GE scenarios from measured exposure",
            "{measure}",
        ),
    log:
        f"{LOGS}/ge/scenarios/{{measure}}_{{scenario}}.log",
    benchmark:
        f"{BENCH}/ge/scenarios/{{measure}}_{{scenario}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=20,
    params:
        solver=GES_SOLVER,
        sensitivity=GES_SENSITIVITY,
    message:
        "GE scenario {wildcards.measure} / {wildcards.scenario}: A-R and BBZ shocks and their tornado"
    script:
        "../scripts/ge_scenario.py"


rule ge_scenarios_table:
    input:
        summaries=[f"{GES}/{m}/{s}/summary.json" for m, s in GES_PAIRS],
        ar=[f"{GES}/{m}/{s}/ar_path.parquet" for m, s in GES_PAIRS],
        bbz=[f"{GES}/{m}/{s}/bbz_path.parquet" for m, s in GES_PAIRS],
    output:
        table=f"{GES}/summary.parquet",
        csv=rep(
            f"{GES}/summary.csv",
            "ge_scenarios_table",
            "8. GE scenarios from measured exposure",
            "overview",
        ),
        figure=rep(
            f"{RESULTS}/figures/ge_scenarios_overview.png",
            "ge_scenarios_overview",
            "8. GE scenarios from measured exposure",
            "overview",
        ),
    log:
        f"{LOGS}/ge/scenarios/summary.log",
    benchmark:
        f"{BENCH}/ge/scenarios/summary.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        horizon=config["ge"]["ar"]["horizon_report"],
    message:
        "GE scenarios: summary table and overview figure"
    script:
        "../scripts/ge_scenarios_table.py"


rule ge_response_curve:
    output:
        curve=f"{GER}/{{gemodel}}.parquet",
        regions=f"{GER}/{{gemodel}}_regions.csv",
    log:
        f"{LOGS}/ge/response/{{gemodel}}.log",
    benchmark:
        f"{BENCH}/ge/response/{{gemodel}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=30,
    params:
        solver=lambda w: GES_SOLVER[w.gemodel],
        grid=GES_CFG["response"],
    message:
        "GE response curve of the {wildcards.gemodel} model against the displacement share D"
    script:
        "../scripts/ge_response_curve.py"


rule ge_response:
    input:
        curves=expand(f"{GER}/{{gemodel}}.parquet", gemodel=GE_MODELS),
        regions=expand(f"{GER}/{{gemodel}}_regions.csv", gemodel=GE_MODELS),
        scenarios=f"{GES}/summary.parquet",
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
            f"{RESULTS}/figures/ge_response_curves.png",
            "ge_response_curves",
            "8. GE scenarios from measured exposure",
            "response curves",
        ),
    log:
        f"{LOGS}/ge/response/summary.log",
    benchmark:
        f"{BENCH}/ge/response/summary.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        solver=GES_SOLVER,
    message:
        "GE response curves: table, flat and empty regions, figure"
    script:
        "../scripts/ge_response.py"


rule ge_uncertainty_chunk:
    input:
        measures=expand(f"{EXPO}/measures/{{m}}.parquet", m=GEU_MEASURES),
        shock=f"{CAL}/shocks/{PRIMARY_MEASURE}.parquet",
    output:
        draws=f"{GEU}/chunks/draws_{{chunk}}.parquet",
        paths=f"{GEU}/chunks/paths_{{chunk}}.parquet",
    log:
        f"{LOGS}/ge/uncertainty/chunk_{{chunk}}.log",
    benchmark:
        f"{BENCH}/ge/uncertainty/chunk_{{chunk}}.tsv"
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
    message:
        "GE uncertainty: draws of chunk {wildcards.chunk} through both models"
    script:
        "../scripts/ge_uncertainty_chunk.py"


rule ge_uncertainty:
    input:
        draws=expand(f"{GEU}/chunks/draws_{{c}}.parquet", c=range(GEU_CFG["chunks"])),
        paths=expand(f"{GEU}/chunks/paths_{{c}}.parquet", c=range(GEU_CFG["chunks"])),
        measures=expand(f"{EXPO}/measures/{{m}}.parquet", m=GEU_MEASURES),
        primary=f"{EXPO}/measures/{PRIMARY_MEASURE}.parquet",
        shock=f"{CAL}/shocks/{PRIMARY_MEASURE}.parquet",
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
                f"{RESULTS}/figures/ge_uncertainty_{s}.png",
                "ge_uncertainty",
                "8. GE scenarios from measured exposure",
                "uncertainty",
            )
            for s in GEU_SCENARIOS
        ],
    log:
        f"{LOGS}/ge/uncertainty/summary.log",
    benchmark:
        f"{BENCH}/ge/uncertainty/summary.tsv"
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
    message:
        "GE uncertainty: bands of the wage, labour-share and output paths"
    script:
        "../scripts/ge_uncertainty.py"
