# Econometrics: the seed's estimates reproduced (legacy), the corrected designs per exposure
# measure, and bootstrap / randomisation inference split into chunks.

from ailabor.econometrics.specs import spec_grid

EST = f"{RESULTS}/estimation"
EST_CFG = config["estimation"]
DATES = dict(EST_CFG["treatment_dates"])
PRIMARY_DATE = next(iter(DATES))
SPECS = {s.id: s for s in spec_grid(DATES, EST_CFG["outcomes"], EST_CFG["weights"], PRIMARY_DATE)}
PRIMARY_MEASURE = EST_CFG["primary_measure"]
EST_LEGACY = LEGACY_PANEL and ("crosswalk_with_importance" in SEED_FILES or RATINGS)
IM_RELEASE = "30.1"
CHUNKS = {
    "bootstrap": EST_CFG["bootstrap"]["chunks"],
    "permutation": EST_CFG["randomization"]["chunks"],
}


# The seed's crosswalk with importance when configured, else the pipeline's legacy crosswalk
# with wages and the Task Ratings.
LEGACY_IMPORTANCE = (
    {"importance": staged("seed_reference/crosswalk_with_importance")}
    if "crosswalk_with_importance" in SEED_FILES
    else {
        "importance": rules.exposure_legacy.output.crosswalk,
        "ratings": staged(f"onet/{ONET_PRIMARY}/task_ratings"),
    }
)


# Tables and summaries that read a few small files and write a few kilobytes run as localrules:
# on a cluster the submitting host runs them at once instead of queueing a job for each.
localrules:
    estimation_tables,
    seed_panel_tables,
    estimation_headlines,


