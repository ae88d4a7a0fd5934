# Econometrics: the seed's estimates reproduced (legacy), the corrected designs per exposure
# measure, and bootstrap / randomisation inference split into chunks.

from ailabor.econometrics.specs import spec_grid

EST = f"{RESULTS}/estimation"
EST_CFG = config["estimation"]
DATES = dict(EST_CFG["treatment_dates"])
PRIMARY_DATE = next(iter(DATES))
SPECS = {
    s.id: s
    for s in spec_grid(DATES, EST_CFG["outcomes"], EST_CFG["weights"], PRIMARY_DATE)
}
PRIMARY_MEASURE = EST_CFG["primary_measure"]
SEED_FILES = set(config["legacy"]["seed_reference"])
EST_LEGACY = LEGACY_PANEL and ("crosswalk_with_importance" in SEED_FILES or RATINGS)
IM_RELEASE = "30.1"
CHUNKS = {
    "bootstrap": EST_CFG["bootstrap"]["chunks"],
    "permutation": EST_CFG["randomization"]["chunks"],
}

if config["stages"].get("estimation", True):
    OUTPUTS += [
        f"{EST}/legacy/oring_models.parquet",
        f"{EST}/legacy/oring_models.csv",
        f"{EST}/legacy/model_summary.csv",
        f"{EST}/legacy/oring_soc_level.parquet",
        f"{EST}/headlines.csv",
    ]
    HEADLINE_PARTS.append(f"{EST}/headlines.csv")
    for m in MEASURES:
        OUTPUTS += expand(
            f"{EST}/corrected/{m}/{{name}}",
            name=[
                "event_study.parquet",
                "event_study.csv",
                "pretrend_tests.csv",
                "event_study_vcov.parquet",
                "rambachan_roth.csv",
                "rambachan_roth_breakdown.csv",
                "windows.csv",
                "ppml.parquet",
                "ppml.csv",
                "ppml_stepwise.parquet",
                "ppml_stepwise.csv",
                "inference.csv",
            ],
        )
        OUTPUTS.append(f"{RESULTS}/figures/event_study_{m}.png")
        OUTPUTS.append(f"{RESULTS}/figures/rambachan_roth_{m}.png")
        OUTPUTS.append(f"{RESULTS}/figures/rambachan_roth_{m}.pdf")
        OUTPUTS += [
            f"{EST}/corrected/{m}/tables.html",
            f"{EST}/corrected/{m}/tables.md",
        ]
    if EST_LEGACY:
        OUTPUTS += [
            f"{EST}/legacy/did_and_correlations.parquet",
            f"{EST}/legacy/did_and_correlations.csv",
            f"{EST}/legacy/did_results_summary.csv",
            f"{EST}/legacy/timing_comparison.csv",
            f"{EST}/legacy_panel_corrected.parquet",
            f"{EST}/legacy_panel_corrected.csv",
            f"{RESULTS}/figures/legacy_did_four_panel.png",
            f"{EST}/seed_panel_tables.html",
            f"{EST}/seed_panel_tables.md",
        ]


rule estimation_legacy:
    input:
        unpack(legacy_estimation_inputs),
        did=f"{PANEL}/legacy/did_panel_2022_2024.parquet",
        oews=expand(f"{STAGED}/oews/oews_{{year}}.parquet", year=LEGACY_YEARS),
        seed_exposure=f"{STAGED}/seed_reference/occupation_exposure.parquet",
        im_statements=f"{STAGED}/onet/{IM_RELEASE}/task_statements.parquet",
    output:
        legacy=f"{EST}/legacy/did_and_correlations.parquet",
        legacy_csv=f"{EST}/legacy/did_and_correlations.csv",
        did_summary=f"{EST}/legacy/did_results_summary.csv",
        timing=f"{EST}/legacy/timing_comparison.csv",
        corrected=f"{EST}/legacy_panel_corrected.parquet",
        corrected_csv=f"{EST}/legacy_panel_corrected.csv",
        figure=rep(
            f"{RESULTS}/figures/legacy_did_four_panel.png",
            "legacy_did",
            "4. Econometrics",
            "legacy",
        ),
    log:
        f"{LOGS}/estimation/legacy.log",
    benchmark:
        f"{BENCH}/estimation/legacy.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        note=f"Seed design on OEWS May 2022-2024 ({DATASET} data); labels as in the seed project.",
        vintages={"oews_years": LEGACY_YEARS},
    message:
        "Reproducing the seed's correlations and DiD; corrected treatments of its panel"
    script:
        "../scripts/estimation_legacy.py"


