# Acemoglu-Restrepo task model (spec-acemoglu-restrepo.md): static equilibrium and comparative
# statics, the balanced growth paths (exogenous and directed technology) and a transition
# after an automation shock. The exposure-driven scenarios are in ge_scenarios.smk.

GEAR = f"{RESULTS}/ge/ar"
AR_CFG = config["ge"]["ar"]
AR_ON = config["stages"].get("ge_ar", True)
AR_FIGS = [
    "ar_static_allocation",
    "ar_value_curves",
    "ar_wage_thresholds",
    "ar_technology",
    "ar_transition",
]

if AR_ON:
    OUTPUTS += [
        f"{GEAR}/{name}"
        for name in [
            "static_equilibria.csv",
            "comparative_statics.csv",
            "wage_formulas.csv",
            "skills.csv",
            "bgp.csv",
            "value_curves.parquet",
            "wage_thresholds.parquet",
            "technology_paths.parquet",
            "transition.parquet",
            "transition.json",
        ]
    ]
    OUTPUTS += [f"{RESULTS}/figures/{f}.png" for f in AR_FIGS]


rule ar_static:
    output:
        equilibria=f"{GEAR}/static_equilibria.csv",
        statics=rep(
            f"{GEAR}/comparative_statics.csv",
            "ar_table",
            "7. GE: Acemoglu-Restrepo",
            "tables",
        ),
        formulas=rep(
            f"{GEAR}/wage_formulas.csv",
            "ar_table",
            "7. GE: Acemoglu-Restrepo",
            "tables",
        ),
        skills=f"{GEAR}/skills.csv",
        figure=rep(
            f"{RESULTS}/figures/ar_static_allocation.png",
            "ar_static_allocation",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
    log:
        f"{LOGS}/ge/ar/static.log",
    benchmark:
        f"{BENCH}/ge/ar/static.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        params=AR_CFG["params"],
        n0=AR_CFG["n0"],
    message:
        "A-R static model: equilibria, comparative statics against finite differences, wage formulas, skills"
    script:
        "../scripts/ar_static.py"


rule ar_bgp:
    output:
        bgp=f"{GEAR}/bgp.csv",
        values=f"{GEAR}/value_curves.parquet",
        thresholds=f"{GEAR}/wage_thresholds.parquet",
        technology=f"{GEAR}/technology_paths.parquet",
        fig_values=rep(
            f"{RESULTS}/figures/ar_value_curves.png",
            "ar_value_curves",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
        fig_thresholds=rep(
            f"{RESULTS}/figures/ar_wage_thresholds.png",
            "ar_wage_thresholds",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
        fig_technology=rep(
            f"{RESULTS}/figures/ar_technology.png",
            "ar_technology",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
    log:
        f"{LOGS}/ge/ar/bgp.log",
    benchmark:
        f"{BENCH}/ge/ar/bgp.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        params=AR_CFG["params"],
        g=AR_CFG["g"],
        q_grid=AR_CFG["q_grid"],
    message:
        "A-R balanced growth: thresholds, n_D and its stability, directed-technology dynamics"
    script:
        "../scripts/ar_bgp.py"


rule ar_transition:
    output:
        path=f"{GEAR}/transition.parquet",
        summary=f"{GEAR}/transition.json",
        figure=rep(
            f"{RESULTS}/figures/ar_transition.png",
            "ar_transition",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
    log:
        f"{LOGS}/ge/ar/transition.log",
    benchmark:
        f"{BENCH}/ge/ar/transition.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        params=AR_CFG["params"],
        g=AR_CFG["g"],
        n0=AR_CFG["n0"],
        dI=AR_CFG["dI"],
        horizon=AR_CFG["horizon"],
        horizon_report=AR_CFG["horizon_report"],
        step_report=AR_CFG["step_report"],
    message:
        "A-R transition after automation: n {params.n0} -> n0 - {params.dI}"
    script:
        "../scripts/ar_transition.py"