rule estimation_legacy:
    """The seed's correlations and 2022-2024 DiD reproduced (legacy), its timing comparison,
    and the corrected treatments of its panel; the four-panel legacy figure."""
    input:
        **LEGACY_IMPORTANCE,
        did=rules.legacy_panel.output.did,
        oews=[staged(f"oews/{y}") for y in LEGACY_YEARS],
        seed_exposure=staged("seed_reference/occupation_exposure"),
        im_statements=staged(f"onet/{IM_RELEASE}/task_statements"),
    output:
        legacy=f"{EST}/legacy/did_and_correlations.parquet",
        legacy_csv=f"{EST}/legacy/did_and_correlations.csv",
        did_summary=f"{EST}/legacy/did_results_summary.csv",
        timing=f"{EST}/legacy/timing_comparison.csv",
        corrected=f"{EST}/legacy_panel_corrected.parquet",
        corrected_csv=f"{EST}/legacy_panel_corrected.csv",
        figure=rep(
            figure("legacy_did_four_panel.png"),
            "legacy_did",
            "4. Econometrics",
            "legacy",
        ),
        figure_pdf=figure("legacy_did_four_panel.pdf"),
    log:
        logs("estimation/legacy"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        years=LEGACY_YEARS,
        note=f"Seed design on OEWS May 2022-2024 ({DATASET} data); labels as in the seed project.",
        vintages={"oews_years": LEGACY_YEARS},
        code=code("estimation_legacy.py"),
    message:
        "Reproducing the seed's correlations and DiD; corrected treatments of its panel"
    run:
        script_job("estimation_legacy.py", locals())


rule estimation_oring:
    """The seed's O-ring usage-wage models reproduced on its crosswalk with wages (or the
    pipeline's legacy crosswalk)."""
    input:
        crosswalk=(
            staged("seed_reference/crosswalk_with_wages")
            if "crosswalk_with_wages" in SEED_FILES
            else rules.exposure_legacy.output.crosswalk
        ),
    output:
        table=f"{EST}/legacy/oring_models.parquet",
        table_csv=f"{EST}/legacy/oring_models.csv",
        summary=f"{EST}/legacy/model_summary.csv",
        soc=f"{EST}/legacy/oring_soc_level.parquet",
    log:
        logs("estimation/oring"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        source=("seed crosswalk" if "crosswalk_with_wages" in SEED_FILES else "pipeline legacy crosswalk"),
        code=code("estimation_oring.py"),
    message:
        "Reproducing the seed's O-ring usage-wage models"
    run:
        script_job("estimation_oring.py", locals())


rule estimation_corrected:
    """Corrected estimation for one exposure measure: event study and dose response on the
    harmonised panel (every specification of the grid in grid order: treatment date, outcome,
    weighting and design), pre-trend tests, the coefficient covariances, the three-window
    identity on 2022-2024 and the usage-wage PPML. The grid runs in one job per measure: a
    specification takes about half a second to fit, less than starting a job for it."""
    input:
        panel=rules.panel_harmonise.output.harmonised,
        measure=rules.exposure_measure.output[0],
        exposure_oews=rules.exposure_build.output.oews,
        task_credits=rules.exposure_build.output.tasks,
        crosswalk=XM.crosswalk,
        mapping=XW.mapping,
        base=XW.base,
        job_zones=staged(f"onet/{ONET_PRIMARY}/job_zones"),
    output:
        event=f"{EST}/corrected/{{measure}}/event_study.parquet",
        event_csv=f"{EST}/corrected/{{measure}}/event_study.csv",
        pretrend=f"{EST}/corrected/{{measure}}/pretrend_tests.csv",
        vcov=f"{EST}/corrected/{{measure}}/event_study_vcov.parquet",
        windows=f"{EST}/corrected/{{measure}}/windows.csv",
        ppml=f"{EST}/corrected/{{measure}}/ppml.parquet",
        ppml_csv=f"{EST}/corrected/{{measure}}/ppml.csv",
        ppml_stepwise=f"{EST}/corrected/{{measure}}/ppml_stepwise.parquet",
        ppml_stepwise_csv=f"{EST}/corrected/{{measure}}/ppml_stepwise.csv",
    log:
        logs("estimation/corrected_{measure}"),
    wildcard_constraints:
        measure=choices(MEASURES),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=20,
    params:
        measure=lambda w: w.measure,
        specs=[s.as_dict() for s in SPECS.values()],
        task_count_variant=f"binary_{'im' if RATINGS else 'uniform'}",
        code=code("estimation_corrected.py"),
    message:
        "Corrected estimation with exposure measure {wildcards.measure}"
    run:
        script_job("estimation_corrected.py", locals())


rule rambachan_roth:
    """Rambachan-Roth sensitivity of the event study (relative magnitudes and smoothness
    restrictions), breakdown values and figure, for one exposure measure."""
    input:
        vcov=rules.estimation_corrected.output.vcov,
    output:
        table=f"{EST}/corrected/{{measure}}/rambachan_roth.csv",
        breakdown=f"{EST}/corrected/{{measure}}/rambachan_roth_breakdown.csv",
        figure=rep(
            figure("rambachan_roth_{measure}.png"),
            "rambachan_roth",
            "4. Econometrics",
            "{measure}",
        ),
        figure_pdf=figure("rambachan_roth_{measure}.pdf"),
    log:
        logs("estimation/rambachan_roth_{measure}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=20,
    params:
        measure=lambda w: w.measure,
        label=lambda w: measure_label(w.measure),
        date=PRIMARY_DATE,
        outcome="ln_wage",
        cluster=EST_CFG["rambachan_roth"]["cluster"],
        mbar=EST_CFG["rambachan_roth"]["mbar"],
        m=EST_CFG["rambachan_roth"]["m"],
        note=f"Source: event study on the harmonised OEWS panel ({DATASET} data); coefficients on exposure x May year, reference year = 0; covariance CR1 clustered by {dict(major_group='SOC major group', occupation='occupation')[EST_CFG['rambachan_roth']['cluster']]}.",
        code=code("rambachan_roth.py"),
    message:
        "Rambachan-Roth sensitivity of the event study for {wildcards.measure}"
    run:
        script_job("rambachan_roth.py", locals())


rule inference_chunk:
    """One chunk of seeded draws of the wild cluster bootstrap or the randomisation
    (permutation) test of the primary event-study contrast."""
    input:
        panel=rules.panel_harmonise.output.harmonised,
        measure=rules.exposure_measure.output[0],
    output:
        f"{EST}/corrected/{{measure}}/inference/{{method}}_{{chunk}}.parquet",
    log:
        logs("estimation/inference_{measure}_{method}_{chunk}"),
    wildcard_constraints:
        method="bootstrap|permutation",
        chunk=r"\d+",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        date=DATES[PRIMARY_DATE],
        draws=lambda w: EST_CFG["bootstrap" if w.method == "bootstrap" else "randomization"]["draws"],
        chunks=lambda w: CHUNKS[w.method],
        seed=lambda w: EST_CFG["bootstrap" if w.method == "bootstrap" else "randomization"]["seed"],
        weights=EST_CFG["bootstrap"]["weights"],
        code=code("inference_chunk.py"),
    message:
        "{wildcards.method} chunk {wildcards.chunk} for {wildcards.measure}"
    run:
        script_job("inference_chunk.py", locals())


rule inference_combine:
    """Bootstrap and randomisation-inference p-values and confidence intervals from the
    chunks, next to the analytic ones."""
    input:
        # every chunk of each inference method, for this measure
        unpack(
            lambda w: {
                method: expand(
                    rules.inference_chunk.output[0],
                    measure=w.measure,
                    method=method,
                    chunk=range(n),
                )
                for method, n in CHUNKS.items()
            }
        ),
        panel=rules.panel_harmonise.output.harmonised,
        measure=rules.exposure_measure.output[0],
    output:
        f"{EST}/corrected/{{measure}}/inference.csv",
    log:
        logs("estimation/inference_{measure}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        date=DATES[PRIMARY_DATE],
        measure=lambda w: w.measure,
        code=code("inference_combine.py"),
    message:
        "Combining inference chunks for {wildcards.measure}"
    run:
        script_job("inference_combine.py", locals())


rule estimation_figures:
    """The event-study figure of one exposure measure."""
    input:
        event=rules.estimation_corrected.output.event,
    output:
        rep(
            figure("event_study_{measure}.png"),
            "event_study",
            "4. Econometrics",
            "{measure}",
        ),
        pdf=figure("event_study_{measure}.pdf"),
    log:
        logs("estimation/figure_{measure}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        measure=lambda w: w.measure,
        primary_date=PRIMARY_DATE,
        primary_date_label=treatment_name(PRIMARY_DATE),
        primary_date_value=DATES[PRIMARY_DATE],
        label=lambda w: measure_label(w.measure),
        note=f"Source: harmonised OEWS panel ({DATASET} data), May {OEWS_YEARS[0]}-{OEWS_YEARS[-1]}; occupation and SOC major group x year fixed effects.",
        code=code("estimation_figures.py"),
    message:
        "Plotting the event study for {wildcards.measure}"
    run:
        script_job("estimation_figures.py", locals())


rule estimation_tables:
    """Paper-style regression tables (HTML, markdown and LaTeX booktabs) of one exposure
    measure, every number read from the estimation outputs."""
    input:
        event=rules.estimation_corrected.output.event,
        pretrend=rules.estimation_corrected.output.pretrend,
        sensitivity=rules.rambachan_roth.output.table,
        breakdown=rules.rambachan_roth.output.breakdown,
        inference=rules.inference_combine.output[0],
        ppml_steps=rules.estimation_corrected.output.ppml_stepwise,
    output:
        html=rep(
            f"{EST}/corrected/{{measure}}/tables.html",
            "estimation_tables",
            "4. Econometrics",
            "{measure}",
        ),
        md=f"{EST}/corrected/{{measure}}/tables.md",
        tex=f"{EST}/corrected/{{measure}}/tables.tex",
    log:
        logs("estimation/tables_{measure}"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        measure=lambda w: w.measure,
        label=lambda w: measure_label(w.measure),
        primary_date=PRIMARY_DATE,
        intro=f"Corrected estimation on the harmonised OEWS panel ({DATASET} data, May {OEWS_YEARS[0]}-{OEWS_YEARS[-1]}). Every number is read from the output files named under each table.",
        code=code("estimation_tables.py"),
    message:
        "Regression tables for {wildcards.measure}"
    run:
        script_job("estimation_tables.py", locals())


rule seed_panel_tables:
    """Robustness table of the seed's DiD panel: its legacy specification changed one thing
    at a time."""
    input:
        rules.estimation_legacy.output.corrected,
    output:
        html=rep(
            f"{EST}/seed_panel_tables.html",
            "seed_panel_tables",
            "4. Econometrics",
            "seed DiD panel",
        ),
        md=f"{EST}/seed_panel_tables.md",
        tex=f"{EST}/seed_panel_tables.tex",
    log:
        logs("estimation/seed_panel_tables"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        intro=f"The seed project's DiD panel (May 2022-2024, {DATASET} data), its legacy specification changed one thing at a time.",
        code=code("seed_panel_tables.py"),
    message:
        "Robustness table of the seed DiD panel"
    run:
        script_job("seed_panel_tables.py", locals())


rule estimation_headlines:
    """The estimation stage's rows of headline_comparison.csv, legacy and corrected."""
    input:
        **(
            {
                "legacy": rules.estimation_legacy.output.legacy,
                "corrected": rules.estimation_legacy.output.corrected,
            }
            if EST_LEGACY
            else {}
        ),
        oring=rules.estimation_oring.output.table,
        event=one(rules.estimation_corrected.output.event, measure=PRIMARY_MEASURE),
        ppml=one(rules.estimation_corrected.output.ppml, measure=PRIMARY_MEASURE),
    output:
        f"{EST}/headlines.csv",
    log:
        logs("estimation/headlines"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        measure=PRIMARY_MEASURE,
        code=code("headlines.py"),
    message:
        "Headline comparison rows of the estimation stage"
    run:
        script_job("headlines.py", locals())