rule estimation_oring:
    input:
        crosswalk=(
            f"{STAGED}/seed_reference/crosswalk_with_wages.parquet"
            if "crosswalk_with_wages" in SEED_FILES
            else f"{XWALK}/legacy/crosswalk_with_wages.parquet"
        ),
    output:
        table=f"{EST}/legacy/oring_models.parquet",
        table_csv=f"{EST}/legacy/oring_models.csv",
        summary=f"{EST}/legacy/model_summary.csv",
        soc=f"{EST}/legacy/oring_soc_level.parquet",
    log:
        f"{LOGS}/estimation/oring.log",
    benchmark:
        f"{BENCH}/estimation/oring.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        source=(
            "seed crosswalk"
            if "crosswalk_with_wages" in SEED_FILES
            else "pipeline legacy crosswalk"
        ),
    message:
        "Reproducing the seed's O-ring usage-wage models"
    script:
        "../scripts/estimation_oring.py"


rule estimation_spec:
    """One specification of the corrected estimation grid (treatment date x outcome x
    weights x design) for one exposure measure: coefficient rows, pre-trend tests and
    covariances, gathered in grid order by estimation_corrected."""
    input:
        panel=f"{PANEL}/harmonised.parquet",
        measure=f"{EXPO}/measures/{{measure}}.parquet",
    output:
        coefs=f"{EST}/corrected/{{measure}}/specs/{{spec}}.coefs.parquet",
        pretrend=f"{EST}/corrected/{{measure}}/specs/{{spec}}.pretrend.parquet",
        vcov=f"{EST}/corrected/{{measure}}/specs/{{spec}}.vcov.parquet",
    log:
        f"{LOGS}/estimation/spec_{{measure}}_{{spec}}.log",
    benchmark:
        f"{BENCH}/estimation/spec_{{measure}}_{{spec}}.tsv"
    wildcard_constraints:
        measure="|".join(re.escape(m) for m in MEASURES) or "(?!)",
        spec="|".join(re.escape(s) for s in SPECS) or "(?!)",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        measure=lambda w: w.measure,
        spec=lambda w: SPECS[w.spec].as_dict(),
    message:
        "Corrected estimation {wildcards.spec} with exposure measure {wildcards.measure}"
    script:
        "../scripts/estimation_spec.py"


rule estimation_corrected:
    input:
        # every specification's parts, in grid order
        unpack(
            lambda w: {
                part: [
                    f"{EST}/corrected/{w.measure}/specs/{s}.{part}.parquet"
                    for s in SPECS
                ]
                for part in ("coefs", "pretrend", "vcov")
            }
        ),
        panel=f"{PANEL}/harmonised.parquet",
        measure=f"{EXPO}/measures/{{measure}}.parquet",
        exposure_oews=EXPO_OUT["oews"],
        task_credits=EXPO_OUT["tasks"],
        crosswalk=XW_OUT["crosswalk"],
        mapping=XW_OUT["mapping"],
        base=XW_OUT["base"],
        job_zones=f"{STAGED}/onet/{ONET_PRIMARY}/job_zones.parquet",
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
        f"{LOGS}/estimation/corrected_{{measure}}.log",
    benchmark:
        f"{BENCH}/estimation/corrected_{{measure}}.tsv"
    wildcard_constraints:
        measure="|".join(re.escape(m) for m in MEASURES) or "(?!)",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=20,
    params:
        measure=lambda w: w.measure,
        task_count_variant=f"binary_{'im' if RATINGS else 'uniform'}",
    message:
        "Corrected estimation with exposure measure {wildcards.measure}"
    script:
        "../scripts/estimation_corrected.py"


rule rambachan_roth:
    input:
        vcov=f"{EST}/corrected/{{measure}}/event_study_vcov.parquet",
    output:
        table=f"{EST}/corrected/{{measure}}/rambachan_roth.csv",
        breakdown=f"{EST}/corrected/{{measure}}/rambachan_roth_breakdown.csv",
        figure=rep(
            f"{RESULTS}/figures/rambachan_roth_{{measure}}.png",
            "rambachan_roth",
            "4. Econometrics",
            "{measure}",
        ),
        figure_pdf=f"{RESULTS}/figures/rambachan_roth_{{measure}}.pdf",
    log:
        f"{LOGS}/estimation/rambachan_roth_{{measure}}.log",
    benchmark:
        f"{BENCH}/estimation/rambachan_roth_{{measure}}.tsv"
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
    message:
        "Rambachan-Roth sensitivity of the event study for {wildcards.measure}"
    script:
        "../scripts/rambachan_roth.py"


