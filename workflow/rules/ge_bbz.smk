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


wildcard_constraints:
    experiment="|".join(BBZ_CATALOGUE),
    method="lin|nl",
    run=r"[A-Za-z0-9_.\-]+",


# The parameters of each run: a change in them reruns exactly that job.
BBZ_RUN_PARAMS = {
    key: {"model": r.model, "label": r.label, "params": r.params.to_dict()} for key, r in BBZ_RUNS.items()
}


# Tables and summaries that read a few small files and write a few kilobytes run as localrules:
# on a cluster the submitting host runs them at once instead of queueing a job for each.
localrules:
    bbz_tables_T2,


rule bbz_run:
    """One run of a BBZ experiment (one point of a parameter sweep) solved by one method
    (lin: linearised; nl: exact nonlinear path): path and summary."""
    output:
        path=f"{BBZ}/{{experiment}}/{{method}}/runs/{{run}}.parquet",
        summary=f"{BBZ}/{{experiment}}/{{method}}/runs/{{run}}.json",
    log:
        logs("ge/bbz/{experiment}_{method}_{run}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1500,
        runtime=15,
    params:
        run=lambda w: BBZ_RUN_PARAMS[(w.experiment, w.run)],
        solver=BBZ_SOLVER,
        code=code("bbz_run.py"),
    message:
        "BBZ {wildcards.experiment}, run {wildcards.run}, method {wildcards.method}"
    run:
        script_job("bbz_run.py", locals())


rule bbz_experiment:
    """One BBZ experiment (spec section 7) and method: its runs gathered into the path table,
    summary, paper-style table and figure."""
    input:
        # every run of this experiment and method
        paths=lambda w: expand(
            rules.bbz_run.output.path,
            experiment=w.experiment,
            method=w.method,
            run=[r.run_id for r in BBZ_CATALOGUE[w.experiment].runs],
        ),
        summaries=lambda w: expand(
            rules.bbz_run.output.summary,
            experiment=w.experiment,
            method=w.method,
            run=[r.run_id for r in BBZ_CATALOGUE[w.experiment].runs],
        ),
    output:
        path=f"{BBZ}/{{experiment}}/{{method}}/path.parquet",
        summary=f"{BBZ}/{{experiment}}/{{method}}/summary.json",
        table=f"{BBZ}/{{experiment}}/{{method}}/table.csv",
        figure=rep(
            figure("bbz_{experiment}_{method}.png"),
            "bbz_experiment",
            "6. GE: Berg-Buffie-Zanna",
            "{experiment}",
        ),
        figure_pdf=figure("bbz_{experiment}_{method}.pdf"),
    log:
        logs("ge/bbz/{experiment}_{method}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        title=lambda w: BBZ_CATALOGUE[w.experiment].title,
        code=code("bbz_experiment.py"),
    message:
        "BBZ {wildcards.experiment} ({wildcards.method}): paths, summary, table and figure"
    run:
        script_job("bbz_experiment.py", locals())


ruleorder: bbz_table_T2 > bbz_experiment


rule bbz_table_T2:
    """BBZ table T2: the critical robot-labour elasticity sigma3* and the impact wage response
    along sigma3 (static block)."""
    output:
        path=f"{BBZ}/T2/{{method}}/path.parquet",
        summary=f"{BBZ}/T2/{{method}}/summary.json",
        table=f"{BBZ}/T2/{{method}}/table.csv",
        figure=rep(
            figure("bbz_T2_{method}.png"),
            "bbz_t2",
            "6. GE: Berg-Buffie-Zanna",
            "T2",
        ),
        figure_pdf=figure("bbz_T2_{method}.pdf"),
    log:
        logs("ge/bbz/T2_{method}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        grids=BBZ_CFG["grids"],
        base_overrides=BBZ_CFG["base_overrides"],
        code=code("bbz_table_T2.py"),
    message:
        "BBZ T2: sigma3* table and the impact wage response along sigma3 (static block)"
    run:
        script_job("bbz_table_T2.py", locals())


rule bbz_tables_T2:
    """BBZ Table 2 as a paper table (HTML, markdown, LaTeX) for one method."""
    input:
        table=rules.bbz_table_T2.output.table,
    output:
        html=rep(
            f"{BBZ}/T2/{{method}}/tables.html",
            "bbz_t2_table",
            "6. GE: Berg-Buffie-Zanna",
            "T2",
        ),
        md=f"{BBZ}/T2/{{method}}/tables.md",
        tex=f"{BBZ}/T2/{{method}}/tables.tex",
    log:
        logs("ge/bbz/T2_{method}_tables"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        kind="bbz_t2",
        title="Berg-Buffie-Zanna Table 2",
        intro="The robot model's threshold elasticity. Every number is read from the output file named under the table.",
        prefix=lambda w: f"bbz-{w.method}",
        code=code("paper_tables.py"),
    message:
        "Paper table of BBZ T2 ({wildcards.method})"
    run:
        script_job("paper_tables.py", locals())


rule bbz_comparative_statics:
    """BBZ closed-form comparative statics checked against finite differences."""
    output:
        rep(
            f"{BBZ}/comparative_statics.csv",
            "bbz_statics",
            "6. GE: Berg-Buffie-Zanna",
            "comparative statics",
        ),
    log:
        logs("ge/bbz/comparative_statics"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        base_overrides=BBZ_CFG["base_overrides"],
        code=code("bbz_comparative_statics.py"),
    message:
        "BBZ closed-form comparative statics against finite differences"
    run:
        script_job("bbz_comparative_statics.py", locals())
