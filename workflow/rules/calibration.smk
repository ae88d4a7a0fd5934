# Macro calibrations: one shock per exposure measure and scenario feeds Acemoglu-Restrepo,
# Kaleckian and Bhaduri-Marglin; the seed's blocks reproduced (legacy); sensitivity fanned
# out by model and Monte Carlo chunk; the consistency table and the headline rows.

from ailabor.calibration.models import PARAMS, SECTIONS

CAL = f"{RESULTS}/calibration"
CAL_CFG = config["calibration"]
CAL_MODELS = ["acemoglu_restrepo", "kaleckian", "bhaduri_marglin"]
AEI_AUTOMATION = any(s["phi_adopted"] == "aei_automation" for s in CAL_CFG["scenarios"])
MODEL_CFG = {k: CAL_CFG[k] for k in ("acemoglu_restrepo", "kaleckian", "bhaduri_marglin")}
MC = CAL_CFG["sensitivity"]["monte_carlo"]
# The seed's exposure table when configured, else the pipeline's own legacy exposure.
CAL_LEGACY_INPUT = (
    staged("seed_reference/occupation_exposure")
    if "occupation_exposure" in SEED_FILES
    else (rules.exposure_legacy.output.exposure if RATINGS else None)
)
CAL_LEGACY = CAL_LEGACY_INPUT is not None
CAL_LEGACY_TABLES = {m: f"{CAL}/legacy/{m}_model_results.csv" for m in CAL_MODELS}


# Per model: the config sections it depends on (the params trigger reruns only it) and the
# sensitivity ranges of its parameters.
MODEL_SECTIONS = {m: {k: CAL_CFG[k] for k in SECTIONS[m]} for m in CAL_MODELS}
MODEL_RANGES = {
    m: {
        k: CAL_CFG["sensitivity"]["ranges"][k]
        for k in sorted(set(PARAMS[m]) | ({"v"} if m == "bhaduri_marglin" else set()))
        if k in CAL_CFG["sensitivity"]["ranges"]
    }
    for m in CAL_MODELS
}


wildcard_constraints:
    model="|".join(CAL_MODELS),
    chunk=r"\d+",


AUTO = CAL_CFG["aei_automation"]


# Tables and summaries that read a few small files and write a few kilobytes run as localrules:
# on a cluster the submitting host runs them at once instead of queueing a job for each.
localrules:
    calibration_headlines,
    calibration_tables,


