# Berg-Buffie-Zanna robot GE model: every experiment of spec §7 as a target, every run of an
# experiment (parameter sweeps included) as its own job, with both solution methods.

BBZ = f"{RESULTS}/ge/bbz"
BBZ_CFG = config["ge"]["bbz"]
BBZ_EXPERIMENTS = list(BBZ_CFG["experiments"])
BBZ_METHODS = list(BBZ_CFG["methods"])
BBZ_SOLVER = {k: BBZ_CFG[k] for k in ("horizon", "dt", "worker_rho", "nl_tol")}

from ailabor.ge.bbz.catalogue import catalogue as _bbz_catalogue

BBZ_CATALOGUE = _bbz_catalogue(BBZ_CFG["grids"], BBZ_CFG["base_overrides"])
BBZ_RUNS = {(e.id, r.run_id): r for e in BBZ_CATALOGUE.values() for r in e.runs}
BBZ_PATH_EXPERIMENTS = [e for e in BBZ_EXPERIMENTS if BBZ_CATALOGUE[e].kind == "paths"]

if config["stages"].get("ge_bbz", True) and BBZ_EXPERIMENTS:
    OUTPUTS += expand(
        f"{BBZ}/{{experiment}}/{{method}}/{{name}}",
        experiment=BBZ_EXPERIMENTS,
        method=BBZ_METHODS,
        name=["path.parquet", "summary.json", "table.csv"],
    )
    OUTPUTS += expand(
        f"{RESULTS}/figures/bbz_{{experiment}}_{{method}}.png",
        experiment=BBZ_EXPERIMENTS,
        method=BBZ_METHODS,
    )
    OUTPUTS.append(f"{BBZ}/comparative_statics.csv")


wildcard_constraints:
    experiment="|".join(BBZ_CATALOGUE),
    method="lin|nl",
    run=r"[A-Za-z0-9_.\-]+",


rule bbz_run:
    output:
        path=f"{BBZ}/{{experiment}}/{{method}}/runs/{{run}}.parquet",
        summary=f"{BBZ}/{{experiment}}/{{method}}/runs/{{run}}.json",
    log:
        f"{LOGS}/ge/bbz/{{experiment}}_{{method}}_{{run}}.log",
    benchmark:
        f"{BENCH}/ge/bbz/{{experiment}}_{{method}}_{{run}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=15,
    params:
        run=bbz_run_params,
        solver=BBZ_SOLVER,
    message:
        "BBZ {wildcards.experiment}, run {wildcards.run}, method {wildcards.method}"
    script:
        "../scripts/bbz_run.py"


rule bbz_experiment:
    input:
        unpack(bbz_run_files),
    output:
        path=f"{BBZ}/{{experiment}}/{{method}}/path.parquet",
        summary=f"{BBZ}/{{experiment}}/{{method}}/summary.json",
        table=f"{BBZ}/{{experiment}}/{{method}}/table.csv",
        figure=rep(
            f"{RESULTS}/figures/bbz_{{experiment}}_{{method}}.png",
            "bbz_experiment",
            "6. GE: Berg-Buffie-Zanna",
            "{experiment}",
        ),
    log:
        f"{LOGS}/ge/bbz/{{experiment}}_{{method}}.log",
    benchmark:
        f"{BENCH}/ge/bbz/{{experiment}}_{{method}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        title=lambda w: BBZ_CATALOGUE[w.experiment].title,
    message:
        "BBZ {wildcards.experiment} ({wildcards.method}): paths, summary, table and figure"
    script:
        "../scripts/bbz_experiment.py"


ruleorder: bbz_table_T2 > bbz_experiment


rule bbz_table_T2:
    output:
        path=f"{BBZ}/T2/{{method}}/path.parquet",
        summary=f"{BBZ}/T2/{{method}}/summary.json",
        table=f"{BBZ}/T2/{{method}}/table.csv",
        figure=rep(
            f"{RESULTS}/figures/bbz_T2_{{method}}.png",
            "bbz_t2",
            "6. GE: Berg-Buffie-Zanna",
            "T2",
        ),
    log:
        f"{LOGS}/ge/bbz/T2_{{method}}.log",
    benchmark:
        f"{BENCH}/ge/bbz/T2_{{method}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        grids=BBZ_CFG["grids"],
        base_overrides=BBZ_CFG["base_overrides"],
    message:
        "BBZ T2: sigma3* table and the impact wage response along sigma3 (static block)"
    script:
        "../scripts/bbz_table_T2.py"


rule bbz_comparative_statics:
    output:
        rep(
            f"{BBZ}/comparative_statics.csv",
            "bbz_statics",
            "6. GE: Berg-Buffie-Zanna",
            "comparative statics",
        ),
    log:
        f"{LOGS}/ge/bbz/comparative_statics.log",
    benchmark:
        f"{BENCH}/ge/bbz/comparative_statics.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        base_overrides=BBZ_CFG["base_overrides"],
    message:
        "BBZ closed-form comparative statics against finite differences"
    script:
        "../scripts/bbz_comparative_statics.py"
