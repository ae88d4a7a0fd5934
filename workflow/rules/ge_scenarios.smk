# GE scenarios driven by measured exposure: every calibration shock (exposure measure x
# scenario, and the seed's legacy shock) mapped to an A-R automation shock and a BBZ
# robot-productivity shock (mapping rules in ailabor.ge.scenarios), one job per shock.

GES = f"{RESULTS}/ge/scenarios"
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
        k: config["ge"]["ar"][k]
        for k in ("params", "g", "n0", "horizon", "horizon_report", "step_report")
    },
    "bbz": {
        "method": GES_CFG["bbz_method"],
        "params": {**config["ge"]["bbz"]["base_overrides"], **GES_CFG["bbz_params"]},
        **{
            k: config["ge"]["bbz"][k] for k in ("horizon", "dt", "worker_rho", "nl_tol")
        },
    },
}

if GES_ON:
    for m, s in GES_PAIRS:
        OUTPUTS += [
            f"{GES}/{m}/{s}/ar_path.parquet",
            f"{GES}/{m}/{s}/bbz_path.parquet",
            f"{GES}/{m}/{s}/summary.json",
            f"{RESULTS}/figures/ge_scenario_{m}_{s}.png",
        ]
    OUTPUTS += [
        f"{GES}/summary.parquet",
        f"{GES}/summary.csv",
        f"{RESULTS}/figures/ge_scenarios_overview.png",
    ]


rule ge_scenario:
    input:
        shock=f"{CAL}/shocks/{{measure}}.parquet",
    output:
        ar=f"{GES}/{{measure}}/{{scenario}}/ar_path.parquet",
        bbz=f"{GES}/{{measure}}/{{scenario}}/bbz_path.parquet",
        summary=f"{GES}/{{measure}}/{{scenario}}/summary.json",
        figure=rep(
            f"{RESULTS}/figures/ge_scenario_{{measure}}_{{scenario}}.png",
            "ge_scenario",
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
        runtime=15,
    params:
        solver=GES_SOLVER,
    message:
        "GE scenario {wildcards.measure} / {wildcards.scenario}: A-R automation and BBZ robot shocks"
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