rule calibration_aei_automation:
    """The AEI share of automation (vs augmentation) interaction patterns: phi_adopted of the
    aei_automation scenario."""
    input:
        **({"weights": staged(f"aei/{AUTO['weights']}")} if AUTO["weights"] else {}),
        table=staged(f"aei/{AUTO['table']}"),
    output:
        f"{CAL}/aei_automation_share.json",
    log:
        logs("calibration/aei_automation"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        tables=CAL_CFG["aei_automation"],
        code=code("calibration_aei_automation.py"),
    message:
        "AEI share of automation patterns (phi_adopted of the aei_automation scenario)"
    run:
        script_job("calibration_aei_automation.py", locals())


rule calibration_shock:
    """The macro shock of one exposure measure under every calibration scenario (the shared
    input of the three models and the GE scenarios)."""
    input:
        **({"automation": rules.calibration_aei_automation.output[0]} if AEI_AUTOMATION else {}),
        measure=rules.exposure_measure.output[0],
        totals=XW.totals,
    output:
        f"{CAL}/shocks/{{measure}}.parquet",
    log:
        logs("calibration/shock_{measure}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        omega0=CAL_CFG["omega0"],
        scenarios=CAL_CFG["scenarios"],
        base_year=BASE_YEAR,
        vintages={"oews_year": BASE_YEAR, "aei": AEI_PRIMARY},
        code=code("calibration_shock.py"),
    message:
        "Shared shock of exposure measure {wildcards.measure}, every scenario"
    run:
        script_job("calibration_shock.py", locals())


rule calibration_legacy:
    """The seed's Acemoglu-Restrepo, Kaleckian and Bhaduri-Marglin blocks reproduced
    (legacy), and its shock in the shared format."""
    input:
        seed=CAL_LEGACY_INPUT or [],
    output:
        **CAL_LEGACY_TABLES,
        shock=f"{CAL}/shocks/legacy.parquet",
        tidy=f"{CAL}/legacy/legacy.parquet",
        bm_parameters=f"{CAL}/legacy/bhaduri_marglin_parameters.csv",
    log:
        logs("calibration/legacy"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        source=("seed exposure table" if "occupation_exposure" in SEED_FILES else "pipeline legacy exposure"),
        code=code("calibration_legacy.py"),
    message:
        "Reproducing the seed's A-R, Kaleckian and Bhaduri-Marglin blocks (legacy)"
    run:
        script_job("calibration_legacy.py", locals())


rule calibration_corrected:
    """Corrected A-R (sigma grid, short and long run), Kaleckian and Bhaduri-Marglin results
    of one exposure measure, and the A-R sigma figure."""
    input:
        shock=rules.calibration_shock.output[0],
    output:
        table=f"{CAL}/corrected/{{measure}}/results.parquet",
        csv=f"{CAL}/corrected/{{measure}}/results.csv",
        figure=rep(
            figure("ar_sigma_grid_{measure}.png"),
            "ar_sigma_grid",
            "5. Calibration",
            "{measure}",
        ),
        figure_pdf=figure("ar_sigma_grid_{measure}.pdf"),
    log:
        logs("calibration/corrected_{measure}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        models=MODEL_CFG,
        primary_scenario=CAL_CFG["primary_scenario"],
        code=code("calibration_corrected.py"),
    message:
        "Corrected A-R (sigma grid, short and long run), Kaleckian and B-M for {wildcards.measure}"
    run:
        script_job("calibration_corrected.py", locals())


rule calibration_parameters:
    """The table of calibration parameters, their ranges and sources."""
    output:
        f"{CAL}/parameters.csv",
    log:
        logs("calibration/parameters"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=300,
        runtime=2,
    params:
        models=MODEL_CFG,
        omega0=CAL_CFG["omega0"],
        scenarios=CAL_CFG["scenarios"],
        primary_scenario=CAL_CFG["primary_scenario"],
        ranges=CAL_CFG["sensitivity"]["ranges"],
        code=code("calibration_parameters.py"),
    message:
        "Table of calibration parameters, ranges and sources"
    run:
        script_job("calibration_parameters.py", locals())


PRIMARY_SHOCK = one(rules.calibration_shock.output[0], measure=PRIMARY_MEASURE)


rule calibration_sensitivity:
    """Parameter grid, one-at-a-time table and tornado of one model on the primary shock."""
    input:
        shock=PRIMARY_SHOCK,
    output:
        grid=f"{CAL}/sensitivity/{{model}}/grid.parquet",
        oat=f"{CAL}/sensitivity/{{model}}/one_at_a_time.csv",
        figure=rep(
            figure("calibration_tornado_{model}.png"),
            "calibration_tornado",
            "5. Calibration",
            "sensitivity",
        ),
        figure_pdf=figure("calibration_tornado_{model}.pdf"),
    log:
        logs("calibration/sensitivity_{model}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        models=lambda w: MODEL_SECTIONS[w.model],
        ranges=lambda w: MODEL_RANGES[w.model],
        scenario=CAL_CFG["primary_scenario"],
        code=code("calibration_sensitivity.py"),
    message:
        "Parameter grid and tornado of {wildcards.model}"
    run:
        script_job("calibration_sensitivity.py", locals())


rule calibration_monte_carlo:
    """One chunk of seeded Monte Carlo draws of one model's parameters."""
    input:
        shock=PRIMARY_SHOCK,
    output:
        f"{CAL}/sensitivity/{{model}}/mc/chunk_{{chunk}}.parquet",
    log:
        logs("calibration/mc_{model}_{chunk}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=10,
    params:
        models=lambda w: MODEL_SECTIONS[w.model],
        ranges=lambda w: MODEL_RANGES[w.model],
        scenario=CAL_CFG["primary_scenario"],
        monte_carlo=MC,
        code=code("calibration_monte_carlo.py"),
    message:
        "Monte Carlo of {wildcards.model}, chunk {wildcards.chunk}"
    run:
        script_job("calibration_monte_carlo.py", locals())


rule calibration_monte_carlo_summary:
    """The Monte Carlo draws of one model gathered, with their quantile bands."""
    input:
        chunks=lambda w: expand(
            rules.calibration_monte_carlo.output[0],
            model=w.model,
            chunk=range(MC["chunks"]),
        ),
        shock=PRIMARY_SHOCK,
    output:
        draws=f"{CAL}/sensitivity/{{model}}/monte_carlo.parquet",
        summary=f"{CAL}/sensitivity/{{model}}/monte_carlo_summary.csv",
    log:
        logs("calibration/mc_summary_{model}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        models=lambda w: MODEL_SECTIONS[w.model],
        scenario=CAL_CFG["primary_scenario"],
        code=code("calibration_monte_carlo_summary.py"),
    message:
        "Monte Carlo summary of {wildcards.model}"
    run:
        script_job("calibration_monte_carlo_summary.py", locals())


rule calibration_consistency:
    """Every shock (each measure and scenario, legacy and corrected) through the three models:
    long and wide tables and figure."""
    input:
        **({"legacy": rules.calibration_legacy.output.shock} if CAL_LEGACY else {}),
        shocks=expand(rules.calibration_shock.output[0], measure=MEASURES),
    output:
        table=f"{CAL}/consistency.parquet",
        csv=f"{CAL}/consistency.csv",
        wide=rep(
            f"{CAL}/consistency_wide.csv",
            "calibration_table",
            "5. Calibration",
            "consistency",
        ),
        figure=rep(
            figure("calibration_consistency.png"),
            "calibration_consistency",
            "5. Calibration",
            "consistency",
        ),
        figure_pdf=figure("calibration_consistency.pdf"),
    log:
        logs("calibration/consistency"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        models=MODEL_CFG,
        code=code("calibration_consistency.py"),
    message:
        "Consistency table: every shock through the three models, legacy and corrected"
    run:
        script_job("calibration_consistency.py", locals())


rule calibration_headlines:
    """The calibration stage's rows of headline_comparison.csv, legacy and corrected."""
    input:
        **(
            {m: getattr(rules.calibration_legacy.output, m) for m in CAL_MODELS}
            | {"legacy_shock": rules.calibration_legacy.output.shock}
            if CAL_LEGACY
            else {}
        ),
        shock=PRIMARY_SHOCK,
        corrected=one(rules.calibration_corrected.output.table, measure=PRIMARY_MEASURE),
    output:
        f"{CAL}/headlines.csv",
    log:
        logs("calibration/headlines"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=300,
        runtime=2,
    params:
        sigma=CAL_CFG["acemoglu_restrepo"]["sigma"],
        scenario=CAL_CFG["primary_scenario"],
        base_year=BASE_YEAR,
        code=code("calibration_headlines.py"),
    message:
        "Headline comparison rows of the calibration stage"
    run:
        script_job("calibration_headlines.py", locals())


rule calibration_tables:
    """Paper tables of the calibration (HTML, markdown, LaTeX): one shock through three models,
    and the headline rows, legacy and corrected."""
    input:
        wide=rules.calibration_consistency.output.wide,
        headlines=rules.calibration_headlines.output[0],
    output:
        html=rep(
            f"{CAL}/tables.html",
            "calibration_tables",
            "5. Calibration",
            "tables",
        ),
        md=f"{CAL}/tables.md",
        tex=f"{CAL}/tables.tex",
    log:
        logs("calibration/tables"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        kind="calibration",
        title="Calibration: one shock, three models",
        intro=f"Macro calibrations of the measured exposure ({DATASET} data). Every number is read from the output file named under each table.",
        prefix="calibration",
        code=code("paper_tables.py"),
    message:
        "Paper tables of the calibration"
    run:
        script_job("paper_tables.py", locals())