rule inference_chunk:
    input:
        panel=f"{PANEL}/harmonised.parquet",
        measure=f"{EXPO}/measures/{{measure}}.parquet",
    output:
        f"{EST}/corrected/{{measure}}/inference/{{method}}_{{chunk}}.parquet",
    log:
        f"{LOGS}/estimation/inference_{{measure}}_{{method}}_{{chunk}}.log",
    benchmark:
        f"{BENCH}/estimation/inference_{{measure}}_{{method}}_{{chunk}}.tsv"
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
        draws=lambda w: EST_CFG[
            "bootstrap" if w.method == "bootstrap" else "randomization"
        ]["draws"],
        chunks=lambda w: CHUNKS[w.method],
        seed=lambda w: EST_CFG[
            "bootstrap" if w.method == "bootstrap" else "randomization"
        ]["seed"],
        weights=EST_CFG["bootstrap"]["weights"],
    message:
        "{wildcards.method} chunk {wildcards.chunk} for {wildcards.measure}"
    script:
        "../scripts/inference_chunk.py"


rule inference_combine:
    input:
        unpack(inference_chunks),
        panel=f"{PANEL}/harmonised.parquet",
        measure=f"{EXPO}/measures/{{measure}}.parquet",
    output:
        f"{EST}/corrected/{{measure}}/inference.csv",
    log:
        f"{LOGS}/estimation/inference_{{measure}}.log",
    benchmark:
        f"{BENCH}/estimation/inference_{{measure}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        date=DATES[PRIMARY_DATE],
        measure=lambda w: w.measure,
    message:
        "Combining inference chunks for {wildcards.measure}"
    script:
        "../scripts/inference_combine.py"


rule estimation_figures:
    input:
        event=f"{EST}/corrected/{{measure}}/event_study.parquet",
    output:
        rep(
            f"{RESULTS}/figures/event_study_{{measure}}.png",
            "event_study",
            "4. Econometrics",
            "{measure}",
        ),
    log:
        f"{LOGS}/estimation/figure_{{measure}}.log",
    benchmark:
        f"{BENCH}/estimation/figure_{{measure}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        measure=lambda w: w.measure,
        primary_date=PRIMARY_DATE,
        primary_date_label={
            "chatgpt": "ChatGPT",
            "gpt4_claude": "GPT-4 and Claude",
        }.get(PRIMARY_DATE, PRIMARY_DATE),
        primary_date_value=DATES[PRIMARY_DATE],
        label=lambda w: measure_label(w.measure),
        note=f"Source: harmonised OEWS panel ({DATASET} data), May {OEWS_YEARS[0]}-{OEWS_YEARS[-1]}; occupation and SOC major group x year fixed effects.",
    message:
        "Plotting the event study for {wildcards.measure}"
    script:
        "../scripts/estimation_figures.py"


rule estimation_tables:
    input:
        event=f"{EST}/corrected/{{measure}}/event_study.parquet",
        pretrend=f"{EST}/corrected/{{measure}}/pretrend_tests.csv",
        sensitivity=f"{EST}/corrected/{{measure}}/rambachan_roth.csv",
        breakdown=f"{EST}/corrected/{{measure}}/rambachan_roth_breakdown.csv",
        inference=f"{EST}/corrected/{{measure}}/inference.csv",
        ppml_steps=f"{EST}/corrected/{{measure}}/ppml_stepwise.parquet",
    output:
        html=rep(
            f"{EST}/corrected/{{measure}}/tables.html",
            "estimation_tables",
            "4. Econometrics",
            "{measure}",
        ),
        md=f"{EST}/corrected/{{measure}}/tables.md",
    log:
        f"{LOGS}/estimation/tables_{{measure}}.log",
    benchmark:
        f"{BENCH}/estimation/tables_{{measure}}.tsv"
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
    message:
        "Regression tables for {wildcards.measure}"
    script:
        "../scripts/estimation_tables.py"


rule seed_panel_tables:
    input:
        f"{EST}/legacy_panel_corrected.parquet",
    output:
        html=rep(
            f"{EST}/seed_panel_tables.html",
            "seed_panel_tables",
            "4. Econometrics",
            "seed DiD panel",
        ),
        md=f"{EST}/seed_panel_tables.md",
    log:
        f"{LOGS}/estimation/seed_panel_tables.log",
    benchmark:
        f"{BENCH}/estimation/seed_panel_tables.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        intro=f"The seed project's DiD panel (May 2022-2024, {DATASET} data), its legacy specification changed one thing at a time.",
    message:
        "Robustness table of the seed DiD panel"
    script:
        "../scripts/seed_panel_tables.py"


rule estimation_headlines:
    input:
        unpack(headline_inputs),
    output:
        f"{EST}/headlines.csv",
    log:
        f"{LOGS}/estimation/headlines.log",
    benchmark:
        f"{BENCH}/estimation/headlines.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        measure=PRIMARY_MEASURE,
    message:
        "Headline comparison rows of the estimation stage"
    script:
        "../scripts/headlines.py"
