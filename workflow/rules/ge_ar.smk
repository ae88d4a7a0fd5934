# Acemoglu-Restrepo task model (spec-acemoglu-restrepo.md): static equilibrium and comparative
# statics, the balanced growth paths (exogenous and directed technology) and a transition
# after an automation shock. The exposure-driven scenarios are in ge_scenarios.smk.

GEAR = f"{RESULTS}/ge/ar"
AR_CFG = config["ge"]["ar"]


# Tables and summaries that read a few small files and write a few kilobytes run as localrules:
# on a cluster the submitting host runs them at once instead of queueing a job for each.
localrules:
    ar_tables,


rule ar_static:
    """A-R static model: equilibria, comparative statics against finite differences, the
    section 6.2 wage formulas and the skills extension; allocation figure."""
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
            figure("ar_static_allocation.png"),
            "ar_static_allocation",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
        figure_pdf=figure("ar_static_allocation.pdf"),
    log:
        logs("ge/ar/static"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        params=AR_CFG["params"],
        n0=AR_CFG["n0"],
        code=code("ar_static.py"),
    message:
        "A-R static model: equilibria, comparative statics against finite differences, wage formulas, skills"
    run:
        script_job("ar_static.py", locals())


rule ar_tables:
    """Paper tables of the A-R static model (HTML, markdown, LaTeX): wage formulas and
    comparative statics."""
    input:
        statics=rules.ar_static.output.statics,
        formulas=rules.ar_static.output.formulas,
    output:
        html=rep(
            f"{GEAR}/tables.html",
            "ar_tables",
            "7. GE: Acemoglu-Restrepo",
            "tables",
        ),
        md=f"{GEAR}/tables.md",
        tex=f"{GEAR}/tables.tex",
    log:
        logs("ge/ar/tables"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        kind="ar",
        title="Acemoglu-Restrepo task model",
        intro="The task model at its reference calibrations. Every number is read from the output file named under each table.",
        prefix="ar",
        code=code("paper_tables.py"),
    message:
        "Paper tables of the A-R static model"
    run:
        script_job("paper_tables.py", locals())


rule ar_bgp:
    """A-R balanced growth: thresholds, n_D and its stability, value curves and the
    directed-technology dynamics, with figures."""
    output:
        bgp=f"{GEAR}/bgp.csv",
        values=f"{GEAR}/value_curves.parquet",
        thresholds=f"{GEAR}/wage_thresholds.parquet",
        technology=f"{GEAR}/technology_paths.parquet",
        fig_values=rep(
            figure("ar_value_curves.png"),
            "ar_value_curves",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
        fig_values_pdf=figure("ar_value_curves.pdf"),
        fig_thresholds=rep(
            figure("ar_wage_thresholds.png"),
            "ar_wage_thresholds",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
        fig_thresholds_pdf=figure("ar_wage_thresholds.pdf"),
        fig_technology=rep(
            figure("ar_technology.png"),
            "ar_technology",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
        fig_technology_pdf=figure("ar_technology.pdf"),
    log:
        logs("ge/ar/bgp"),
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
        code=code("ar_bgp.py"),
    message:
        "A-R balanced growth: thresholds, n_D and its stability, directed-technology dynamics"
    run:
        script_job("ar_bgp.py", locals())


rule ar_transition:
    """A-R transition after an automation shock (n0 -> n0 - dI): path, summary and figure."""
    output:
        path=f"{GEAR}/transition.parquet",
        summary=f"{GEAR}/transition.json",
        figure=rep(
            figure("ar_transition.png"),
            "ar_transition",
            "7. GE: Acemoglu-Restrepo",
            "figures",
        ),
        figure_pdf=figure("ar_transition.pdf"),
    log:
        logs("ge/ar/transition"),
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
        code=code("ar_transition.py"),
    message:
        "A-R transition after automation: n {params.n0} -> n0 - {params.dI}"
    run:
        script_job("ar_transition.py", locals())
